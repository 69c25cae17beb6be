/**
 * Node pools: the system pool (CPU nodes for add-ons) and explicit GPU pools, whose candidate
 * instance types must exist on the cloud, carry the pool's GPU model and be offered in the region.
 * When GPU pools are given, every GPU workload needs one that can hold it.
 */
import { CLOUDS, Cloud, GpuModel } from "../../catalog/types";
import { CLOUD_FACTS, cpuInstanceTypes, findCpuInstanceType, findInstanceType, GPUS, instanceTypes } from "../../catalog";
import { DEFAULT_SPOT, DEFAULT_SYSTEM_MAX_NODES, DEFAULT_SYSTEM_MIN_NODES, MAX_SYSTEM_NODES } from "../defaults";
import type { ValidCpuPool, ValidGpuPool, ValidSpec } from "../types";
import { readBoolean, readField, readInteger, readMapping, readString, readStringList } from "./fields";
import { checkGpuModel, checkGpuOffered, Placement } from "./gpu";
import { checkLabel, GPU_POOL_NAME_MAX } from "./names";
import { at, firstFew, Problems, withArticle } from "./problems";
import type { ServiceDraft } from "./services";
import { suggest } from "./suggest";
import type { TrainingJobDraft } from "./training-jobs";

export const SYSTEM_POOL_FIELDS = ["instanceType", "minNodes", "maxNodes"] as const;
export const GPU_POOL_FIELDS = ["name", "gpu", "instanceTypes", "spot"] as const;
export const CPU_POOL_FIELDS = ["name", "instanceTypes", "spot"] as const;

/** `systemPool: { instanceType, minNodes, maxNodes }`, defaults per cloud from the catalogue. */
export function checkSystemPool(value: unknown, path: string, cloud: Cloud | undefined, out: Problems): ValidSpec["systemPool"] | undefined {
  const before = out.count;
  const given = value === undefined || value === null ? {} : readMapping(value, path, "the system pool", SYSTEM_POOL_FIELDS, out);
  if (given === undefined) return undefined;
  const type = readString(given, "instanceType", path, out);
  if (type !== undefined && cloud !== undefined) checkSystemInstanceType(type, at(path, "instanceType"), cloud, out);
  const range = { min: 1, max: MAX_SYSTEM_NODES };
  const minGiven = readInteger(given, "minNodes", path, out, range);
  const maxGiven = readInteger(given, "maxNodes", path, out, range);
  // A bound the user left out follows the one they gave, so `minNodes: 6` alone is not an error.
  const minNodes = minGiven ?? (readField(given, "minNodes") === undefined ? Math.min(DEFAULT_SYSTEM_MIN_NODES, maxGiven ?? DEFAULT_SYSTEM_MIN_NODES) : undefined);
  const maxNodes = maxGiven ?? (readField(given, "maxNodes") === undefined ? Math.max(DEFAULT_SYSTEM_MAX_NODES, minNodes ?? 0) : undefined);
  if (minNodes !== undefined && maxNodes !== undefined && minNodes > maxNodes) {
    out.error(at(path, "minNodes"), `must not exceed maxNodes (${maxNodes}), got ${minNodes}; lower minNodes or raise maxNodes`);
  }
  if (minNodes === 1) {
    out.warn(at(path, "minNodes"), "is 1: cluster add-ons (DNS, autoscaler, KEDA, monitoring) stop while that node is replaced or upgraded; 2 keeps them running");
  }
  if (out.count !== before || cloud === undefined || minNodes === undefined || maxNodes === undefined) return undefined;
  return {
    instanceType: type ?? CLOUD_FACTS[cloud].defaultSystemInstanceType,
    minNodes,
    maxNodes,
    declared: { instanceType: type !== undefined, minNodes: minGiven !== undefined, maxNodes: maxGiven !== undefined },
  };
}

