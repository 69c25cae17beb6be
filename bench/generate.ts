/**
 * Deterministic platform specs for the benchmark: a seeded generator, so every run plans the same
 * workloads. The mix mimics a shared ML platform: mostly 1-GPU inference services on L4/A10G/T4,
 * some larger serving on L40S/H100, training jobs of 1-8 GPUs, a share asking by GPU memory; a
 * fifth of the workloads without a GPU (CPU pools), and a fifth of those allowed spot (training
 * jobs, services with replicas.min >= 2) on spot.
 */
import { allocatable } from "../components/capacity/allocatable";
import { instanceTypes, workerTypes } from "../components/catalog/instances";
import type { Cloud, GpuModel } from "../components/catalog/types";
import type { ValidService, ValidSpec, ValidTrainingJob, ValidWorkload } from "../components/spec/types";

/** mulberry32: a tiny seeded PRNG, enough for reproducible test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGION = "us-east-1";
/** Relative frequency of each model in the generated demand. */
const MODELS: readonly (readonly [GpuModel, number])[] = [
  ["l4", 30],
  ["a10g", 20],
  ["t4", 10],
  ["l40s", 12],
  ["h100", 10],
  ["a100-80gb", 8],
];

interface Limits {
  readonly gpus: number;
  readonly cpuMillis: (gpus: number) => number;
  readonly memoryMiB: (gpus: number) => number;
}

/** What the largest priced type of a model in the region leaves for one pod with g GPUs. */
function limits(model: GpuModel): Limits {
  const types = instanceTypes("aws").filter((t) => t.gpu === model && t.pricePerHour !== null && t.regions.includes(REGION));
  const best = (g: number, f: (a: ReturnType<typeof allocatable>) => number) => Math.max(...types.filter((t) => t.gpus >= g).map((t) => f(allocatable(t))));
  return { gpus: Math.max(...types.map((t) => t.gpus)), cpuMillis: (g) => best(g, (a) => a.cpuMillis), memoryMiB: (g) => best(g, (a) => a.memoryMiB) };
}

/** Share of workloads without a GPU, and of spot-eligible workloads that set `spot: true`. */
export const CPU_SHARE = 0.2;
export const SPOT_SHARE = 0.2;
/** Seeds the second stream (CPU and spot choices) from the first's seed. */
export const MIX_SEED = 0x5eed_c0de;
/** CPU workloads' requests, small to large: cores, and GiB per core (compute- to memory-heavy). */
const CPU_CORES: readonly (readonly [number, number])[] = [
  [0.5, 4],
  [1, 6],
  [2, 6],
  [4, 4],
  [8, 3],
  [16, 2],
  [32, 1],
];
const GIB_PER_CORE: readonly (readonly [number, number])[] = [
  [1, 2],
  [2, 3],
  [4, 4],
  [8, 1],
];

/**
 * A CPU workload's requests (cores, then GiB per core, from `r`), clamped to what the largest
 * priced CPU type of the region leaves for one pod. The render benchmark's specs use it too.
 */
export function cpuPod(r: () => number, cloud: Cloud = "aws", region: string = REGION): { cpuMillis: number; memoryMiB: number } {
  const cores = pick(r, CPU_CORES);
  const gib = Math.min(128, Math.max(1, Math.round(cores * pick(r, GIB_PER_CORE))));
  const room = workerTypes(cloud)
    .filter((t) => t.gpu === null && t.pricePerHour !== null && t.regions.includes(region))
    .map(allocatable);
  const want = { cpuMillis: cores * 1000, memoryMiB: gib * 1024 };
  const fits = room.some((a) => a.cpuMillis >= want.cpuMillis && a.memoryMiB >= want.memoryMiB);
  if (fits) return want;
  const biggest = room.reduce((a, b) => (b.cpuMillis + b.memoryMiB / 4 > a.cpuMillis + a.memoryMiB / 4 ? b : a));
  return { cpuMillis: Math.min(want.cpuMillis, biggest.cpuMillis), memoryMiB: Math.min(want.memoryMiB, biggest.memoryMiB) };
}

