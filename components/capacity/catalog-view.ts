/**
 * The instance catalogue as the planner sees it: each GPU and CPU type of a cloud with what a pod can
 * request on it. What `ml-clusters catalog CLOUD` prints (shared/DESIGN.md, "Capacity semantics").
 */
import type { Cloud, CpuFamilyKind, WorkerType } from "../catalog/types";
import { CLOUD_FACTS } from "../catalog/clouds";
import { workerTypes } from "../catalog/instances";
import { allocatable } from "./allocatable";

/** A catalogue row (DESIGN's fields) with what a pod can request on a node of the type. */
export interface CatalogEntry
  extends Pick<WorkerType, "name" | "gpu" | "gpus" | "gpuMemoryGiB" | "vcpus" | "memoryGiB" | "pricePerHour" | "priceRegion" | "regions"> {
  /** CPU types: what the family is tuned for. */
  readonly kind?: CpuFamilyKind;
  /** Sold only as Spot or Flex-start VMs: planned only into spot pools. */
  readonly spotOnly: boolean;
  /** After the cloud's reservations, the eviction threshold and the per-node daemons. */
  readonly allocatable: { readonly cpu: number; readonly memoryGiB: number; readonly gpus: number };
}

export interface InstanceCatalog {
  readonly cloud: Cloud;
  readonly source: string;
  readonly date: string;
  readonly priceRegion: string;
  readonly instanceTypes: readonly CatalogEntry[];
}

/** Cores with millicore precision, GiB to the MiB: the units a reader compares requests in. */
export function coresFromMillis(millis: number): number {
  return Math.round(millis) / 1000;
}

export function gibFromMib(mib: number): number {
  return Math.floor((mib / 1024) * 1000) / 1000;
}

/** The catalogue the planner uses for one cloud, in catalogue order. */
export function instanceCatalog(cloud: Cloud): InstanceCatalog {
  const facts = CLOUD_FACTS[cloud];
  return {
    cloud,
    source: facts.source,
    date: facts.date,
    priceRegion: facts.priceRegion,
    instanceTypes: workerTypes(cloud).map((t) => {
      const a = allocatable(t);
      return {
        name: t.name,
        gpu: t.gpu,
        gpus: t.gpus,
        gpuMemoryGiB: t.gpuMemoryGiB,
        vcpus: t.vcpus,
        memoryGiB: t.memoryGiB,
        pricePerHour: t.pricePerHour,
        priceRegion: t.priceRegion,
        regions: [...t.regions],
        ...(t.kind !== undefined ? { kind: t.kind } : {}),
        spotOnly: t.spotOnly === true,
        allocatable: { cpu: coresFromMillis(a.cpuMillis), memoryGiB: gibFromMib(a.memoryMiB), gpus: a.gpus },
      };
    }),
  };
}
