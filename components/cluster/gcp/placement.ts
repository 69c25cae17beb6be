/**
 * How pods land on the GKE cluster's pools: every label and taint the nodes carry, in Kubernetes
 * spelling, GKE's own included, and the compute class that joins a spot pool to its on-demand
 * fallback. Pure; the node pools, the compute classes and the ClusterContract all read it.
 */
import type { InstanceType } from "../../catalog/types";
import type { PlanPool } from "../../capacity/types";
import {
  ClusterContract,
  CpuPoolPlacement,
  NodeTaint,
  POOL_LABEL,
  PoolPlacement,
  SystemPlacement,
  WorkloadPlacement,
  anyPoolPlacement,
  defaultPlacementFor,
  tolerationsFor,
} from "../contract";
import { GPU_TAINT, cpuPlacement, placement, poolLabels } from "../common";
import { GKE_ACCELERATOR_LABEL, GKE_COMPUTE_CLASS_LABEL, GKE_SPOT_LABEL, GKE_TAINT_EFFECT } from "./gke-facts";
import { SYSTEM_POOL_NAME } from "./validate-pools";

/** A spot pool, its on-demand fallback, and the compute class that prefers the first. */
export interface SpotPair {
  readonly spot: string;
  readonly fallback: string;
  /** The ComputeClass name: the spot pool's name (validation keeps it clear of GKE's reserved prefixes). */
  readonly computeClass: string;
}

/** Every spot pool of the plan that has a fallback pool, in plan order. */
export function spotPairs(pools: readonly PlanPool[]): SpotPair[] {
  return pools.flatMap((p) => {
    if (p.fallbackFor === undefined) return [];
    const spot = pools.find((s) => s.name === p.fallbackFor && s.spot);
    return spot === undefined ? [] : [{ spot: spot.name, fallback: p.name, computeClass: spot.name }];
  });
}

/** The compute class a pool belongs to, when it is one half of a spot pair. */
export function computeClassOf(pool: PlanPool, pairs: readonly SpotPair[]): string | undefined {
  return pairs.find((p) => p.spot === pool.name || p.fallback === pool.name)?.computeClass;
}

/**
 * Labels the package sets on a worker pool's nodes (GKE's own are added by GKE and not
 * settable): the package's, plus the compute class label of a spot pair's pools, which GKE
 * requires on a manually created pool a compute class names.
 */
export function workerNodeLabels(pool: PlanPool, computeClass?: string): Record<string, string> {
  return computeClass === undefined ? poolLabels(pool) : { ...poolLabels(pool), [GKE_COMPUTE_CLASS_LABEL]: computeClass };
}

/**
 * Taints the package sets on a worker pool's nodes. GPU pools: the GPU taint, which GKE adds
 * itself to GPU pools of a cluster that also has CPU pools (reliability.md §4.4); setting it too
 * keeps the guarantee if GKE ever stops, and the node carries it once. CPU pools: none, so that
 * nothing but their selector keeps other pods off. A spot pair's pools: the compute class taint,
 * required with its label (gke-facts.ts), which also keeps every pod that did not ask for the
 * class off them.
 */
export function workerNodeTaints(pool: PlanPool, computeClass?: string): NodeTaint[] {
  const taints: NodeTaint[] = pool.gpu === null ? [] : [GPU_TAINT];
  if (computeClass !== undefined) taints.push({ key: GKE_COMPUTE_CLASS_LABEL, value: computeClass, effect: "NoSchedule" });
  return taints;
}

/** A taint in the GKE API's spelling (`nodeConfig.taints[]`). */
export function gkeTaint(t: NodeTaint): { key: string; value: string; effect: string } {
  return { key: t.key, value: t.value ?? "", effect: GKE_TAINT_EFFECT[t.effect] };
}

/**
 * Labels GKE adds itself that a pod may rely on: the Spot label on Spot nodes (GKE adds no taint
 * to them by default). GKE's `cloud.google.com/gke-nodepool` label is left out: it holds the
 * generated pool name.
 */
function gkeOwnLabels(pool: PlanPool): Record<string, string> {
  return pool.spot ? { [GKE_SPOT_LABEL]: "true" } : {};
}

/** Everything a GPU pool's nodes carry, GKE's accelerator label (set on every GPU node) among them. */
export function gkePoolPlacement(pool: PlanPool, type: InstanceType, computeClass?: string): PoolPlacement {
  const labels = { ...workerNodeLabels(pool, computeClass), [GKE_ACCELERATOR_LABEL]: type.acceleratorType ?? "", ...gkeOwnLabels(pool) };
  return placement(pool, labels, workerNodeTaints(pool, computeClass));
}

/** Everything a CPU pool's nodes carry. */
export function gkeCpuPoolPlacement(pool: PlanPool, computeClass?: string): CpuPoolPlacement {
  return cpuPlacement(pool, { ...workerNodeLabels(pool, computeClass), ...gkeOwnLabels(pool) }, workerNodeTaints(pool, computeClass));
}

/**
 * Where pods land that may run on a spot pool and its fallback: the compute class's node selector,
 * so that GKE's autoscaler scales the spot pool first and the fallback only when it cannot, and
 * tolerations of every taint of both pools (the class taint among them). The pool label must not
 * be selected too: both pools carry the class label and nothing else does. Any other set of pools
 * takes the contract's default placement.
 */
export function gkePlacementFor(contract: ClusterContract, pairs: readonly SpotPair[], pools: readonly string[]): WorkloadPlacement {
  const wanted = new Set(pools);
  const pair = pairs.find((p) => wanted.size === 2 && wanted.has(p.spot) && wanted.has(p.fallback));
  if (pair === undefined) return defaultPlacementFor(contract, pools);
  const taints = pools.flatMap((name) => anyPoolPlacement(contract, name)?.taints ?? []);
  return { nodeSelector: { [GKE_COMPUTE_CLASS_LABEL]: pair.computeClass }, tolerations: tolerationsFor(taints) };
}

/** Labels of the system pool's nodes: the pool label with the value "system". */
export function systemNodeLabels(): Record<string, string> {
  return { [POOL_LABEL]: SYSTEM_POOL_NAME };
}

/** Add-ons select the system pool by its label; it has no taint, so they need no toleration. */
export function gkeSystemPlacement(): SystemPlacement {
  return { nodeSelector: systemNodeLabels(), tolerations: [] };
}
