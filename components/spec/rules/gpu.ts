/**
 * A workload's GPU request: a known model (aliases accepted) offered on the cloud and in the
 * region, or a minimum memory some offered model meets; a whole GPU count that one node can carry.
 */
import type { Cloud, GpuModel } from "../../catalog/types";
import { GPU_MODELS } from "../../catalog/types";
import { GPUS, gpuModelSpellings, gpuOffered, resolveGpuModel } from "../../catalog";
import type { ValidGpuRequest } from "../types";
import { checkInteger, integerRangeText, Mapping, readField, readMapping, readNumber, readString } from "./fields";
import { cloudsOffering, maxGpusPerNode, modelsOffered, modelsWithMemory, regionsOffering } from "./offers";
import { at, firstFew, listing, Problems, show, showTyped } from "./problems";
import { suggest } from "./suggest";

/** Where the workloads run; each part is present only once it has been found valid. */
export interface Placement {
  readonly cloud?: Cloud;
  readonly region?: string;
}

export const GPU_REQUEST_FIELDS = ["model", "minMemoryGiB", "count"] as const;

/** Largest GPU memory anyone could ask for: above every GPU in the catalogue by far (GiB). */
const MAX_MIN_MEMORY_GIB = 1024;

/** A GPU model name or alias to its canonical name, with a did-you-mean when unknown. */
export function checkGpuModel(name: string, path: string, out: Problems): GpuModel | undefined {
  const model = resolveGpuModel(name);
  if (model !== undefined) return model;
  const close = suggest(name, gpuModelSpellings());
  const known = `known models: ${GPU_MODELS.join(", ")}`;
  const hint = close !== undefined ? `; did you mean "${close}"? (${known})` : `; ${known}`;
  out.error(path, `is not a GPU model this package knows, got ${JSON.stringify(name)}${hint}`);
  return undefined;
}

/** The model is offered on the cloud and in the region; the message says where it is instead. */
export function checkGpuOffered(model: GpuModel, path: string, where: Placement, out: Problems): boolean {
  const { cloud, region } = where;
  if (cloud === undefined) return true;
  if (!gpuOffered(cloud, model)) {
    const elsewhere = cloudsOffering(model);
    const hint = elsewhere.length > 0 ? `only on ${listing(elsewhere, false)}` : "nor on any other cloud in the catalogue";
    out.error(path, `${model} is not offered on ${cloud}, ${hint}; choose another model or cloud`);
    return false;
  }
  if (region !== undefined && !gpuOffered(cloud, model, region)) {
    const here = modelsOffered(cloud, region);
    const models = here.length > 0 ? `; GPUs offered in ${region}: ${here.join(", ")}` : `; ${region} offers no GPU shapes in this catalogue`;
    out.error(path, `${model} is not offered in ${region} on ${cloud}; it is in ${firstFew(regionsOffering(cloud, model))}${models}`);
    return false;
  }
  return true;
}

/** `gpu: { model | minMemoryGiB, count }`. */
export function checkGpuRequest(value: unknown, path: string, where: Placement, out: Problems): ValidGpuRequest | undefined {
  const before = out.count;
  const gpu = readMapping(value, path, "a GPU request", GPU_REQUEST_FIELDS, out);
  if (gpu === undefined) return undefined;
  const name = readString(gpu, "model", path, out);
  const model = name === undefined ? undefined : checkGpuModel(name, at(path, "model"), out);
  const minMemoryGiB = readNumber(gpu, "minMemoryGiB", path, out, { above: 0, max: MAX_MIN_MEMORY_GIB, what: `a number of GiB above 0 and at most ${MAX_MIN_MEMORY_GIB}` });
  const modelGiven = readField(gpu, "model") !== undefined;
  const minGiven = readField(gpu, "minMemoryGiB") !== undefined;
  if (!modelGiven && !minGiven) {
    out.error(path, "needs a model or minMemoryGiB: name the GPU (model: l4) or the least memory per GPU the workload needs (minMemoryGiB: 24)");
  }
  let offered = false;
  if (model !== undefined) {
    offered = checkGpuOffered(model, at(path, "model"), where, out);
    if (minMemoryGiB !== undefined && GPUS[model].memoryGiB < minMemoryGiB) {
      out.error(at(path, "model"), modelBelowMinimum(model, minMemoryGiB, where));
      offered = false;
    }
  } else if (!modelGiven && minMemoryGiB !== undefined && where.cloud !== undefined && where.region !== undefined) {
    offered = checkMemoryOffered(minMemoryGiB, at(path, "minMemoryGiB"), where.cloud, where.region, out);
  }
  const count = checkGpuCount(gpu, path, where, offered ? candidateModels(model, minMemoryGiB, where) : [], out);
  if (out.count !== before || count === undefined) return undefined;
  const asWritten = name !== undefined && model !== undefined && name.trim().toLowerCase() !== model ? { asWritten: name } : {};
  return { ...(model !== undefined ? { model } : {}), ...asWritten, ...(minMemoryGiB !== undefined ? { minMemoryGiB } : {}), count };
}

