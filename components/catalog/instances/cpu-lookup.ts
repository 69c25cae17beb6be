import { CLOUDS, Cloud, CpuInstanceType, WorkerType } from "../types";
import { INSTANCE_TYPES } from "./lookup";
import { AWS_CPU_INSTANCE_TYPES } from "./cpu-aws";
import { AZURE_CPU_INSTANCE_TYPES } from "./cpu-azure";
import { GCP_CPU_INSTANCE_TYPES } from "./cpu-gcp";

export const CPU_INSTANCE_TYPES: { readonly [c in Cloud]: readonly CpuInstanceType[] } = Object.freeze({
  aws: AWS_CPU_INSTANCE_TYPES,
  gcp: GCP_CPU_INSTANCE_TYPES,
  azure: AZURE_CPU_INSTANCE_TYPES,
});

const BY_CLOUD_AND_NAME: ReadonlyMap<string, CpuInstanceType> = new Map(
  CLOUDS.flatMap((cloud) => CPU_INSTANCE_TYPES[cloud].map((t) => [`${cloud}/${t.name}`, t] as const)),
);

/** The CPU shapes of one cloud, by family kind then size. */
export function cpuInstanceTypes(cloud: Cloud): readonly CpuInstanceType[] {
  return CPU_INSTANCE_TYPES[cloud];
}

/** One CPU shape by its name, or undefined. */
export function findCpuInstanceType(cloud: Cloud, name: string): CpuInstanceType | undefined {
  return BY_CLOUD_AND_NAME.get(`${cloud}/${name}`);
}

/** A CPU shape as a worker type: no GPU, its own machine type. */
function asWorkerType(t: CpuInstanceType): WorkerType {
  return {
    name: t.name,
    cloud: t.cloud,
    machineType: t.name,
    gpu: null,
    gpus: 0,
    gpuMemoryGiB: 0,
    vcpus: t.vcpus,
    memoryGiB: t.memoryGiB,
    pricePerHour: t.pricePerHour,
    priceRegion: t.priceRegion,
    regions: t.regions,
    kind: t.kind,
    ...(t.karpenterAllocatable !== undefined ? { karpenterAllocatable: t.karpenterAllocatable } : {}),
  };
}

const WORKER_TYPES: { readonly [c in Cloud]: readonly WorkerType[] } = Object.freeze({
  aws: Object.freeze([...INSTANCE_TYPES.aws, ...CPU_INSTANCE_TYPES.aws.map(asWorkerType)]),
  gcp: Object.freeze([...INSTANCE_TYPES.gcp, ...CPU_INSTANCE_TYPES.gcp.map(asWorkerType)]),
  azure: Object.freeze([...INSTANCE_TYPES.azure, ...CPU_INSTANCE_TYPES.azure.map(asWorkerType)]),
});

const WORKER_BY_NAME: ReadonlyMap<string, WorkerType> = new Map(CLOUDS.flatMap((cloud) => WORKER_TYPES[cloud].map((t) => [`${cloud}/${t.name}`, t] as const)));

/** Every shape a worker pool of the cloud can use: the GPU shapes, then the CPU shapes. */
export function workerTypes(cloud: Cloud): readonly WorkerType[] {
  return WORKER_TYPES[cloud];
}

/** One worker shape, GPU or CPU, by its catalogue name, or undefined. */
export function findWorkerType(cloud: Cloud, name: string): WorkerType | undefined {
  return WORKER_BY_NAME.get(`${cloud}/${name}`);
}