function checkSystemInstanceType(type: string, path: string, cloud: Cloud, out: Problems): boolean {
  const names = CLOUD_FACTS[cloud].systemInstanceTypes.map((t) => t.name);
  if (names.includes(type)) return true;
  const gpu = findInstanceType(cloud, type);
  if (gpu !== undefined) {
    out.error(path, `is a GPU shape (${gpu.gpus} × ${gpu.gpu}), got "${type}"; the system pool runs add-ons on CPU nodes: choose one of ${names.join(", ")}`);
    return false;
  }
  const close = suggest(type, names);
  const hint = close !== undefined ? `; did you mean "${close}"? (system types: ${names.join(", ")})` : `; choose one of ${names.join(", ")}`;
  out.error(path, `is not a system instance type of ${cloud}, got "${type}"${hint}`);
  return false;
}

/** `gpuPools: [...]`; absent means the planner derives the pools. */
export function checkGpuPools(value: unknown, where: Placement, out: Problems): ValidGpuPool[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    out.error("gpuPools", "must be a list of pools ({ name, gpu, instanceTypes }), got a mapping or a value; remove it to let the planner derive the pools");
    return undefined;
  }
  const before = out.count;
  const pools = value.map((p: unknown, i) => checkGpuPool(p, i, where, out));
  const first = new Map<string, number>();
  pools.forEach((p, i) => {
    if (p?.name === undefined) return;
    const earlier = first.get(p.name);
    if (earlier !== undefined) out.error(`gpuPools[${i}].name`, `repeats gpuPools[${earlier}].name ("${p.name}"); pool names are unique`);
    else first.set(p.name, i);
  });
  return out.count === before ? (pools as ValidGpuPool[]) : undefined;
}

interface PoolDraft {
  readonly name?: string;
  readonly gpu?: GpuModel;
  readonly instanceTypes?: readonly string[];
  readonly spot?: boolean;
}

export function checkGpuPool(value: unknown, index: number, where: Placement, out: Problems): PoolDraft | undefined {
  const path = `gpuPools[${index}]`;
  const p = readMapping(value, path, "a GPU pool", GPU_POOL_FIELDS, out);
  if (p === undefined) return undefined;
  const raw = readString(p, "name", path, out, { required: 'a DNS label naming the pool, e.g. "inference"' });
  const name = raw !== undefined && checkLabel(raw, at(path, "name"), { max: GPU_POOL_NAME_MAX, startWithLetter: true, why: " (GKE node pool names)" }, out) ? raw : undefined;
  const gpuName = readString(p, "gpu", path, out, { required: "the GPU model of the pool's nodes, e.g. l4" });
  const gpu = gpuName === undefined ? undefined : checkGpuModel(gpuName, at(path, "gpu"), out);
  const offered = gpu !== undefined && checkGpuOffered(gpu, at(path, "gpu"), where, out);
  const types = readStringList(p, "instanceTypes", path, out, {
    required: "the candidate instance types; the plan picks one of them, e.g. [g6.xlarge, g6.2xlarge]",
    nonEmpty: "give at least one candidate instance type",
  });
  if (types !== undefined && where.cloud !== undefined) {
    types.forEach((t, i) => checkCandidate(t, at(at(path, "instanceTypes"), i), where.cloud!, offered ? gpu : undefined, where.region, out));
    types.forEach((t, i) => {
      const firstAt = types.indexOf(t);
      if (firstAt < i) out.error(at(at(path, "instanceTypes"), i), `repeats instanceTypes[${firstAt}] ("${t}"); list each candidate once`);
    });
  }
  const spot = readBoolean(p, "spot", path, out) ?? DEFAULT_SPOT;
  return { name, gpu, instanceTypes: types, spot };
}

