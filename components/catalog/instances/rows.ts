import type { Cloud, GpuModel, InstanceType } from "../types";

/** What every size of one GPU family shares: the GPU, where it is sold, where its price is quoted. */
export interface Family {
  readonly gpu: GpuModel;
  readonly gpuMemoryGiB: number;
  readonly priceRegion: string;
  readonly regions: readonly string[];
  /** GKE accelerator type string; GCP families only. */
  readonly acceleratorType?: string;
}

/** What differs between the sizes of a family. */
export interface Shape {
  readonly name: string;
  readonly gpus: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** On-demand USD per hour in the family's price region; null when no source gave it. */
  readonly pricePerHour: number | null;
  /** Sold only as Spot (or Flex-start) VMs (InstanceType.spotOnly). */
  readonly spotOnly?: boolean;
}

/** One catalogue row: a size of a family, whose machine type is its name. */
export function instanceRow(cloud: Cloud, family: Family, shape: Shape): InstanceType {
  return {
    name: shape.name,
    cloud,
    machineType: shape.name,
    ...(family.acceleratorType !== undefined ? { acceleratorType: family.acceleratorType } : {}),
    gpu: family.gpu,
    gpus: shape.gpus,
    gpuMemoryGiB: family.gpuMemoryGiB,
    vcpus: shape.vcpus,
    memoryGiB: shape.memoryGiB,
    pricePerHour: shape.pricePerHour,
    priceRegion: family.priceRegion,
    regions: family.regions,
    ...(shape.spotOnly === true ? { spotOnly: true } : {}),
  };
}
