/**
 * Hand-built specs and plans for the GKE tests (the planner is built elsewhere), and a render of
 * one GkeCluster on the mock engine with the provider project set as `gcp:project`.
 */
import type { CapacityPlan, PlanPool } from "../../../../components/capacity/types";
import type { ValidSpec } from "../../../../components/spec/types";
import { GkeCluster, GkeClusterArgs } from "../../../../components/cluster/gcp";
import { FAKE_GCP_PROJECT } from "../../../../cli/mocks/gcp";
import { MockRun, render } from "../../../helpers/mocks";

export const REGION = "us-central1";

export function gcpSpec(overrides: Partial<ValidSpec> = {}): ValidSpec {
  return {
    name: "ml-dev",
    cloud: "gcp",
    region: REGION,
    kubernetesVersion: "1.35",
    protect: true,
    network: { cidr: "10.0.0.0/16" },
    systemPool: { instanceType: "e2-standard-4", minNodes: 2, maxNodes: 4 },
    namespaces: [],
    services: [],
    trainingJobs: [],
    monitoring: { enabled: true },
    warnings: [],
    ...overrides,
  };
}

export function planPool(overrides: Partial<PlanPool> = {}): PlanPool {
  return {
    name: "l4-1",
    gpu: "l4",
    instanceType: "g2-standard-8",
    spot: false,
    gpusPerNode: 1,
    pricePerHour: 0.853624,
    minNodes: 1,
    maxNodes: 3,
    base: { nodes: [{ pods: ["research/chat#0"] }] },
    peak: { nodes: [{ pods: ["research/chat#0"] }, { pods: ["research/chat#1"] }, { pods: ["research/chat#2"] }] },
    ...overrides,
  };
}

export function gcpPlan(pools: readonly PlanPool[], region = REGION): CapacityPlan {
  return {
    cloud: "gcp",
    region,
    catalog: { source: "test", date: "2026-11-01", priceRegion: REGION },
    pools,
    workloads: [],
    cost: { basePerHour: 0, peakPerHour: 0, fixedPerHour: 0 },
    gpuUtilisationAtPeak: 1,
  };
}

/** An L4 pool on demand and an A100 training pool on Spot that scales from zero. */
export const TWO_POOLS: readonly PlanPool[] = [
  planPool(),
  planPool({ name: "train", gpu: "a100-80gb", instanceType: "a2-ultragpu-8g", spot: true, gpusPerNode: 8, pricePerHour: 40.550383, minNodes: 0, maxNodes: 2 }),
];

export function gkeArgs(overrides: Partial<GkeClusterArgs> = {}, pools: readonly PlanPool[] = TWO_POOLS): GkeClusterArgs {
  return { spec: gcpSpec(), plan: gcpPlan(pools), ...overrides };
}

export const GCP_CONFIG = Object.freeze({ "gcp:project": FAKE_GCP_PROJECT });

/** Renders one GkeCluster named `name`; the component is returned through `out` when given. */
export function renderGke(args: GkeClusterArgs, options: { readonly preview?: boolean; readonly name?: string; readonly out?: { cluster?: GkeCluster } } = {}): Promise<MockRun> {
  return render(
    () => {
      const cluster = new GkeCluster(options.name ?? "ml-dev", args);
      if (options.out) options.out.cluster = cluster;
      return { kubeconfig: cluster.kubeconfig, clusterName: cluster.name };
    },
    { preview: options.preview, config: GCP_CONFIG },
  );
}

/** Resolves an Output in a test (the mock engine resolves every output it knows). */
export function valueOf<T>(o: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}
