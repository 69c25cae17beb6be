/**
 * Why a workload fits no instance type, said so the user can fix it: the field at fault, what it
 * asked for, and the node that came closest. Also the checks on declared `gpuPools`.
 * Each check is a pure function returning problems; the planner collects them and throws once.
 */
import type { Cloud, GpuModel, WorkerType } from "../catalog/types";
import { GPUS } from "../catalog/gpus";
import { findWorkerType, instanceTypes, workerTypes } from "../catalog/instances";
import type { SpecProblem } from "../spec/types";
import { allocatable, podFits } from "./allocatable";
import { WorkloadDemand, acceptsModel, gpuAsk } from "./demand";

export interface PlanContext {
  readonly cloud: Cloud;
  readonly region: string;
}

/** Where a workload's candidates come from: the whole catalogue, or the declared pools. */
export interface CandidateScope {
  /** Declared pools: messages point at gpuPools instead of the catalogue. */
  readonly declared: boolean;
  /** Every type in scope, whatever its model or region. */
  readonly types: readonly WorkerType[];
}

/** The most regions a message lists before "…". */
const MAX_LISTED = 6;

export function cores(millis: number): string {
  return String(Math.floor(millis) / 1000);
}

export function gib(mib: number): string {
  return `${String(Math.floor((mib / 1024) * 10) / 10)}Gi`;
}

function listed(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return unique.length <= MAX_LISTED ? unique.join(", ") : `${unique.slice(0, MAX_LISTED).join(", ")}, …`;
}

/** The types in scope a pod of this workload fits with a known price, or the one problem saying why none. */
export function diagnose(d: WorkloadDemand, ctx: PlanContext, scope: CandidateScope): { fits: WorkerType[] } | { problem: SpecProblem } {
  const pools = d.cpuOnly ? "cpuPools" : "gpuPools";
  const label = scope.declared ? `candidate in ${pools}` : `${ctx.cloud} ${d.cpuOnly ? "CPU " : ""}type`;
  const gpuPath = d.cpuOnly ? d.path : `${d.path}.gpu.${d.model !== undefined ? "model" : "minMemoryGiB"}`;
  const byModel = scope.types.filter((t) => acceptsModel(d, t.gpu));
  if (byModel.length === 0) return { problem: { path: gpuPath, message: noModelMessage(d, ctx, scope) } };
  const inRegion = byModel.filter((t) => t.regions.includes(ctx.region));
  if (inRegion.length === 0) {
    const what = d.cpuOnly ? `${d.name} needs a CPU node` : d.model !== undefined ? `${d.name} asks for ${d.model}` : `${d.name} asks for a GPU with at least ${d.minMemoryGiB} GiB`;
    const where = listed(byModel.flatMap((t) => t.regions).sort());
    return { problem: { path: gpuPath, message: `${what}, which ${scope.declared ? `no candidate in ${pools} offers` : `${ctx.cloud} does not offer`} in ${ctx.region}; regions with it: ${where}` } };
  }
  const withGpus = inRegion.filter((t) => t.gpus >= d.pod.gpus);
  if (withGpus.length === 0) {
    const largest = maxBy(inRegion, (t) => t.gpus);
    return {
      problem: {
        path: `${d.path}.gpu.count`,
        message: `${d.name} asks for ${gpuAsk(d)} per pod, but the largest ${label} has ${largest.gpus} (${largest.name}); ask for at most ${largest.gpus} per pod (a pod runs on one node)`,
      },
    };
  }
  const alloc = (t: WorkerType) => allocatable(t);
  const cpuOk = withGpus.filter((t) => alloc(t).cpuMillis >= d.pod.cpuMillis);
  if (cpuOk.length === 0) {
    const best = maxBy(withGpus, (t) => alloc(t).cpuMillis);
    const most = cores(alloc(best).cpuMillis);
    return {
      problem: {
        path: `${d.path}.cpu`,
        message: `${d.name} asks for ${d.cpuText} CPU per pod, but the most any ${label}${gpuClause(d)} leaves for pods is ${most} (${best.name}, after the node's reservations and daemons); ask for at most ${most}`,
      },
    };
  }
  const memOk = withGpus.filter((t) => alloc(t).memoryMiB >= d.pod.memoryMiB);
  if (memOk.length === 0) {
    const best = maxBy(withGpus, (t) => alloc(t).memoryMiB);
    const most = gib(alloc(best).memoryMiB);
    return {
      problem: {
        path: `${d.path}.memory`,
        message: `${d.name} asks for ${d.memoryText} memory per pod, but the most any ${label}${gpuClause(d)} leaves for pods is ${most} (${best.name}, after the node's reservations and daemons); ask for at most ${most}`,
      },
    };
  }
  const fitting = withGpus.filter((t) => podFits(d.pod, alloc(t)));
  if (fitting.length === 0) {
    const closest = maxBy(withGpus, (t) => Math.min(alloc(t).cpuMillis / d.pod.cpuMillis, alloc(t).memoryMiB / d.pod.memoryMiB));
    return {
      problem: {
        path: d.path,
        message: `${d.name} asks for ${d.cpuText} CPU and ${d.memoryText} memory per pod${gpuClause(d)}, but no ${label} leaves both for pods; the closest, ${closest.name}, leaves ${cores(alloc(closest).cpuMillis)} CPU and ${gib(alloc(closest).memoryMiB)}; lower one of the two`,
      },
    };
  }
  const priced = fitting.filter((t) => t.pricePerHour !== null);
  if (priced.length === 0) {
    return {
      problem: {
        path: `${d.path}.gpu`,
        message: `${d.name} fits only instance types without a known price (${listed(fitting.map((t) => t.name))}); the planner does not pick a type it cannot cost: ${d.cpuOnly ? "ask for smaller pods" : "ask for another GPU model or smaller pods"}`,
      },
    };
  }
  return { fits: priced };
}

