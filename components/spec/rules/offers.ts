/**
 * Questions the spec rules ask the catalogue: where a GPU model is offered, what a region has,
 * how many GPUs one node can carry. Answers are sorted so messages are stable.
 */
import { CLOUDS, Cloud, GPU_MODELS, GpuModel } from "../../catalog/types";
import { GPUS, gpuOffered, instanceTypes } from "../../catalog";

/** Clouds where some shape carries the model. */
export function cloudsOffering(model: GpuModel): Cloud[] {
  return CLOUDS.filter((c) => gpuOffered(c, model));
}

/** Regions of a cloud where some shape with the model is offered, sorted. */
export function regionsOffering(cloud: Cloud, model: GpuModel): string[] {
  const regions = new Set(instanceTypes(cloud).filter((t) => t.gpu === model).flatMap((t) => t.regions));
  return [...regions].sort();
}

/** GPU models offered in a region of a cloud, in catalogue order. */
export function modelsOffered(cloud: Cloud, region: string): GpuModel[] {
  return GPU_MODELS.filter((m) => gpuOffered(cloud, m, region));
}

/** Models with at least `minMemoryGiB` per GPU offered in the region, smallest memory first. */
export function modelsWithMemory(cloud: Cloud, region: string, minMemoryGiB: number): GpuModel[] {
  return modelsOffered(cloud, region)
    .filter((m) => GPUS[m].memoryGiB >= minMemoryGiB)
    .sort((a, b) => GPUS[a].memoryGiB - GPUS[b].memoryGiB);
}

/** The most GPUs of these models on one node of the cloud (in the region when given); 0 when none. */
export function maxGpusPerNode(cloud: Cloud, models: readonly GpuModel[], region?: string): number {
  return instanceTypes(cloud)
    .filter((t) => models.includes(t.gpu) && (region === undefined || t.regions.includes(region)))
    .reduce((most, t) => Math.max(most, t.gpus), 0);
}
