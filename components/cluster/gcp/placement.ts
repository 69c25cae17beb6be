/**
 * How pods land on the GKE cluster's pools: every label and taint the nodes carry, in Kubernetes
 * spelling, GKE's own included. Pure; the node pools and the ClusterContract both read it.
 */
import type { InstanceType } from "../../catalog/types";
import type { PlanPool } from "../../capacity/types";
import { NodeTaint, POOL_LABEL, PoolPlacement, SystemPlacement } from "../contract";
import { GPU_TAINT, placement, poolLabels } from "../common";
import { GKE_ACCELERATOR_LABEL, GKE_SPOT_LABEL, GKE_TAINT_EFFECT } from "./gke-facts";
import { SYSTEM_POOL_NAME } from "./validate";

/** Labels the package sets on a GPU pool's nodes (GKE's own are added by GKE and not settable). */
export function gpuNodeLabels(pool: PlanPool): Record<string, string> {
  return poolLabels(pool);
}

/**
 * Taints the package sets on a GPU pool's nodes. GKE adds this same taint itself to GPU pools of a
 * cluster that also has CPU pools (reliability.md §4.4); setting it too keeps the guarantee if GKE
 * ever stops, and the node carries it once.
 */
export function gpuNodeTaints(): NodeTaint[] {
  return [GPU_TAINT];
}

/** A taint in the GKE API's spelling (`nodeConfig.taints[]`). */
export function gkeTaint(t: NodeTaint): { key: string; value: string; effect: string } {
  return { key: t.key, value: t.value ?? "", effect: GKE_TAINT_EFFECT[t.effect] };
}

/**
 * Everything a GPU pool's nodes carry: our labels, GKE's accelerator label (GKE sets it on every
 * GPU node) and, for Spot pools, GKE's Spot label. GKE adds no taint to Spot nodes by default.
 * GKE's `cloud.google.com/gke-nodepool` label is left out: it holds the generated pool name.
 */
export function gkePoolPlacement(pool: PlanPool, type: InstanceType): PoolPlacement {
  const labels: Record<string, string> = { ...gpuNodeLabels(pool), [GKE_ACCELERATOR_LABEL]: type.acceleratorType ?? "" };
  if (pool.spot) labels[GKE_SPOT_LABEL] = "true";
  return placement(pool, labels, gpuNodeTaints());
}

/** Labels of the system pool's nodes: the pool label with the value "system". */
export function systemNodeLabels(): Record<string, string> {
  return { [POOL_LABEL]: SYSTEM_POOL_NAME };
}

/** Add-ons select the system pool by its label; it has no taint, so they need no toleration. */
export function gkeSystemPlacement(): SystemPlacement {
  return { nodeSelector: systemNodeLabels(), tolerations: [] };
}
