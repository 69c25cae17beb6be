/**
 * Hand-built specs and capacity plans for the AKS tests (the planner is built elsewhere), and a
 * program that builds one AksCluster.
 */
import type { CapacityPlan, PlanPool } from "../../../../components/capacity/types";
import { findInstanceType } from "../../../../components/catalog";
import type { GpuModel } from "../../../../components/catalog/types";
import type { ValidSpec } from "../../../../components/spec/types";
import { AksCluster } from "../../../../components/cluster/azure";
import type { AksClusterArgs } from "../../../../components/cluster/azure";

export const A100 = "Standard_NC24ads_A100_v4";
export const T4 = "Standard_NC4as_T4_v3";

export function spec(overrides: Partial<ValidSpec> = {}): ValidSpec {
  return {
    name: "ml-dev",
    cloud: "azure",
    region: "eastus",
    kubernetesVersion: "1.33",
    protect: true,
    network: { cidr: "10.0.0.0/16" },
    systemPool: { instanceType: "Standard_D4s_v5", minNodes: 2, maxNodes: 4 },
    namespaces: [],
    services: [],
    trainingJobs: [],
    monitoring: { enabled: true },
    warnings: [],
    ...overrides,
  };
}

export function pool(name: string, instanceType: string, o: { readonly spot?: boolean; readonly min?: number; readonly max?: number; readonly gpu?: GpuModel } = {}): PlanPool {
  const type = findInstanceType("azure", instanceType);
  return {
    name,
    gpu: o.gpu ?? type?.gpu ?? "t4",
    instanceType,
    spot: o.spot ?? false,
    gpusPerNode: type?.gpus ?? 1,
    pricePerHour: type?.pricePerHour ?? 1,
    minNodes: o.min ?? 0,
    maxNodes: o.max ?? 2,
    base: { nodes: [] },
    peak: { nodes: [] },
  };
}

export function plan(pools: readonly PlanPool[], overrides: Partial<CapacityPlan> = {}): CapacityPlan {
  return {
    cloud: "azure",
    region: "eastus",
    catalog: { source: "test", date: "2026-08-01", priceRegion: "eastus" },
    pools,
    workloads: [],
    cost: { basePerHour: 0, peakPerHour: 0, fixedPerHour: 0 },
    gpuUtilisationAtPeak: 1,
    ...overrides,
  };
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
