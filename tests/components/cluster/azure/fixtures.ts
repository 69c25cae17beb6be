/**
 * Specs and capacity plans for the AKS tests, built from tests/helpers/builders (the planner is
 * tested elsewhere), and a program that builds one AksCluster.
 */
import type { CapacityPlan, PlanPool } from "../../../../components/capacity/types";
import { findInstanceType, findWorkerType } from "../../../../components/catalog";
import type { GpuModel } from "../../../../components/catalog/types";
import type { StorageLocation, ValidRegistry, ValidSpec } from "../../../../components/spec/types";
import { AksCluster } from "../../../../components/cluster/azure";
import type { AksClusterArgs } from "../../../../components/cluster/azure";
import { capacityPlan, cloudSpec, CLOUD_DEFAULTS, NO_NODES, planPool } from "../../../helpers/builders";

export const REGION = CLOUD_DEFAULTS.azure.region;
export const A100 = "Standard_NC24ads_A100_v4";
export const T4 = "Standard_NC4as_T4_v3";

/** The AKS tests' spec: the shared Azure defaults (eastus, Standard_D4s_v5 system pool). */
export function spec(overrides: Partial<ValidSpec> = {}): ValidSpec {
  return cloudSpec("azure", overrides);
}

/** A pool of an Azure size with the catalogue's GPU, GPU count and price, and no packings. */
export function pool(name: string, instanceType: string, o: { readonly spot?: boolean; readonly min?: number; readonly max?: number; readonly gpu?: GpuModel } = {}): PlanPool {
  const type = findInstanceType("azure", instanceType);
  return planPool({
    name,
    gpu: o.gpu ?? type?.gpu ?? "t4",
    instanceType,
    spot: o.spot ?? false,
    gpusPerNode: type?.gpus ?? 1,
    pricePerHour: type?.pricePerHour ?? 1,
    minNodes: o.min ?? 0,
    maxNodes: o.max ?? 2,
    base: NO_NODES,
    peak: NO_NODES,
  });
}

/** A CPU pool of an Azure CPU size (`gpu: null`, no GPUs), with the catalogue's price. */
export function cpuPool(name: string, instanceType: string, o: { readonly spot?: boolean; readonly min?: number; readonly max?: number; readonly fallbackFor?: string } = {}): PlanPool {
  return planPool({
    name,
    gpu: null,
    instanceType,
    spot: o.spot ?? false,
    ...(o.fallbackFor !== undefined ? { fallbackFor: o.fallbackFor } : {}),
    gpusPerNode: 0,
    pricePerHour: findWorkerType("azure", instanceType)?.pricePerHour ?? 1,
    minNodes: o.min ?? 0,
    maxNodes: o.max ?? 2,
    base: NO_NODES,
    peak: NO_NODES,
  });
}

/** A GPU spot pool's on-demand fallback: same size, Regular VMs, from zero. */
export function fallbackOf(spot: PlanPool): PlanPool {
  return { ...spot, name: `${spot.name}-fallback`, spot: false, fallbackFor: spot.name, minNodes: 0 };
}

export const D8 = "Standard_D8s_v5";
export const D4 = "Standard_D4s_v5";

/**
 * Every kind of pool: on-demand A100, a CPU pool, and a T4 and a CPU spot pool, each with its
 * on-demand fallback (the shapes the planner gives a spec with CPU and spot workloads).
 */
export const T4_SPOT = pool("t4-spot-1", T4, { spot: true, min: 0, max: 2 });
export const CPU_SPOT = cpuPool("cpu-spot-1", D4, { spot: true, min: 2, max: 4 });
export const MIXED_POOLS: readonly PlanPool[] = [
  pool("a100-80gb-1", A100, { min: 1, max: 3 }),
  cpuPool("cpu-1", D8, { min: 1, max: 3 }),
  CPU_SPOT,
  fallbackOf(CPU_SPOT),
  T4_SPOT,
  fallbackOf(T4_SPOT),
];

export function plan(pools: readonly PlanPool[], overrides: Partial<CapacityPlan> = {}): CapacityPlan {
  return capacityPlan({ cloud: "azure", region: REGION, catalog: { source: "test", date: "2026-08-01", priceRegion: REGION }, pools, ...overrides });
}

/** Two GPU pools: on-demand A100 from one node, Spot T4 from zero. */
export const TWO_POOLS: readonly PlanPool[] = [pool("a100-80gb-1", A100, { min: 1, max: 3 }), pool("batch", T4, { spot: true, min: 0, max: 4 })];

export function args(overrides: Partial<AksClusterArgs> = {}): AksClusterArgs {
  return { spec: spec(), plan: plan(TWO_POOLS), ...overrides };
}

/** What a program built, for assertions on the component itself. */
export interface Built {
  cluster?: AksCluster;
}

/** A program building one cluster and exporting its name and kubeconfig. */
export function program(a: AksClusterArgs = args(), built: Built = {}, name = "ml") {
  return () => {
    const c = new AksCluster(name, a);
    built.cluster = c;
    return { name: c.name, kubeconfig: c.kubeconfig };
  };
}

/** The subscription the tests' data and registries live in: not the cluster's (FAKE_AZURE_SUBSCRIPTION). */
export const DATA_SUBSCRIPTION = "11111111-2222-4333-8444-555555555555";

/** A blob container by ARM ID, optionally with a prefix, parsed as the spec parses `access` entries. */
export function containerLocation(account: string, container: string, prefix = ""): StorageLocation {
  const bucket = `/subscriptions/${DATA_SUBSCRIPTION}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default/containers/${container}`;
  return { url: prefix === "" ? bucket : `${bucket}/${prefix}`, bucket, prefix, account, container };
}

/** An Azure Container Registry by ARM ID, parsed as the spec parses `registries` entries. */
export function acr(name: string): ValidRegistry {
  const resourceId = `/subscriptions/${DATA_SUBSCRIPTION}/resourceGroups/images/providers/Microsoft.ContainerRegistry/registries/${name}`;
  return { written: resourceId, imagePrefix: `${name}.azurecr.io/`, resourceId, name };
}
