import { CLOUDS, Cloud, GpuModel, InstanceType } from "../types";
import { AWS_INSTANCE_TYPES } from "./aws";
import { AZURE_INSTANCE_TYPES } from "./azure";
import { GCP_INSTANCE_TYPES } from "./gcp";

export const INSTANCE_TYPES: { readonly [c in Cloud]: readonly InstanceType[] } = Object.freeze({
  aws: AWS_INSTANCE_TYPES,
  gcp: GCP_INSTANCE_TYPES,
  azure: AZURE_INSTANCE_TYPES,
});

const BY_CLOUD_AND_NAME: ReadonlyMap<string, InstanceType> = new Map(
  CLOUDS.flatMap((cloud) => INSTANCE_TYPES[cloud].map((t) => [`${cloud}/${t.name}`, t] as const)),
);

/** The GPU shapes of one cloud. */
export function instanceTypes(cloud: Cloud): readonly InstanceType[] {
  return INSTANCE_TYPES[cloud];
}

/** One shape by its catalogue name, or undefined. */
export function findInstanceType(cloud: Cloud, name: string): InstanceType | undefined {
  return BY_CLOUD_AND_NAME.get(`${cloud}/${name}`);
}

function shapesWith(cloud: Cloud, model: GpuModel, region: string | undefined): readonly InstanceType[] {
  return INSTANCE_TYPES[cloud].filter((t) => t.gpu === model && (region === undefined || t.regions.includes(region)));
}

/** Whether some shape with this GPU model is offered in the cloud (in the region, when given). */
export function gpuOffered(cloud: Cloud, model: GpuModel, region?: string): boolean {
  return shapesWith(cloud, model, region).length > 0;
}

/** The regions of a cloud where some shape carries this GPU model, sorted; for "offered in ..." hints. */
export function gpuRegions(cloud: Cloud, model: GpuModel): readonly string[] {
  const offered = new Set(shapesWith(cloud, model, undefined).flatMap((t) => t.regions));
  return [...offered].sort();
}

/** The most GPUs of this model on one node of the cloud (in the region, when given); 0 when none is offered. */
export function maxGpusPerNode(cloud: Cloud, model: GpuModel, region?: string): number {
  return shapesWith(cloud, model, region).reduce((most, t) => Math.max(most, t.gpus), 0);
}
