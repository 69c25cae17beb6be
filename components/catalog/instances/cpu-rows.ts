import type { Cloud, CpuFamilyKind, CpuInstanceType } from "../types";

/** What every size of one CPU family shares. */
export interface CpuFamily {
  readonly kind: CpuFamilyKind;
  readonly priceRegion: string;
  readonly regions: readonly string[];
}

/** What differs between the sizes of a CPU family. */
export interface CpuSize {
  readonly name: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** On-demand USD per hour in the family's price region. */
  readonly pricePerHour: number;
}

/** One CPU catalogue row: a size of a family. */
export function cpuRow(cloud: Cloud, family: CpuFamily, size: CpuSize): CpuInstanceType {
  return {
    name: size.name,
    cloud,
    kind: family.kind,
    vcpus: size.vcpus,
    memoryGiB: size.memoryGiB,
    pricePerHour: size.pricePerHour,
    priceRegion: family.priceRegion,
    regions: family.regions,
  };
}