/** A candidate exists on the cloud, has GPUs of the pool's model and is offered in the region. */
export function checkCandidate(type: string, path: string, cloud: Cloud, gpu: GpuModel | undefined, region: string | undefined, out: Problems): boolean {
  const t = findInstanceType(cloud, type);
  if (t === undefined) {
    const names = instanceTypes(cloud).map((s) => s.name);
    const system = CLOUD_FACTS[cloud].systemInstanceTypes.some((s) => s.name === type);
    const elsewhere = CLOUDS.find((c) => c !== cloud && findInstanceType(c, type) !== undefined);
    const why = system
      ? `${type} has no GPU (it is a system pool type)`
      : elsewhere !== undefined
        ? `${type} is ${withArticle(elsewhere)} shape, not ${withArticle(cloud)} one`
        : `is not ${withArticle(cloud)} GPU instance type in the catalogue, got "${type}"`;
    const withModel = gpu === undefined ? [] : names.filter((n) => findInstanceType(cloud, n)?.gpu === gpu);
    // A typo gets the nearest spelling; a real shape of the wrong kind gets the pool's shapes.
    const close = system || elsewhere !== undefined ? undefined : suggest(type, names);
    const hint = close !== undefined ? `; did you mean "${close}"?` : withModel.length > 0 ? `; ${gpu} shapes: ${firstFew(withModel)}` : "";
    out.error(path, `${why}${hint}`);
    return false;
  }
  if (gpu !== undefined && t.gpu !== gpu) {
    const withModel = instanceTypes(cloud).filter((s) => s.gpu === gpu && (region === undefined || s.regions.includes(region))).map((s) => s.name);
    out.error(path, `${type} carries ${t.gpu}, not the pool's ${gpu}${withModel.length > 0 ? `; ${gpu} shapes: ${firstFew(withModel)}` : ""}`);
    return false;
  }
  if (region !== undefined && !t.regions.includes(region)) {
    out.error(path, `${type} is not offered in ${region}; it is in ${firstFew([...t.regions].sort())}`);
    return false;
  }
  return true;
}

/** `cpuPools: [...]`; absent means the planner derives the CPU pools. Names are unique across both lists. */
export function checkCpuPools(value: unknown, where: Placement, gpuPools: readonly { readonly name?: string }[] | undefined, out: Problems): ValidCpuPool[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    out.error("cpuPools", "must be a list of pools ({ name, instanceTypes }), got a mapping or a value; remove it to let the planner derive the CPU pools");
    return undefined;
  }
  const before = out.count;
  const pools = value.map((p: unknown, i) => checkCpuPool(p, i, where, out));
  const first = new Map<string, string>();
  (gpuPools ?? []).forEach((p, i) => p.name !== undefined && first.set(p.name, `gpuPools[${i}].name`));
  pools.forEach((p, i) => {
    if (p?.name === undefined) return;
    const earlier = first.get(p.name);
    if (earlier !== undefined) out.error(`cpuPools[${i}].name`, `repeats ${earlier} ("${p.name}"); pool names are unique across gpuPools and cpuPools`);
    else first.set(p.name, `cpuPools[${i}].name`);
  });
  return out.count === before ? (pools as ValidCpuPool[]) : undefined;
}

function checkCpuPool(value: unknown, index: number, where: Placement, out: Problems): Partial<ValidCpuPool> | undefined {
  const path = `cpuPools[${index}]`;
  const p = readMapping(value, path, "a CPU pool", CPU_POOL_FIELDS, out);
  if (p === undefined) return undefined;
  const raw = readString(p, "name", path, out, { required: 'a DNS label naming the pool, e.g. "batch"' });
  const name = raw !== undefined && checkLabel(raw, at(path, "name"), { max: GPU_POOL_NAME_MAX, startWithLetter: true, why: " (GKE node pool names)" }, out) ? raw : undefined;
  const types = readStringList(p, "instanceTypes", path, out, {
    required: "the candidate CPU instance types; the plan picks one of them, e.g. [m7i.xlarge, m7i.2xlarge]",
    nonEmpty: "give at least one candidate instance type",
  });
  if (types !== undefined && where.cloud !== undefined) {
    types.forEach((t, i) => checkCpuCandidate(t, at(at(path, "instanceTypes"), i), where.cloud!, where.region, out));
    types.forEach((t, i) => {
      const firstAt = types.indexOf(t);
      if (firstAt < i) out.error(at(at(path, "instanceTypes"), i), `repeats instanceTypes[${firstAt}] ("${t}"); list each candidate once`);
    });
  }
  const spot = readBoolean(p, "spot", path, out) ?? DEFAULT_SPOT;
  return { name, instanceTypes: types, spot };
}

