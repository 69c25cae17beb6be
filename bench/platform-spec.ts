/**
 * Deterministic platform specs for the render benchmark: what a user writes (a PlatformSpec, not a
 * ValidSpec), so the benchmark runs the same path as `ml-clusters render --spec FILE`, validator
 * included. Seeded, so every run renders the same platform. The mix exercises every component
 * kind: services scaled to zero (KEDA HTTP add-on), HPA services on CPU, GPU or request rate,
 * fixed-size services, services asking by GPU memory, internal and public exposure, restricted
 * security, secret env; training jobs of 1 to 4 workers, most with a checkpoint volume; namespaces
 * with and without quotas, groups and egress rules. As in the planner's specs (generate.ts), a
 * fifth of the workloads have no GPU (CPU pools) and a fifth of those that may use spot (jobs,
 * services with replicas.min >= 2) set `spot: true` (spot pools and their on-demand fallbacks);
 * those choices come from a second seeded stream, so the GPU workloads stay those of the same seed.
 */
import { allocatable } from "../components/capacity/allocatable";
import { instanceTypes } from "../components/catalog/instances";
import type { Cloud, GpuModel } from "../components/catalog/types";
import type { NamespaceSpec, PlatformSpec, ServiceSpec, TrainingJobSpec } from "../components/spec/types";
import { CPU_SHARE, MIX_SEED, SPOT_SHARE, cpuPod, pick, rng } from "./generate";

interface CloudMix {
  readonly region: string;
  /** Relative frequency of each model; all are offered with a price in the region (catalog). */
  readonly models: readonly (readonly [GpuModel, number])[];
  /**
   * GKE carves a /24 of pods per node out of the network, so the default /16 stops at 128 nodes
   * and the 400-service plan reaches ~800 (GkeCluster says so); AWS VPCs are at most /16.
   */
  readonly cidr: string;
}

/** The regions of the example stacks; models weighted like a shared platform: mostly small inference GPUs. */
const CLOUDS: { readonly [c in Cloud]: CloudMix } = {
  aws: { region: "us-east-1", cidr: "10.0.0.0/16", models: [["l4", 30], ["a10g", 20], ["t4", 10], ["l40s", 12], ["h100", 10], ["a100-80gb", 8]] },
  gcp: { region: "us-central1", cidr: "10.0.0.0/12", models: [["l4", 35], ["t4", 20], ["a100-40gb", 15], ["a100-80gb", 10], ["h100", 10]] },
  azure: { region: "eastus", cidr: "10.0.0.0/16", models: [["t4", 30], ["a10", 20], ["a100-80gb", 20], ["h100-nvl", 10], ["h100", 10]] },
};

/**
 * Ten teams at every size, so the sizes differ in workloads only and the table's slope is the
 * per-workload cost.
 */
const NAMESPACES = 10;
/** Quotas leave this much headroom over the namespace's peak demand, as a platform team would. */
const QUOTA_HEADROOM = 1.25;

interface Fit {
  readonly gpus: number;
  /** Most CPU (millicores) and memory (MiB) one pod with g GPUs can ask for and still fit a node. */
  readonly cpuMillis: (gpus: number) => number;
  readonly memoryMiB: (gpus: number) => number;
}

function fit(cloud: Cloud, region: string, model: GpuModel): Fit {
  const types = instanceTypes(cloud).filter((t) => t.gpu === model && t.pricePerHour !== null && t.regions.includes(region));
  if (types.length === 0) throw new Error(`bench: no priced ${model} type in ${cloud} ${region}; fix CLOUDS in bench/platform-spec.ts`);
  const best = (g: number, f: (a: ReturnType<typeof allocatable>) => number) => Math.max(...types.filter((t) => t.gpus >= g).map((t) => f(allocatable(t))));
  return { gpus: Math.max(...types.map((t) => t.gpus)), cpuMillis: (g) => best(g, (a) => a.cpuMillis), memoryMiB: (g) => best(g, (a) => a.memoryMiB) };
}

