/**
 * The capacity plan: which node pools the GPU workloads need, how many nodes at base and at
 * peak, and what that costs. The JSON shape is a contract (shared/DESIGN.md, "Capacity semantics").
 */
import type { Cloud, GpuModel } from "../catalog/types";

/** One node of a packing: the pods placed on it, as `namespace/workload#index`. */
export interface PackedNode {
  readonly pods: readonly string[];
}

export interface Packing {
  readonly nodes: readonly PackedNode[];
}

export interface PlanPool {
  /** The `gpuPools` name, else `<gpu>-<n>`; stable across plans. */
  readonly name: string;
  readonly gpu: GpuModel;
  /** The catalogue name of the one instance type the pool uses. */
  readonly instanceType: string;
  readonly spot: boolean;
  readonly gpusPerNode: number;
  readonly pricePerHour: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly base: Packing;
  readonly peak: Packing;
}

export interface PlanWorkload {
  /** `namespace/name`. */
  readonly name: string;
  readonly kind: "service" | "trainingJob";
  readonly pool: string;
  readonly basePods: number;
  readonly peakPods: number;
  /** What one pod requests (cores, GiB), so the packings can be checked against `catalog` by hand. */
  readonly perPod?: { readonly gpus: number; readonly cpu: number; readonly memoryGiB: number };
}

/** A pool whose instance type or spot setting changes against the lock: the node pool is replaced. */
export interface PoolReplacement {
  readonly pool: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** What `cost.fixedPerHour` is made of: the system pool at its minimum size, and the control plane. */
export interface FixedCost {
  readonly systemPool: { readonly instanceType: string; readonly nodes: number; readonly pricePerHour: number };
  readonly controlPlanePerHour: number;
}

export interface CapacityPlan {
  readonly cloud: Cloud;
  readonly region: string;
  readonly catalog: { readonly source: string; readonly date: string; readonly priceRegion: string };
  readonly pools: readonly PlanPool[];
  readonly workloads: readonly PlanWorkload[];
  readonly cost: { readonly basePerHour: number; readonly peakPerHour: number; readonly fixedPerHour: number };
  /** The parts of `cost.fixedPerHour`. */
  readonly fixed?: FixedCost;
  /** GPUs requested at peak over GPUs provisioned at peak (1 when there are none). */
  readonly gpuUtilisationAtPeak: number;
  /** Pools whose instance type differs from the previous plan; empty without one. */
  readonly replacements?: readonly PoolReplacement[];
}
