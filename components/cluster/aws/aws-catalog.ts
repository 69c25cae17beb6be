/**
 * The catalogue as the EKS checks see it: lookups over AWS rows only. Tests pass their own rows to
 * reach cases the real catalogue has none of.
 */
import { cpuInstanceTypes, findCpuInstanceType } from "../../catalog/instances/cpu-lookup";
import { findInstanceType, instanceTypes } from "../../catalog/instances/lookup";
import { isRegion, REGIONS } from "../../catalog/regions";
import type { CpuInstanceType, InstanceType } from "../../catalog/types";

/** The catalogue lookups the checks use; tests may pass their own rows. */
export interface AwsCatalog {
  readonly findInstanceType: (name: string) => InstanceType | undefined;
  readonly instanceTypes: () => readonly InstanceType[];
  readonly findCpuInstanceType: (name: string) => CpuInstanceType | undefined;
  readonly cpuInstanceTypes: () => readonly CpuInstanceType[];
  readonly isRegion: (region: string) => boolean;
  readonly regions: () => readonly string[];
}

export const AWS_CATALOG: AwsCatalog = Object.freeze({
  findInstanceType: (name: string) => findInstanceType("aws", name),
  instanceTypes: () => instanceTypes("aws"),
  findCpuInstanceType: (name: string) => findCpuInstanceType("aws", name),
  cpuInstanceTypes: () => cpuInstanceTypes("aws"),
  isRegion: (region: string) => isRegion("aws", region),
  regions: () => REGIONS.aws,
});

