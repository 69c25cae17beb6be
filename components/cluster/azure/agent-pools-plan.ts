/**
 * The AKS agent pools of a capacity plan, as plain data: each pool's short AKS name, the inputs
 * that fix its VMs (those Azure cannot change in place), its node labels and taints. Pure, so
 * validation can check names before any resource exists and tests can call it directly.
 */
import { findInstanceType } from "../../catalog";
import type { PlanPool } from "../../capacity/types";
import { GPU_TAINT, poolLabels } from "../common";
import type { NodeTaint } from "../contract";
import type { ResolvedAksOptions } from "./args";
import { AKS_LABELS, AKS_MAX_PODS, AKS_SPOT_TAINT, aksTaint } from "./tables";

/**
 * The inputs of a GPU AgentPool that Azure only sets at creation: a change replaces the pool
 * (components/cluster/azure/force-new.ts). The pool's AKS name is derived from them, so a
 * replacement gets a new name and Pulumi's create-before-delete can run both pools side by side.
 */
export interface GpuPoolShape {
  readonly vmSize: string;
  readonly osType: "Linux";
  /** Ubuntu: the OS with the widest AKS GPU driver support across N-series sizes. */
  readonly osSKU: "Ubuntu";
  /**
   * Managed, not Ephemeral: an ephemeral OS disk must fit the size's cache or temp disk, which
   * varies per N-series size; a managed disk of the planned size always fits.
   */
  readonly osDiskType: "Managed";
  readonly osDiskSizeGB: number;
  readonly kubeletDiskType: "OS";
  readonly enableEncryptionAtHost: boolean;
  readonly enableNodePublicIP: false;
  readonly enableFIPS: false;
  readonly maxPods: number;
  readonly scaleSetPriority: "Regular" | "Spot";
  readonly scaleSetEvictionPolicy?: "Delete";
  /** -1: pay up to the on-demand price, so Spot nodes are evicted for capacity only, never for price. */
  readonly spotMaxPrice?: number;
  readonly availabilityZones?: readonly string[];
  /** AKS installs the NVIDIA driver on the node image (GPUProfile.driver, API 2025-09-01). */
  readonly gpuProfile: { readonly driver: "Install" };
}

export interface PlannedAgentPool {
  readonly pool: PlanPool;
  /** The AKS agent pool name: at most 12 lower-case letters and digits, starting with a letter. */
  readonly name: string;
  readonly shape: GpuPoolShape;
  /** `nodeLabels`: the package's labels (AKS refuses labels under kubernetes.azure.com). */
  readonly nodeLabels: Readonly<Record<string, string>>;
  /** `nodeTaints` in AKS's `key=value:Effect` form: only the taints AKS does not add itself. */
  readonly nodeTaints: readonly string[];
  /** Every label the nodes carry that a pod can select on, AKS's own included. */
  readonly labels: Readonly<Record<string, string>>;
  /** Every taint the nodes carry, AKS's Spot taint included. */
  readonly taints: readonly NodeTaint[];
}

/** AKS agent pool names: `^[a-z][a-z0-9]{0,11}$` (Linux; learn.microsoft.com/azure/aks/create-node-pools). */
export const AGENT_POOL_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;
const NAME_BASE_LENGTH = 8;
const NAME_SUFFIX_LENGTH = 4;

/** The readable part of an agent pool name: the pool name's letters and digits, starting with a letter. */
export function agentPoolBase(poolName: string): string {
  const alnum = poolName.toLowerCase().replace(/[^a-z0-9]/g, "");
  const lettered = /^[a-z]/.test(alnum) ? alnum : `p${alnum}`;
  return lettered.slice(0, NAME_BASE_LENGTH);
}

/** The agent pool name: readable base plus four hex characters of the pool name and shape. */
export function agentPoolName(poolName: string, shape: GpuPoolShape): string {
  return `${agentPoolBase(poolName)}${fnv1aHex(canonicalJson([poolName, shape])).slice(0, NAME_SUFFIX_LENGTH)}`;
}

/** The creation-time inputs of one planned pool. */
export function gpuPoolShape(pool: PlanPool, options: ResolvedAksOptions): GpuPoolShape {
  const instance = findInstanceType("azure", pool.instanceType);
  const zones = options.poolZones[pool.name];
  return {
    vmSize: instance?.machineType ?? pool.instanceType,
    osType: "Linux",
    osSKU: "Ubuntu",
    osDiskType: "Managed",
    osDiskSizeGB: options.gpuOsDiskSizeGB,
    kubeletDiskType: "OS",
    enableEncryptionAtHost: options.encryptionAtHost,
    enableNodePublicIP: false,
    enableFIPS: false,
    maxPods: AKS_MAX_PODS,
    scaleSetPriority: pool.spot ? "Spot" : "Regular",
    ...(pool.spot ? { scaleSetEvictionPolicy: "Delete" as const, spotMaxPrice: -1 } : {}),
    ...(zones && zones.length > 0 ? { availabilityZones: [...zones].sort() } : {}),
    gpuProfile: { driver: "Install" },
  };
}

/** Every planned GPU pool as an AKS agent pool. */
export function planAgentPools(pools: readonly PlanPool[], options: ResolvedAksOptions): PlannedAgentPool[] {
  return pools.map((pool) => {
    const shape = gpuPoolShape(pool, options);
    const name = agentPoolName(pool.name, shape);
    const nodeLabels = poolLabels(pool);
    const aksLabels: Record<string, string> = {
      agentpool: name,
      [AKS_LABELS.agentPool]: name,
      [AKS_LABELS.mode]: "user",
      [AKS_LABELS.accelerator]: "nvidia",
      ...(pool.spot ? { [AKS_LABELS.scaleSetPriority]: "spot" } : {}),
    };
    const taints: NodeTaint[] = pool.spot ? [GPU_TAINT, AKS_SPOT_TAINT] : [GPU_TAINT];
    return {
      pool,
      name,
      shape,
      nodeLabels,
      nodeTaints: [aksTaint(GPU_TAINT)],
      labels: { ...nodeLabels, ...aksLabels },
      taints,
    };
  });
}

/** JSON with object keys sorted, so the same shape always hashes the same. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** 32-bit FNV-1a as 8 hex characters: stable across runs and Node versions. */
export function fnv1aHex(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
