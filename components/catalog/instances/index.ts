import { Cloud, GpuModel, InstanceType } from "../types";
import { AWS_INSTANCE_TYPES } from "./aws";
import { GCP_INSTANCE_TYPES } from "./gcp";
import { AZURE_INSTANCE_TYPES } from "./azure";

export const INSTANCE_TYPES: { readonly [c in Cloud]: readonly InstanceType[] } = Object.freeze({
  aws: AWS_INSTANCE_TYPES,
  gcp: GCP_INSTANCE_TYPES,
  azure: AZURE_INSTANCE_TYPES,
});

const BY_CLOUD_AND_NAME: ReadonlyMap<string, InstanceType> = new Map(
  Object.values(INSTANCE_TYPES).flatMap((types) => types.map((t) => [`${t.cloud}/${t.name}`, t] as const)),
);

/** The GPU shapes of one cloud. */
export function instanceTypes(cloud: Cloud): readonly InstanceType[] {
  return INSTANCE_TYPES[cloud];
}

/** One shape by its catalogue name, or undefined. */
export function findInstanceType(cloud: Cloud, name: string): InstanceType | undefined {
  return BY_CLOUD_AND_NAME.get(`${cloud}/${name}`);
}

/** Whether some shape with this GPU model is offered in the cloud (in the region, when given). */
export function gpuOffered(cloud: Cloud, model: GpuModel, region?: string): boolean {
  return INSTANCE_TYPES[cloud].some((t) => t.gpu === model && (region === undefined || t.regions.includes(region)));
}
