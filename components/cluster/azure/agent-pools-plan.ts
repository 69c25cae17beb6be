/**
 * The AKS agent pools of a capacity plan, as plain data: each pool's short AKS name, the inputs
 * that fix its VMs (those Azure cannot change in place), its node labels and taints. GPU and CPU
 * pools alike, spot or not. Pure, so validation can check names before any resource exists and
 * tests can call it directly.
 */
import { findWorkerType } from "../../catalog";
import type { PlanPool } from "../../capacity/types";
import { GPU_TAINT, poolLabels } from "../common";
import type { NodeTaint } from "../contract";
import type { ResolvedAksOptions } from "./args";
import { AKS_LABELS, AKS_MAX_PODS, AKS_SPOT_TAINT, aksTaint } from "./tables";

/**
 * The inputs of an AgentPool that Azure only sets at creation: a change replaces the pool
 * (components/cluster/azure/force-new.ts). The pool's AKS name is derived from them, so a
 * replacement gets a new name and Pulumi's create-before-delete can run both pools side by side.
 * A GPU pool's shape keeps exactly the fields it had before CPU pools existed, so its name, and
 * the pool, stay as they are.
 */
export interface AgentPoolShape {
  readonly vmSize: string;
  readonly osType: "Linux";
  /**
   * GPU pools: Ubuntu, the OS with the widest AKS GPU driver support across N-series sizes.
   * CPU pools: Azure Linux, the smaller Microsoft-maintained image the system pool runs too.
   */
  readonly osSKU: "Ubuntu" | "AzureLinux";
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
  /**
   * GPU pools only: AKS installs the NVIDIA driver on the node image (GPUProfile.driver, API
   * 2025-09-01). A CPU pool has no GPU profile at all.
   */
  readonly gpuProfile?: { readonly driver: "Install" };
}

/** @deprecated the shape covers CPU pools too: use AgentPoolShape. */
export type GpuPoolShape = AgentPoolShape;

export interface PlannedAgentPool {
  readonly pool: PlanPool;
  /** The AKS agent pool name: at most 12 lower-case letters and digits, starting with a letter. */
  readonly name: string;
  readonly shape: AgentPoolShape;
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
export function agentPoolName(poolName: string, shape: AgentPoolShape): string {
  return `${agentPoolBase(poolName)}${fnv1aHex(canonicalJson([poolName, shape])).slice(0, NAME_SUFFIX_LENGTH)}`;
}

/**
 * CPU node OS disk, GB: AKS's own default for VMs with 8+ vCPUs (learn.microsoft.com/azure/aks/
 * concepts-storage), as on the system pool. CPU workloads pull images but no model weights.
 */
export const CPU_OS_DISK_GB = 128;

/** The creation-time inputs of one planned pool, GPU or CPU. */
export function agentPoolShape(pool: PlanPool, options: ResolvedAksOptions): AgentPoolShape {
  const type = findWorkerType("azure", pool.instanceType);
  const zones = options.poolZones[pool.name];
  const gpu = pool.gpu !== null;
  return {
    vmSize: type?.machineType ?? pool.instanceType,
    osType: "Linux",
    osSKU: gpu ? "Ubuntu" : "AzureLinux",
    osDiskType: "Managed",
    osDiskSizeGB: gpu ? options.gpuOsDiskSizeGB : CPU_OS_DISK_GB,
    kubeletDiskType: "OS",
    enableEncryptionAtHost: options.encryptionAtHost,
    enableNodePublicIP: false,
    enableFIPS: false,
    maxPods: AKS_MAX_PODS,
    scaleSetPriority: pool.spot ? "Spot" : "Regular",
    ...(pool.spot ? { scaleSetEvictionPolicy: "Delete" as const, spotMaxPrice: -1 } : {}),
    ...(zones && zones.length > 0 ? { availabilityZones: [...zones].sort() } : {}),
    ...(gpu ? { gpuProfile: { driver: "Install" as const } } : {}),
  };
}

/**
 * Every planned pool as an AKS agent pool. GPU pools carry the GPU taint and AKS's accelerator
 * label; CPU pools neither (no taint of ours: any pod that selects their pool label may land). Spot
 * pools of either kind carry the label and taint AKS puts on every Spot node itself.
 */
export function planAgentPools(pools: readonly PlanPool[], options: ResolvedAksOptions): PlannedAgentPool[] {
  return pools.map((pool) => {
    const shape = agentPoolShape(pool, options);
    const name = agentPoolName(pool.name, shape);
    const gpu = pool.gpu !== null;
    const nodeLabels = poolLabels(pool);
    const aksLabels: Record<string, string> = {
      agentpool: name,
      [AKS_LABELS.agentPool]: name,
      [AKS_LABELS.mode]: "user",
      ...(gpu ? { [AKS_LABELS.accelerator]: "nvidia" } : {}),
      ...(pool.spot ? { [AKS_LABELS.scaleSetPriority]: "spot" } : {}),
    };
    const ours: NodeTaint[] = gpu ? [GPU_TAINT] : [];
    return {
      pool,
      name,
      shape,
      nodeLabels,
      nodeTaints: ours.map(aksTaint),
      labels: { ...nodeLabels, ...aksLabels },
      taints: pool.spot ? [...ours, AKS_SPOT_TAINT] : ours,
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