export function pick<T>(r: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

/**
 * A valid aws spec with `count` workloads (about 70% services, 30% training jobs), a fifth of them
 * CPU-only, a fifth of the spot-eligible ones on spot. The CPU and spot choices draw from a second
 * stream, so the GPU workloads are the ones the GPU-only generator made at the same indices.
 */
export function generateSpec(count: number, seed: number): ValidSpec {
  const r = rng(seed);
  const mix = rng(seed ^ MIX_SEED);
  const services: ValidService[] = [];
  const trainingJobs: ValidTrainingJob[] = [];
  const cache = new Map<GpuModel, Limits>();
  for (let i = 0; i < count; i++) {
    const model = pick(r, MODELS);
    const lim = cache.get(model) ?? limits(model);
    cache.set(model, lim);
    const isJob = r() < 0.3;
    const wanted = isJob ? pick(r, [[1, 3], [2, 2], [4, 2], [8, 3]] as const) : pick(r, [[1, 8], [2, 1], [4, 1]] as const);
    const gpus = Math.min(wanted, lim.gpus);
    const cpuMillis = Math.min(gpus * (1000 + Math.floor(r() * 9) * 1000), lim.cpuMillis(gpus));
    const memoryMiB = Math.min(gpus * (4 + Math.floor(r() * 12) * 4) * 1024, lim.memoryMiB(gpus));
    const byMemory = !isJob && r() < 0.15;
    const cpuOnly = mix() < CPU_SHARE;
    const cpuShape = cpuOnly ? cpuPod(mix) : undefined;
    const spotDraw = mix() < SPOT_SHARE;
    const namespace = `team-${i % 10}`;
    const name = `${isJob ? "train" : "svc"}-${i}`;
    const base = {
      name,
      namespace,
      key: `${namespace}/${name}`,
      path: "",
      image: "example.com/model:1.0",
      ...(cpuShape !== undefined ? {} : { gpu: byMemory ? { count: gpus, minMemoryGiB: model === "t4" ? 16 : 24 } : { count: gpus, model } }),
      cpu: { text: `${cpuShape?.cpuMillis ?? cpuMillis}m`, millis: cpuShape?.cpuMillis ?? cpuMillis },
      memory: { text: `${cpuShape?.memoryMiB ?? memoryMiB}Mi`, bytes: (cpuShape?.memoryMiB ?? memoryMiB) * 1024 * 1024 },
      env: {},
      secretEnv: {},
      security: "baseline" as const,
    } satisfies Partial<ValidWorkload>;
    if (isJob) trainingJobs.push({ ...base, spot: spotDraw, path: `trainingJobs[${trainingJobs.length}]`, kind: "trainingJob", workers: 1 + Math.floor(r() * 4), backoffLimit: 3 });
    else {
      const min = Math.floor(r() * 3);
      services.push({
        ...base,
        // Spot only where the validator allows it: a service that keeps two replicas.
        spot: spotDraw && min >= 2,
        path: `services[${services.length}]`,
        kind: "service",
        port: 8000,
        replicas: { min, max: min + Math.floor(r() * 6) + (min === 0 ? 1 : 0) },
        autoscaling: { cpuUtilization: 70 },
        engine: "generic",
        health: { startupSeconds: 600 },
        expose: "cluster",
      });
    }
  }
  return {
    name: `bench-${count}`,
    cloud: "aws",
    region: REGION,
    kubernetesVersion: "1.35",
    protect: true,
    network: { cidr: "10.0.0.0/16" },
    systemPool: { instanceType: "m6i.xlarge", minNodes: 2, maxNodes: 4 },
    namespaces: Array.from({ length: 10 }, (_, i) => ({ name: `team-${i}`, groups: [] })),
    services,
    trainingJobs,
    monitoring: { enabled: true },
    warnings: [],
  };
}