/** " with 8 × a100-80gb" for a GPU workload's messages; nothing for a CPU workload. */
function gpuClause(d: WorkloadDemand): string {
  return d.cpuOnly ? "" : ` with ${gpuAsk(d)}`;
}

function noModelMessage(d: WorkloadDemand, ctx: PlanContext, scope: CandidateScope): string {
  if (d.cpuOnly) {
    return scope.declared
      ? `${d.name} has no gpu, but no cpuPools entry lists a CPU type of ${ctx.cloud}; add a CPU pool, or remove cpuPools to let the planner derive them`
      : `${d.name} has no gpu, and the ${ctx.cloud} catalogue has no CPU type for it`;
  }
  if (d.model !== undefined) {
    if (scope.declared) return `${d.name} asks for ${d.model}, but no gpuPools entry has gpu ${d.model}; add a pool for ${d.model}, or remove gpuPools to let the planner derive the pools`;
    const offered = listed(instanceTypes(ctx.cloud).map((t) => t.gpu));
    return `${d.name} asks for ${d.model}, which no ${ctx.cloud} instance type in the catalogue carries; ${ctx.cloud} offers ${offered}`;
  }
  const pool = scope.types.length > 0 ? scope.types : instanceTypes(ctx.cloud);
  const models = [...new Set(pool.map((t) => t.gpu))].filter((m): m is GpuModel => m !== null);
  const biggest = maxBy(models, (m: GpuModel) => GPUS[m].memoryGiB);
  const where = scope.declared ? "in gpuPools" : `on ${ctx.cloud}`;
  return `${d.name} asks for a GPU with at least ${d.minMemoryGiB} GiB, but the largest ${where} is ${biggest} (${GPUS[biggest].memoryGiB} GiB); ask for at most ${GPUS[biggest].memoryGiB} GiB and spread the model over more GPUs`;
}

function maxBy<T>(xs: readonly T[], key: (x: T) => number): T {
  let best = xs[0] as T;
  for (const x of xs) if (key(x) > key(best)) best = x;
  return best;
}

/** A declared pool as the checks read it: a GPU pool, or a CPU pool (`gpu: null`), at its spec path. */
export interface DeclaredPoolRef {
  readonly name: string;
  readonly gpu: GpuModel | null;
  readonly instanceTypes: readonly string[];
  readonly spot: boolean;
  /** `gpuPools[1]`, `cpuPools[0]`. */
  readonly path: string;
}

/** A declared pool's usable candidates (in the catalogue, of its kind, offered in the region), and the problems with the rest. */
export function poolCandidates(pool: DeclaredPoolRef, ctx: PlanContext): { types: WorkerType[]; problems: SpecProblem[] } {
  const types: WorkerType[] = [];
  const problems: SpecProblem[] = [];
  const kind = pool.gpu === null ? "CPU" : "GPU";
  pool.instanceTypes.forEach((name, j) => {
    const path = `${pool.path}.instanceTypes[${j}]`;
    const t = findWorkerType(ctx.cloud, name);
    if (t === undefined) {
      problems.push({ path, message: `"${name}" is not a ${kind} instance type of ${ctx.cloud} in the catalogue; \`ml-clusters catalog ${ctx.cloud}\` lists them` });
    } else if (t.gpu !== pool.gpu) {
      const message =
        pool.gpu === null
          ? `${name} carries ${t.gpu}, and a CPU pool takes CPU types only; use a type without a GPU, or move it to gpuPools`
          : `${name} ${t.gpu === null ? "has no GPU" : `carries ${t.gpu}`}, not the pool's gpu ${pool.gpu}; use a type with ${pool.gpu}, or change the pool's gpu`;
      problems.push({ path, message });
    } else if (!t.regions.includes(ctx.region)) {
      problems.push({ path, message: `${name} is not offered in ${ctx.region}; regions with it: ${listed([...t.regions].sort())}; pick a type offered in ${ctx.region}` });
    } else if (t.spotOnly === true && !pool.spot) {
      problems.push({ path, message: `${name} is sold only as Spot or Flex-start VMs, never on-demand, and this pool is on-demand; set spot: true on the pool, or use ${onDemandSibling(t)}` });
    } else types.push(t);
  });
  if (types.length > 0 && types.every((t) => t.pricePerHour === null)) {
    problems.push({
      path: `${pool.path}.instanceTypes`,
      message: `none of ${listed(types.map((t) => t.name))} has a known price, and the planner does not pick a type it cannot cost; add a priced ${pool.gpu ?? "CPU"} type`,
    });
  }
  return { types, problems };
}

/** A type the user can have on demand instead of a spot-only one: the same GPU, the fewest GPUs. */
function onDemandSibling(t: WorkerType): string {
  const others = workerTypes(t.cloud).filter((o) => o.gpu === t.gpu && o.spotOnly !== true && o.pricePerHour !== null);
  return others.length === 0 ? `another GPU model` : [...others].sort((a, b) => a.gpus - b.gpus)[0]!.name;
}

/** Pool names must be unique across gpuPools and cpuPools: they name node pools and what pods select. */
export function duplicatePoolNames(pools: readonly DeclaredPoolRef[]): SpecProblem[] {
  const problems: SpecProblem[] = [];
  pools.forEach((p, i) => {
    const first = pools.findIndex((q) => q.name === p.name);
    if (first !== i) problems.push({ path: `${p.path}.name`, message: `"${p.name}" is the name of ${pools[first]!.path} too; give each pool its own name` });
  });
  return problems;
}
