/**
 * Demand: the pods a spec asks for, at base (every service at `replicas.min`) and at peak (every
 * service at `replicas.max` plus every training job's workers, all at once). Workloads without a
 * GPU are planned too, onto CPU pools: never onto the system pool, which runs the platform itself.
 *
 * A service's canary (`expose: gateway`) is a second Deployment of the same pods on the same pool,
 * so its pods join the service's: at base the canary's `replicas.min`, at peak its `replicas.max`.
 * One workload, not a second one, because the canary must land on the service's pool (and its
 * fallback), which a workload of its own would not promise; and a `<name>-canary` key could be a
 * real service's name.
 */
import type { GpuModel } from "../catalog/types";
import { GPUS } from "../catalog/gpus";
import type { ValidSpec, ValidWorkload } from "../spec/types";
import type { Resources } from "./packing";

const MIB = 1024 * 1024;

export interface WorkloadDemand {
  /** `namespace/name`. */
  readonly key: string;
  readonly name: string;
  /** Path in the spec, for errors: `services[2]`. */
  readonly path: string;
  readonly kind: "service" | "trainingJob";
  /** No GPU: the workload goes to a CPU pool. */
  readonly cpuOnly: boolean;
  /** Planned onto a spot pool, with an on-demand fallback pool. */
  readonly spot: boolean;
  /** The model asked for; absent when the planner chooses by `minMemoryGiB`, or for a CPU workload. */
  readonly model?: GpuModel;
  readonly minMemoryGiB?: number;
  /** Requests of one pod: GPUs, millicores, MiB (memory rounded up to the MiB). */
  readonly pod: Resources;
  /** The requests as written, for messages. */
  readonly cpuText: string;
  readonly memoryText: string;
  /** Pods at base and at peak, the canary's included. */
  readonly basePods: number;
  readonly peakPods: number;
  /** Of `basePods` and `peakPods`, the canary's; absent without a canary. */
  readonly canary?: { readonly basePods: number; readonly peakPods: number };
}

/** Every workload in spec order: services, then training jobs. */
export function workloadDemands(spec: ValidSpec): WorkloadDemand[] {
  return [...spec.services, ...spec.trainingJobs].map(demandOf);
}

function demandOf(w: ValidWorkload): WorkloadDemand {
  const canary = w.kind === "service" ? w.route?.canary?.replicas : undefined;
  const pods =
    w.kind === "trainingJob"
      ? { basePods: 0, peakPods: w.workers }
      : canary === undefined
        ? { basePods: w.replicas.min, peakPods: w.replicas.max }
        : { basePods: w.replicas.min + canary.min, peakPods: w.replicas.max + canary.max, canary: { basePods: canary.min, peakPods: canary.max } };
  return {
    key: w.key,
    name: w.name,
    path: w.path,
    kind: w.kind,
    cpuOnly: w.gpu === undefined,
    spot: w.spot,
    ...(w.gpu?.model !== undefined ? { model: w.gpu.model } : {}),
    ...(w.gpu?.minMemoryGiB !== undefined ? { minMemoryGiB: w.gpu.minMemoryGiB } : {}),
    pod: { gpus: w.gpu?.count ?? 0, cpuMillis: w.cpu.millis, memoryMiB: Math.ceil(w.memory.bytes / MIB) },
    cpuText: w.cpu.text,
    memoryText: w.memory.text,
    ...pods,
  };
}

/**
 * Whether nodes with this GPU model (`null`: a CPU shape) serve the workload: a CPU workload takes
 * CPU shapes only; a GPU workload the model it names, or one with enough nominal memory.
 */
export function acceptsModel(d: WorkloadDemand, model: GpuModel | null): boolean {
  if (model === null || d.cpuOnly) return model === null && d.cpuOnly;
  if (d.model !== undefined) return d.model === model;
  return GPUS[model].memoryGiB >= (d.minMemoryGiB ?? 0);
}

/** How messages name what a pod asks for: `8 × a100-80gb`, `1 × GPU with ≥ 40 GiB`, `no GPU`. */
export function gpuAsk(d: WorkloadDemand): string {
  if (d.cpuOnly) return "no GPU";
  return d.model !== undefined ? `${d.pod.gpus} × ${d.model}` : `${d.pod.gpus} × GPU with ≥ ${d.minMemoryGiB ?? 0} GiB`;
}

/** Total GPUs the demand asks for at peak. */
export function peakGpus(demands: readonly WorkloadDemand[]): number {
  return demands.reduce((n, d) => n + d.pod.gpus * d.peakPods, 0);
}