/** GPUs nominal memory the `minMemoryGiB` form asks for, by model (the same on every cloud). */
function memoryAsk(model: GpuModel): number {
  return model === "t4" ? 16 : 24;
}

export interface PlatformSize {
  readonly cloud: Cloud;
  readonly services: number;
  readonly trainingJobs: number;
  readonly seed: number;
}

interface Demand {
  gpus: number;
  cpuMillis: number;
  memoryMiB: number;
}

/** A spec the validator accepts, with exactly `services` services and `trainingJobs` jobs. */
export function platformSpec(size: PlatformSize): PlatformSpec {
  const mix = CLOUDS[size.cloud];
  const r = rng(size.seed);
  const second = rng(size.seed ^ MIX_SEED);
  /** A fifth of the workloads without a GPU: their requests replace the GPU draw's. */
  const cpuOnly = (): { cpuMillis: number; memoryMiB: number } | undefined => (second() < CPU_SHARE ? cpuPod(second, size.cloud, mix.region) : undefined);
  const fits = new Map<GpuModel, Fit>();
  const demand: Demand[] = Array.from({ length: NAMESPACES }, () => ({ gpus: 0, cpuMillis: 0, memoryMiB: 0 }));
  const resources = (isJob: boolean) => {
    const model = pick(r, mix.models);
    const f = fits.get(model) ?? fit(size.cloud, mix.region, model);
    fits.set(model, f);
    const wanted = isJob ? pick(r, [[1, 3], [2, 2], [4, 2], [8, 3]] as const) : pick(r, [[1, 8], [2, 1], [4, 1]] as const);
    const gpus = Math.min(wanted, f.gpus);
    const cpuMillis = Math.min(gpus * (1000 + Math.floor(r() * 7) * 500), f.cpuMillis(gpus));
    const memoryMiB = Math.min(gpus * (8 + Math.floor(r() * 8) * 4) * 1024, f.memoryMiB(gpus));
    return { model, gpus, cpuMillis, memoryMiB };
  };
  const count = (ns: number, pods: number, res: { gpus: number; cpuMillis: number; memoryMiB: number }) => {
    demand[ns]!.gpus += pods * res.gpus;
    demand[ns]!.cpuMillis += pods * res.cpuMillis;
    demand[ns]!.memoryMiB += pods * res.memoryMiB;
  };

  const services: ServiceSpec[] = [];
  for (let i = 0; i < size.services; i++) {
    const ns = i % NAMESPACES;
    const gpuRes = resources(false);
    const cpuShape = cpuOnly();
    const spotDraw = second() < SPOT_SHARE;
    const res = cpuShape !== undefined ? { ...gpuRes, gpus: 0, ...cpuShape } : gpuRes;
    const byMemory = r() < 0.15;
    const mode = pick(r, [["zero", 3], ["hpa", 5], ["fixed", 2]] as const);
    const min = mode === "zero" ? 0 : 1 + Math.floor(r() * 2);
    const max = mode === "fixed" ? min : min + 1 + Math.floor(r() * 4);
    const hpa = mode === "zero" ? { requestsPerSecond: 2 + Math.floor(r() * 10) } : mode === "hpa" ? pick(r, [[{ gpuUtilization: 70 }, 3], [{ requestsPerSecond: 8 }, 2], [{ cpuUtilization: 60 }, 1]] as const) : undefined;
    // A CPU service has no GPU to measure: it scales on CPU where a GPU one would scale on GPU.
    const autoscaling = cpuShape !== undefined && hpa !== undefined && "gpuUtilization" in hpa ? { cpuUtilization: 60 } : hpa;
    const secret = r() < 0.2;
    count(ns, max, res);
    services.push({
      name: `svc-${i}`,
      namespace: `team-${ns}`,
      ...(cpuShape !== undefined
        ? { image: "ghcr.io/acme/feature-api:1.3" }
        : {
            image: i % 3 === 0 ? "vllm/vllm-openai:v0.6.3" : "ghcr.io/huggingface/text-generation-inference:2.4.1",
            ...(i % 3 === 0 ? { command: ["vllm", "serve"], args: [`acme/model-${i}`, "--max-model-len", "8192"] } : {}),
            gpu: byMemory ? { minMemoryGiB: memoryAsk(res.model), count: res.gpus } : { model: res.model, count: res.gpus },
          }),
      port: 8000,
      cpu: `${res.cpuMillis}m`,
      memory: `${res.memoryMiB}Mi`,
      replicas: { min, max },
      // Spot only where the validator allows it: a service that keeps two replicas.
      ...(spotDraw && min >= 2 ? { spot: true } : {}),
      ...(autoscaling !== undefined ? { autoscaling } : {}),
      health: r() < 0.7 ? { path: "/health", startupSeconds: 600 + Math.floor(r() * 4) * 300 } : { startupSeconds: 900 },
      env: { MODEL_ID: `acme/model-${i}` },
      ...(secret ? { secretEnv: { HF_TOKEN: "hfToken" } } : {}),
      security: r() < 0.25 ? "restricted" : "baseline",
      // A load balancer cannot wake a service at zero pods (KEDA's interceptor must see the requests).
      expose: mode === "zero" ? "cluster" : pick(r, [["cluster", 14], ["internal", 4], ["public", 2]] as const),
    });
  }

  const trainingJobs: TrainingJobSpec[] = [];
  for (let i = 0; i < size.trainingJobs; i++) {
    const ns = i % NAMESPACES;
    const gpuRes = resources(true);
    const cpuShape = cpuOnly();
    const spot = second() < SPOT_SHARE;
    const res = cpuShape !== undefined ? { ...gpuRes, gpus: 0, ...cpuShape } : gpuRes;
    const workers = r() < 0.6 ? 2 + Math.floor(r() * 3) : 1;
    count(ns, workers, res);
    trainingJobs.push({
      name: `train-${i}`,
      namespace: `team-${ns}`,
      image: "ghcr.io/acme/train:1.2",
      command: ["torchrun", "train.py"],
      ...(cpuShape !== undefined ? {} : { gpu: { model: res.model, count: res.gpus } }),
      cpu: `${res.cpuMillis}m`,
      memory: `${res.memoryMiB}Mi`,
      workers,
      ...(spot ? { spot: true } : {}),
      // Distributed jobs always checkpoint (a lost worker restarts the run); half the others do.
      ...(workers > 1 || r() < 0.5 ? { checkpoint: { size: `${pick(r, [[50, 2], [200, 2], [1024, 1]] as const)}Gi` } } : {}),
      ...(r() < 0.3 ? { activeDeadlineSeconds: 86_400 } : {}),
    });
  }

  const namespaces: NamespaceSpec[] = demand.map((d, k) => ({
    name: `team-${k}`,
    groups: [`ml-team-${k}`],
    // Every other team has a quota over its peak demand; every third keeps egress in the network.
    ...(k % 2 === 0
      ? {
          quota: {
            gpu: Math.ceil(d.gpus * QUOTA_HEADROOM),
            cpu: Math.ceil((d.cpuMillis * QUOTA_HEADROOM) / 1000),
            memory: `${Math.ceil((d.memoryMiB * QUOTA_HEADROOM) / 1024)}Gi`,
          },
        }
      : {}),
    ...(k % 3 === 0 ? { egress: { allowCidrs: ["10.0.0.0/8"] } } : {}),
  }));

  return {
    name: `bench-${size.cloud}`,
    cloud: size.cloud,
    region: mix.region,
    protect: true,
    network: { cidr: mix.cidr },
    systemPool: { minNodes: 2, maxNodes: 4 },
    namespaces,
    services,
    trainingJobs,
    monitoring: { enabled: true },
  };
}
