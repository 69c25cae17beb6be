/**
 * Capacity tests' shorthand over tests/helpers/builders: workloads named by their shape (GPUs, CPU,
 * memory as Kubernetes text), and a spec whose workload paths and namespaces follow from its
 * workloads (the planner takes validated specs; the validator has its own tests).
 */
import type { Cloud, GpuModel } from "../../../components/catalog/types";
import type { ValidCpuPool, ValidGpuPool, ValidService, ValidSpec, ValidTrainingJob } from "../../../components/spec/types";
import { cloudSpec, cpu, memory, validNamespace, validService, validTrainingJob } from "../../helpers/builders";

export interface WorkloadOptions {
  readonly namespace?: string;
  readonly model?: GpuModel;
  readonly minMemoryGiB?: number;
  readonly gpus?: number;
  readonly cpu?: string | number;
  readonly memory?: string;
  readonly noGpu?: boolean;
  readonly spot?: boolean;
}

/** The fields a service and a job share; without a GPU the `gpu` field is left out, as the validator does. */
function base(name: string, o: WorkloadOptions) {
  const gpu = { count: o.gpus ?? 1, ...(o.minMemoryGiB !== undefined ? { minMemoryGiB: o.minMemoryGiB } : { model: o.model ?? ("l4" as GpuModel) }) };
  return {
    name,
    namespace: o.namespace ?? "research",
    path: "",
    image: "example.com/model:1.0",
    gpu,
    cpu: cpu(o.cpu ?? 2),
    memory: memory(o.memory ?? "8Gi"),
    spot: o.spot ?? false,
  };
}

/** Drops `gpu` from a workload that asked for none. */
function withoutGpu<W extends ValidService | ValidTrainingJob>(w: W, o: WorkloadOptions): W {
  if (!o.noGpu) return w;
  const { gpu: _, ...rest } = w;
  return rest as W;
}

export function service(name: string, replicas: { min: number; max: number }, o: WorkloadOptions = {}): ValidService {
  return withoutGpu(validService({ ...base(name, o), replicas }), o);
}

export function job(name: string, workers: number, o: WorkloadOptions = {}): ValidTrainingJob {
  return withoutGpu(validTrainingJob({ ...base(name, o), workers }), o);
}

export function pool(name: string, gpu: GpuModel, instanceTypes: readonly string[], spot = false): ValidGpuPool {
  return { name, gpu, instanceTypes, spot };
}

export function cpuPool(name: string, instanceTypes: readonly string[], spot = false): ValidCpuPool {
  return { name, instanceTypes, spot };
}

export interface SpecOptions {
  readonly cloud?: Cloud;
  readonly region?: string;
  readonly services?: readonly ValidService[];
  readonly trainingJobs?: readonly ValidTrainingJob[];
  readonly gpuPools?: readonly ValidGpuPool[];
  readonly cpuPools?: readonly ValidCpuPool[];
  readonly systemPool?: { instanceType: string; minNodes: number; maxNodes: number };
}

/** A valid spec; workload paths follow their position (`services[1]`, `trainingJobs[0]`). */
export function spec(o: SpecOptions = {}): ValidSpec {
  const cloud = o.cloud ?? "aws";
  const services = (o.services ?? []).map((s, i) => ({ ...s, path: `services[${i}]` }));
  const trainingJobs = (o.trainingJobs ?? []).map((j, i) => ({ ...j, path: `trainingJobs[${i}]` }));
  const namespaces = [...new Set([...services, ...trainingJobs].map((w) => w.namespace))].map((name) => validNamespace({ name }));
  return cloudSpec(cloud, {
    name: "ml-test",
    kubernetesVersion: "1.35",
    ...(o.region !== undefined ? { region: o.region } : {}),
    ...(o.systemPool !== undefined ? { systemPool: o.systemPool } : {}),
    ...(o.gpuPools !== undefined ? { gpuPools: o.gpuPools } : {}),
    ...(o.cpuPools !== undefined ? { cpuPools: o.cpuPools } : {}),
    namespaces,
    services,
    trainingJobs,
  });
}
