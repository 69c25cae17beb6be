/**
 * The shapes of the catalogue: facts about GPUs and the machines that carry them.
 * Pure data with types; nothing here knows about Pulumi.
 */

export const CLOUDS = ["aws", "gcp", "azure"] as const;
export type Cloud = (typeof CLOUDS)[number];

/** Canonical GPU model names: lower-case, one per model, the same on every cloud. */
export const GPU_MODELS = [
  "t4",
  "v100",
  "a10g",
  "a10",
  "l4",
  "l40s",
  "a100-40gb",
  "a100-80gb",
  "h100",
  "h100-nvl",
  "h200",
  "b200",
] as const;
export type GpuModel = (typeof GPU_MODELS)[number];

export interface GpuFacts {
  /** Canonical name (the key of the table). */
  readonly name: GpuModel;
  /** What NVIDIA calls it, for people. */
  readonly displayName: string;
  /** Other spellings accepted on input (lower-case). */
  readonly aliases: readonly string[];
  /** Nominal memory of one GPU, the figure `gpu.minMemoryGiB` compares with. */
  readonly memoryGiB: number;
  /** Supports NVIDIA Multi-Instance GPU. */
  readonly mig: boolean;
}

/** One GPU machine shape a node pool can use. */
export interface InstanceType {
  /**
   * The catalogue's name for the shape, unique per cloud. Equal to the cloud's own
   * instance type / machine type / VM size, except GCP N1 shapes with attached GPUs,
   * which are named `<machineType>+<count>x<gpu>` (e.g. `n1-standard-8+1xt4`).
   */
  readonly name: string;
  readonly cloud: Cloud;
  /** The cloud's own machine type (instance type, machine type or VM size). */
  readonly machineType: string;
  readonly gpu: GpuModel;
  readonly gpus: number;
  /** Memory of one GPU as the cloud reports it. */
  readonly gpuMemoryGiB: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** On-demand USD per hour in `priceRegion`; `null` when no public source gave it. */
  readonly pricePerHour: number | null;
  readonly priceRegion: string;
  /** Regions where the shape is offered. */
  readonly regions: readonly string[];
  /** GKE: the accelerator type string (`nvidia-l4`); absent elsewhere. */
  readonly acceleratorType?: string;
  /**
   * Sold only as Spot (or Flex-start) VMs, never as on-demand: the planner puts such a type only
   * in a spot pool. Absent: on-demand and spot alike.
   */
  readonly spotOnly?: boolean;
  /**
   * AWS only: what Karpenter's generated instance-type table says a node offers pods (AL2023,
   * default max pods, 7.5 % VM memory overhead), before any daemon. A published cross-check for
   * the planner's own allocatable formula, not a replacement for it.
   */
  readonly karpenterAllocatable?: { readonly cpuMillis: number; readonly memoryMiB: number };
}

/** What a CPU family is tuned for: balanced, more vCPUs per GiB, or more GiB per vCPU. */
export const CPU_FAMILY_KINDS = ["general", "compute", "memory"] as const;
export type CpuFamilyKind = (typeof CPU_FAMILY_KINDS)[number];

/** One CPU machine shape a worker node pool can use for workloads without GPUs. */
export interface CpuInstanceType {
  /** The cloud's own instance type / machine type / VM size. */
  readonly name: string;
  readonly cloud: Cloud;
  /** The family's tuning: general purpose, compute-optimised or memory-optimised. */
  readonly kind: CpuFamilyKind;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** On-demand USD per hour in `priceRegion`. */
  readonly pricePerHour: number;
  readonly priceRegion: string;
  /** Regions where the shape is offered. */
  readonly regions: readonly string[];
  /**
   * AWS only: Karpenter's published allocatable for the size (see InstanceType), a cross-check
   * for the planner's own formula.
   */
  readonly karpenterAllocatable?: { readonly cpuMillis: number; readonly memoryMiB: number };
}

/**
 * A shape a worker node pool can use, as the planner sees it: a GPU shape (InstanceType), or a
 * CPU shape with `gpu: null`, no GPUs and its family kind. `catalog CLOUD --json` lists these.
 */
export interface WorkerType extends Omit<InstanceType, "gpu"> {
  /** The GPU model; `null` for a CPU shape. */
  readonly gpu: GpuModel | null;
  /** CPU shapes: what the family is tuned for. */
  readonly kind?: CpuFamilyKind;
}

/** A CPU machine for the system pool. */
export interface SystemInstanceType {
  readonly name: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly pricePerHour: number;
  readonly priceRegion: string;
}

/** Fixed per-cloud facts: control-plane price and the default system pool. */
export interface CloudFacts {
  readonly cloud: Cloud;
  /**
   * Most instance types one spot node pool lists (capacity diversification): 1 where a node pool
   * has a single machine type.
   */
  readonly spotTypesPerPool: number;
  /** USD per hour for the managed control plane (standard support tier). */
  readonly controlPlanePricePerHour: number;
  readonly defaultSystemInstanceType: string;
  readonly systemInstanceTypes: readonly SystemInstanceType[];
  /** The region prices in this catalogue are quoted for. */
  readonly priceRegion: string;
  /** Where the catalogue's numbers come from, and when they were read. */
  readonly source: string;
  readonly date: string;
}

/**
 * A daemon that runs on every node (or every GPU node): what it requests there.
 * The planner subtracts these from allocatable; the components set exactly these requests.
 */
export interface DaemonRequest {
  readonly name: string;
  /** Runs on GPU nodes only (device plugin, DCGM exporter) or on every node. */
  readonly gpuNodesOnly: boolean;
  /** Clouds where it runs; all when absent. */
  readonly clouds?: readonly Cloud[];
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** What a pod can request on a node of a type, after reservations and daemons. */
export interface Allocatable {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly gpus: number;
}
