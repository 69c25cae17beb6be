/**
 * Demand: the GPU pods a spec asks for, at base (every service at `replicas.min`) and at peak
 * (every service at `replicas.max` plus every training job's workers, all at once).
 * Workloads without a GPU run on the system pool and are not planned here.
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
  /** The model asked for; absent when the planner chooses by `minMemoryGiB`. */
  readonly model?: GpuModel;
  readonly minMemoryGiB?: number;
  /** Requests of one pod: GPUs, millicores, MiB (memory rounded up to the MiB). */
  readonly pod: Resources;
  /** The requests as written, for messages. */
  readonly cpuText: string;
  readonly memoryText: string;
  readonly basePods: number;
  readonly peakPods: number;
}

/** GPU workloads in spec order: services, then training jobs. */
export function workloadDemands(spec: ValidSpec): WorkloadDemand[] {
  const out: WorkloadDemand[] = [];
  for (const w of [...spec.services, ...spec.trainingJobs]) {
    const d = demandOf(w);
    if (d !== undefined) out.push(d);
  }
  return out;
}

function demandOf(w: ValidWorkload): WorkloadDemand | undefined {
  if (w.gpu === undefined) return undefined;
  const pods = w.kind === "service" ? { basePods: w.replicas.min, peakPods: w.replicas.max } : { basePods: 0, peakPods: w.workers };
  return {
    key: w.key,
    name: w.name,
    path: w.path,
    kind: w.kind,
    ...(w.gpu.model !== undefined ? { model: w.gpu.model } : {}),
    ...(w.gpu.minMemoryGiB !== undefined ? { minMemoryGiB: w.gpu.minMemoryGiB } : {}),
    pod: { gpus: w.gpu.count, cpuMillis: w.cpu.millis, memoryMiB: Math.ceil(w.memory.bytes / MIB) },
    cpuText: w.cpu.text,
    memoryText: w.memory.text,
    ...pods,
  };
}

/** Whether a GPU model serves the workload: the model it names, or one with enough nominal memory. */
export function acceptsModel(d: WorkloadDemand, model: GpuModel): boolean {
  if (d.model !== undefined) return d.model === model;
  return GPUS[model].memoryGiB >= (d.minMemoryGiB ?? 0);
}

/** How messages name what a pod asks for: `8 × a100-80gb`, `1 × GPU with ≥ 40 GiB`. */
export function gpuAsk(d: WorkloadDemand): string {
  return d.model !== undefined ? `${d.pod.gpus} × ${d.model}` : `${d.pod.gpus} × GPU with ≥ ${d.minMemoryGiB ?? 0} GiB`;
}

/** Total GPUs the demand asks for at peak. */
export function peakGpus(demands: readonly WorkloadDemand[]): number {
  return demands.reduce((n, d) => n + d.pod.gpus * d.peakPods, 0);
}
