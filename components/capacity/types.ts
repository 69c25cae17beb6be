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
  /**
   * The `gpuPools` or `cpuPools` name, else `<gpu>-<n>`, `cpu-<n>`, `<gpu>-spot-<n>` or
   * `cpu-spot-<n>`, and `<spot pool>-fallback` for a fallback pool; stable across plans.
   */
  readonly name: string;
  /** The GPU model of the pool's nodes; `null` for a CPU pool. */
  readonly gpu: GpuModel | null;
  /** The catalogue name of the instance type the pool is planned on. */
  readonly instanceType: string;
  /**
   * Spot pools: every type the node group may launch, `instanceType` first, each with the same
   * GPUs whose allocatable holds every planned node's pods (capacity diversification, where the
   * cloud's node pools take several types). Absent: `instanceType` alone.
   */
  readonly instanceTypes?: readonly string[];
  readonly spot: boolean;
  /** An on-demand pool that takes the workloads of this spot pool when spot capacity is missing. */
  readonly fallbackFor?: string;
  /** 0 for a CPU pool. */
  readonly gpusPerNode: number;
  /** On-demand list price per node and hour, also for a spot pool. */
  readonly pricePerHour: number;
  /** Spot pools: the snapshot spot price per node and hour, when one is known. */
  readonly spotPricePerHour?: number;
  /**
   * Where `pricePerHour` was read when it is not the plan's region: the snapshot has no price for
   * the type there, so the catalogue's price-region price stands in. Absent: the plan's region.
   */
  readonly priceRegion?: string;
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
  /** Spot workloads: the on-demand pool their pods go to when the spot pool cannot grow. */
  readonly fallbackPool?: string;
  /** Pods at base and at peak, a canary's included (`canary` says how many are its). */
  readonly basePods: number;
  readonly peakPods: number;
  /**
   * A service's canary (`expose: gateway`): its pods, same shape, same pool, counted in
   * `basePods` and `peakPods`; the packings number them with the service's (`namespace/name#k`),
   * being the same shape. Absent without a canary.
   */
  readonly canary?: { readonly basePods: number; readonly peakPods: number };
  /** What one pod requests (cores, GiB), so the packings can be checked against `catalog` by hand. */
  readonly perPod?: { readonly gpus: number; readonly cpu: number; readonly memoryGiB: number };
}

export const ADVICE_KINDS = ["low-utilisation", "cheaper-model", "ambiguous-model", "price-region", "system-pool"] as const;
export type AdviceKind = (typeof ADVICE_KINDS)[number];

/** What the plan's user could change to pay less or to mean what they wrote (advice.ts). */
export interface Advice {
  /** The spec path the advice is about: `services[0].gpu.model`, `gpuPools[1]`. */
  readonly path: string;
  readonly kind: AdviceKind;
  readonly message: string;
  /** USD per hour at peak the change would save; null when the advice is not about cost. */
  readonly savingPerHour: number | null;
}

/** A pool whose instance type or spot setting changes against the lock: the node pool is replaced. */
export interface PoolReplacement {
  readonly pool: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/**
 * The system pool as planned (system-pool.ts). `nodes` is the count `cost.fixedPerHour` pays for,
 * its minimum. The sizing fields are absent in locks written before the pool was sized.
 */
export interface SystemPoolPlan {
  readonly instanceType: string;
  readonly nodes: number;
  readonly pricePerHour: number;
  /** Where `pricePerHour` is from when the snapshot has no price in the plan's region. */
  readonly priceRegion?: string;
  readonly minNodes?: number;
  readonly maxNodes?: number;
  /** Nodes the add-ons' requests take, no node holding more than half of one add-on's replicas. */
  readonly nodesNeeded?: number;
  /** What the add-ons on the pool request in all (cores, GiB). */
  readonly requests?: { readonly cpu: number; readonly memoryGiB: number };
  /** What one node leaves to pods after reservations and daemons. */
  readonly allocatablePerNode?: { readonly cpu: number; readonly memoryGiB: number };
  /** The add-ons sized for, by workload name (catalog/system-addons.ts). */
  readonly addons?: readonly string[];
}

/** What `cost.fixedPerHour` is made of: the system pool at its minimum size, and the control plane. */
export interface FixedCost {
  readonly systemPool: SystemPoolPlan;
  readonly controlPlanePerHour: number;
}

export interface CapacityPlan {
  readonly cloud: Cloud;
  readonly region: string;
  readonly catalog: { readonly source: string; readonly date: string; readonly priceRegion: string };
  /**
   * The per-region price snapshot the pools are priced from (catalog/prices): its sources and
   * dates. A pool the snapshot does not price in the plan's region carries its own `priceRegion`.
   */
  readonly prices?: { readonly source: string; readonly asOf: string; readonly spotAsOf: string | null };
  readonly pools: readonly PlanPool[];
  readonly workloads: readonly PlanWorkload[];
  /**
   * USD per hour. `basePerHour` and `peakPerHour` sum every worker pool, GPU and CPU, as the
   * worst case: fallback pools carry the spot workloads and spot pools count zero.
   * `spotBasePerHour` and `spotPeakPerHour` are the same with spot capacity available at the
   * snapshot prices (fallback pools count zero); present when the plan has spot pools.
   */
  readonly cost: {
    readonly basePerHour: number;
    readonly peakPerHour: number;
    readonly fixedPerHour: number;
    readonly spotBasePerHour?: number;
    readonly spotPeakPerHour?: number;
  };
  /** The parts of `cost.fixedPerHour`. */
  readonly fixed?: FixedCost;
  /** GPUs requested at peak over GPUs provisioned at peak (1 when there are none). */
  readonly gpuUtilisationAtPeak: number;
  /** Pools whose instance type differs from the previous plan; empty without one. */
  readonly replacements?: readonly PoolReplacement[];
  /** What the user could change to pay less or to mean what they wrote (advice.ts). Not in the lock. */
  readonly advice?: readonly Advice[];
}
