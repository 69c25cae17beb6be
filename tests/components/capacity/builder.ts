/**
 * ValidSpec objects for capacity tests, built directly (the planner takes validated specs; the
 * validator has its own tests). Quantities are given as Kubernetes text and parsed here.
 */
import type { Cloud, GpuModel } from "../../../components/catalog/types";
import type { ValidGpuPool, ValidService, ValidSpec, ValidTrainingJob } from "../../../components/spec/types";

export function cpu(text: string | number) {
  const s = String(text);
  const millis = s.endsWith("m") ? Number(s.slice(0, -1)) : Math.round(Number(s) * 1000);
  return { text: s, millis };
}

const UNITS: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

export function memory(text: string) {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)$/.exec(text);
  if (!m) throw new Error(`test builder: unsupported memory "${text}"`);
  return { text, bytes: Math.round(Number(m[1]) * UNITS[m[2]!]!) };
}

export interface WorkloadOptions {
  readonly namespace?: string;
  readonly model?: GpuModel;
  readonly minMemoryGiB?: number;
  readonly gpus?: number;
  readonly cpu?: string | number;
  readonly memory?: string;
  readonly noGpu?: boolean;
}

function base(name: string, o: WorkloadOptions) {
  const namespace = o.namespace ?? "research";
  const gpu = o.noGpu
    ? undefined
    : { count: o.gpus ?? 1, ...(o.minMemoryGiB !== undefined ? { minMemoryGiB: o.minMemoryGiB } : { model: o.model ?? ("l4" as GpuModel) }) };
  return {
    name,
    namespace,
    key: `${namespace}/${name}`,
    path: "",
    image: "example.com/model:1.0",
    ...(gpu !== undefined ? { gpu } : {}),
    cpu: cpu(o.cpu ?? 2),
    memory: memory(o.memory ?? "8Gi"),
    env: {},
    secretEnv: {},
    security: "baseline" as const,
  };
}

export function service(name: string, replicas: { min: number; max: number }, o: WorkloadOptions = {}): ValidService {
  return {
    ...base(name, o),
    kind: "service",
    port: 8000,
    replicas,
    autoscaling: { cpuUtilization: 70 },
    health: { startupSeconds: 600 },
    expose: "cluster",
  };
}

export function job(name: string, workers: number, o: WorkloadOptions = {}): ValidTrainingJob {
  return { ...base(name, o), kind: "trainingJob", workers, backoffLimit: 3 };
}

export function pool(name: string, gpu: GpuModel, instanceTypes: readonly string[], spot = false): ValidGpuPool {
  return { name, gpu, instanceTypes, spot };
}

export interface SpecOptions {
  readonly cloud?: Cloud;
  readonly region?: string;
  readonly services?: readonly ValidService[];
  readonly trainingJobs?: readonly ValidTrainingJob[];
  readonly gpuPools?: readonly ValidGpuPool[];
  readonly systemPool?: { instanceType: string; minNodes: number; maxNodes: number };
}

const DEFAULT_REGION: Readonly<Record<Cloud, string>> = { aws: "us-east-1", gcp: "us-central1", azure: "eastus" };
const DEFAULT_SYSTEM: Readonly<Record<Cloud, string>> = { aws: "m6i.xlarge", gcp: "e2-standard-4", azure: "Standard_D4s_v5" };

/** A valid spec; workload paths follow their position (`services[1]`, `trainingJobs[0]`). */
export function spec(o: SpecOptions = {}): ValidSpec {
  const cloud = o.cloud ?? "aws";
  const services = (o.services ?? []).map((s, i) => ({ ...s, path: `services[${i}]` }));
  const trainingJobs = (o.trainingJobs ?? []).map((j, i) => ({ ...j, path: `trainingJobs[${i}]` }));
  const namespaces = [...new Set([...services, ...trainingJobs].map((w) => w.namespace))].map((name) => ({ name, groups: [] }));
  return {
    name: "ml-test",
    cloud,
    region: o.region ?? DEFAULT_REGION[cloud],
    kubernetesVersion: "1.35",
    protect: true,
    network: { cidr: "10.0.0.0/16" },
    systemPool: o.systemPool ?? { instanceType: DEFAULT_SYSTEM[cloud], minNodes: 2, maxNodes: 4 },
    ...(o.gpuPools !== undefined ? { gpuPools: o.gpuPools } : {}),
    namespaces,
    services,
    trainingJobs,
    monitoring: { enabled: true },
    warnings: [],
  };
}