function modelBelowMinimum(model: GpuModel, minMemoryGiB: number, where: Placement): string {
  const bigger =
    where.cloud !== undefined && where.region !== undefined
      ? modelsWithMemory(where.cloud, where.region, minMemoryGiB)
      : GPU_MODELS.filter((m) => GPUS[m].memoryGiB >= minMemoryGiB);
  const hint = bigger.length > 0 ? ` (${firstFew(bigger)})` : "";
  return `${model} has ${GPUS[model].memoryGiB} GiB per GPU, below minMemoryGiB ${minMemoryGiB}; pick a model with at least ${minMemoryGiB} GiB${hint}, or give only one of model and minMemoryGiB`;
}

/** Some model with enough memory per GPU is offered in the region. */
export function checkMemoryOffered(minMemoryGiB: number, path: string, cloud: Cloud, region: string, out: Problems): boolean {
  if (modelsWithMemory(cloud, region, minMemoryGiB).length > 0) return true;
  const here = modelsOffered(cloud, region);
  const largest = here.reduce<GpuModel | undefined>((best, m) => (best === undefined || GPUS[m].memoryGiB > GPUS[best].memoryGiB ? m : best), undefined);
  const hint = largest !== undefined ? `the most there is ${largest} with ${GPUS[largest].memoryGiB} GiB` : `${region} offers no GPU shapes in this catalogue`;
  out.error(path, `no GPU offered in ${region} on ${cloud} has ${show(minMemoryGiB)} GiB or more, got ${show(minMemoryGiB)}; ${hint}`);
  return false;
}

/** The models the planner may use for this request. */
function candidateModels(model: GpuModel | undefined, minMemoryGiB: number | undefined, where: Placement): GpuModel[] {
  if (model !== undefined) return [model];
  if (minMemoryGiB === undefined || where.cloud === undefined || where.region === undefined) return [];
  return modelsWithMemory(where.cloud, where.region, minMemoryGiB);
}

/** A whole number from 1 to the most GPUs of the candidate models one node carries. */
function checkGpuCount(gpu: Mapping, path: string, where: Placement, models: readonly GpuModel[], out: Problems): number | undefined {
  const p = at(path, "count");
  const v = readField(gpu, "count");
  if (v === undefined) {
    out.error(p, "is required: GPUs per pod, a whole number of at least 1");
    return undefined;
  }
  const max = where.cloud !== undefined && models.length > 0 ? maxGpusPerNode(where.cloud, models, where.region) : undefined;
  if (max === undefined) return checkInteger(v, p, { min: 1 }, out);
  const ok = typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= max;
  if (ok) return v;
  const which = models.length === 1 ? `${models[0]} GPUs` : "GPUs of those models";
  const place = where.region !== undefined ? `${where.cloud} node in ${where.region}` : `${where.cloud} node`;
  out.error(p, `must be ${integerRangeText({ min: 1, max })} (the most ${which} on one ${place}), got ${typeof v === "number" ? show(v) : showTyped(v)}`);
  return undefined;
}
