import { CLOUDS, Cloud, CpuInstanceType } from "../types";
import { AWS_CPU_INSTANCE_TYPES } from "./cpu-aws";
import { AZURE_CPU_INSTANCE_TYPES } from "./cpu-azure";
import { GCP_CPU_INSTANCE_TYPES } from "./cpu-gcp";

export const CPU_INSTANCE_TYPES: { readonly [c in Cloud]: readonly CpuInstanceType[] } = Object.freeze({
  aws: AWS_CPU_INSTANCE_TYPES,
  gcp: GCP_CPU_INSTANCE_TYPES,
  azure: AZURE_CPU_INSTANCE_TYPES,
});

const BY_CLOUD_AND_NAME: ReadonlyMap<string, CpuInstanceType> = new Map(
  CLOUDS.flatMap((cloud) => CPU_INSTANCE_TYPES[cloud].map((t) => [`${cloud}/${t.name}`, t] as const)),
);

/** The CPU shapes of one cloud, by family kind then size. */
export function cpuInstanceTypes(cloud: Cloud): readonly CpuInstanceType[] {
  return CPU_INSTANCE_TYPES[cloud];
}

/** One CPU shape by its name, or undefined. */
export function findCpuInstanceType(cloud: Cloud, name: string): CpuInstanceType | undefined {
  return BY_CLOUD_AND_NAME.get(`${cloud}/${name}`);
}