/** A CPU pool candidate is a CPU type of the cloud in the catalogue, offered in the region. */
function checkCpuCandidate(type: string, path: string, cloud: Cloud, region: string | undefined, out: Problems): boolean {
  const t = findCpuInstanceType(cloud, type);
  if (t === undefined) {
    const names = cpuInstanceTypes(cloud).map((s) => s.name);
    const gpu = findInstanceType(cloud, type);
    const elsewhere = CLOUDS.find((c) => c !== cloud && findCpuInstanceType(c, type) !== undefined);
    const why =
      gpu !== undefined
        ? `${type} carries ${gpu.gpus} × ${gpu.gpu}: a CPU pool takes CPU types only; move it to gpuPools`
        : elsewhere !== undefined
          ? `${type} is ${withArticle(elsewhere)} shape, not ${withArticle(cloud)} one`
          : `is not ${withArticle(cloud)} CPU instance type in the catalogue, got "${type}"`;
    const close = gpu !== undefined || elsewhere !== undefined ? undefined : suggest(type, names);
    out.error(path, `${why}${close !== undefined ? `; did you mean "${close}"?` : gpu === undefined ? ` (\`ml-clusters catalog ${cloud}\` lists them)` : ""}`);
    return false;
  }
  if (region !== undefined && !t.regions.includes(region)) {
    out.error(path, `${type} is not offered in ${region}; it is in ${firstFew([...t.regions].sort())}`);
    return false;
  }
  return true;
}

type WorkloadDraft = ServiceDraft | TrainingJobDraft;

/**
 * With explicit pools, every GPU workload needs a pool whose model fits it, whose nodes hold its
 * GPUs, and whose capacity type is the workload's: a spot pool takes only `spot: true` workloads
 * (their on-demand fallback pool is planned for them), an on-demand pool only the others.
 */
export function checkPoolCoverage(pools: readonly ValidGpuPool[], workloads: readonly WorkloadDraft[], cloud: Cloud, out: Problems): void {
  const carried = [...new Set(pools.map((p) => p.gpu))];
  for (const w of workloads) {
    const gpu = w.gpu;
    if (gpu === undefined) continue;
    const byModel = pools.filter((p) => (gpu.model !== undefined ? p.gpu === gpu.model : GPUS[p.gpu].memoryGiB >= (gpu.minMemoryGiB ?? 0)));
    const spot = w.spot === true;
    const fits = byModel.filter((p) => p.spot === spot);
    const gpuPath = at(w.path, "gpu");
    if (fits.length === 0 && byModel.length > 0) {
      const names = byModel.map((p) => p.name).join(", ");
      out.error(
        at(w.path, "spot"),
        spot
          ? `is true, but the gpuPools entries that can hold this workload (${names}) are on-demand; add a pool with spot: true for it, or remove spot from the workload`
          : `is false, but the gpuPools entries that can hold this workload (${names}) are spot pools, which take only workloads with spot: true; add an on-demand pool for it, or set spot: true on the workload`,
      );
      continue;
    }
    if (fits.length === 0) {
      const wants = gpu.model !== undefined ? gpu.model : `a GPU with at least ${gpu.minMemoryGiB} GiB`;
      out.error(
        at(gpuPath, gpu.model !== undefined ? "model" : "minMemoryGiB"),
        `asks for ${wants}, but no gpuPools entry carries it (pools carry: ${carried.join(", ") || "nothing"}); add a pool for it or remove gpuPools to let the planner derive them`,
      );
      continue;
    }
    const largest = Math.max(...fits.flatMap((p) => p.instanceTypes.map((t) => findInstanceType(cloud, t)?.gpus ?? 0)));
    if (gpu.count > largest) {
      out.error(
        at(gpuPath, "count"),
        `must be at most ${largest}, the most GPUs on one node of the pools that fit it (${fits.map((p) => p.name).join(", ")}), got ${gpu.count}; add a larger candidate instance type to a pool`,
      );
    }
  }
}

/** Spot nodes can be reclaimed at short notice: a spot training job should resume from a checkpoint. */
export function warnSpotTraining(jobs: readonly TrainingJobDraft[], out: Problems): void {
  for (const j of jobs) {
    if (j.spot !== true) continue;
    const tail = j.checkpoint === undefined ? "; this job has no checkpoint volume and would start over" : "; it resumes from its last checkpoint";
    out.warn(at(j.path, "spot"), `is true: spot nodes can be reclaimed at short notice, and each reclaim restarts the job${tail}`);
  }
}
