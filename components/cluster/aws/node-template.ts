/**
 * Pure pieces of the node pools: EKS's spelling of taints, the labels a worker pool's nodes carry,
 * and the cluster-autoscaler node-template tags that let an empty pool scale up from zero.
 */
import type { PlanPool } from "../../capacity/types";
import { GPU_TAINT, poolLabels } from "../common";
import { NodeTaint, TaintEffect } from "../contract";
import { AWS_ACCELERATOR_LABEL, AWS_ACCELERATOR_VALUES } from "./tables";

/** EKS API `Taint.effect` per Kubernetes effect (EKS API reference, "Taint"). */
export const EKS_TAINT_EFFECTS: { readonly [e in TaintEffect]: string } = Object.freeze({
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
});

export interface EksTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

export function eksTaint(taint: NodeTaint): EksTaint {
  return { key: taint.key, ...(taint.value !== undefined ? { value: taint.value } : {}), effect: EKS_TAINT_EFFECTS[taint.effect] };
}

/** The taints of a GPU pool's nodes. EKS adds none of its own, Spot nodes included. */
export const GPU_POOL_TAINTS: readonly NodeTaint[] = Object.freeze([GPU_TAINT]);

/**
 * The taints of a pool's nodes: the GPU taint on GPU pools, none on CPU pools, so that CPU pods
 * need no toleration and GPU pods, which select their own pool, never land on a CPU node anyway.
 */
export function poolTaints(pool: PlanPool): readonly NodeTaint[] {
  return pool.gpu === null ? [] : GPU_POOL_TAINTS;
}

/** Labels set on a node group: the package's pool labels, and CA's accelerator label on GPU pools. */
export function nodeGroupLabels(pool: PlanPool): Record<string, string> {
  return pool.gpu === null ? poolLabels(pool) : { ...poolLabels(pool), [AWS_ACCELERATOR_LABEL]: AWS_ACCELERATOR_VALUES[pool.gpu] };
}

/** The instance types a pool's node group may launch, the planned one first. */
export function poolInstanceTypes(pool: PlanPool): readonly string[] {
  return pool.instanceTypes ?? [pool.instanceType];
}

/** Labels EKS and the kubelet add to every managed node whose values are known in advance. */
export const EKS_CAPACITY_TYPE_LABEL = "eks.amazonaws.com/capacityType";
export const INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";

export function capacityType(spot: boolean): "SPOT" | "ON_DEMAND" {
  return spot ? "SPOT" : "ON_DEMAND";
}

/**
 * Every label a pool's nodes carry whose value is known in advance, in Kubernetes terms (what the
 * placements list). EKS sets `eks.amazonaws.com/capacityType` to `SPOT` or `ON_DEMAND` on every
 * managed node (EKS User Guide, "Managed node groups", capacity types, read 2026-12). A pool of
 * several instance types has no single instance-type label, so it is left out there.
 */
export function nodeLabels(pool: PlanPool): Record<string, string> {
  const types = poolInstanceTypes(pool);
  return {
    ...nodeGroupLabels(pool),
    [EKS_CAPACITY_TYPE_LABEL]: capacityType(pool.spot),
    ...(types.length === 1 ? { [INSTANCE_TYPE_LABEL]: types[0] } : {}),
  };
}

export const NODE_TEMPLATE_PREFIX = "k8s.io/cluster-autoscaler/node-template";

/**
 * The share of the root volume CA may promise pods as ephemeral storage on a node it has not seen:
 * images live on the same volume and the kubelet evicts at 10% free (its default `nodefs.available`),
 * so 80% is the honest upper bound.
 */
export const EPHEMERAL_STORAGE_SHARE = 0.8;

export interface NodeTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  /** 0 on a CPU pool: no GPU resource tag at all. */
  readonly gpusPerNode: number;
  readonly rootVolumeGiB: number;
}

/**
 * ASG tags describing the nodes a group will launch, read by CA when the group is at zero and it has
 * no node to copy (kubernetes/autoscaler `cluster-autoscaler/cloudprovider/aws/README.md`,
 * "Auto-Discovery Setup", at 55c37cd5, read 2026-12). Formats: `label/<key>` = value,
 * `taint/<key>` = `<value>:<effect>` with the Kubernetes effect (`NoSchedule`), and
 * `resources/<name>` = a quantity. Without the label tags a GPU pod's node selector matches no
 * empty group; without the taint tag CA would count on placing pods that do not tolerate it there.
 * CA takes CPU, memory and the GPU count from the instance type (`buildNodeFromTemplate` in
 * `aws_manager.go`, same commit); `resources/nvidia.com/gpu` restates that count, and a tag wins
 * over the instance type, so the template always says what the device plugin advertises.
 * `resources/ephemeral-storage` is what CA cannot derive: without it, a pod that requests
 * ephemeral storage never scales a group up from zero. A CPU pool gets no GPU tag: CA takes the
 * type's (zero) GPUs itself.
 */
export function nodeTemplateTags(template: NodeTemplate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(template.labels)) out[`${NODE_TEMPLATE_PREFIX}/label/${key}`] = value;
  for (const t of template.taints) out[`${NODE_TEMPLATE_PREFIX}/taint/${t.key}`] = `${t.value ?? ""}:${t.effect}`;
  if (template.gpusPerNode > 0) out[`${NODE_TEMPLATE_PREFIX}/resources/nvidia.com/gpu`] = String(template.gpusPerNode);
  out[`${NODE_TEMPLATE_PREFIX}/resources/ephemeral-storage`] = `${Math.floor(template.rootVolumeGiB * EPHEMERAL_STORAGE_SHARE)}Gi`;
  return out;
}
