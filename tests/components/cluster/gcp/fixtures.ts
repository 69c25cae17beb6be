/**
 * Specs and plans for the GKE tests, built from tests/helpers/builders (the planner is tested
 * elsewhere), and a render of one GkeCluster on the mock engine with the provider project set as `gcp:project`.
 */
import type { CapacityPlan, PlanPool } from "../../../../components/capacity/types";
import type { StorageLocation, ValidSpec } from "../../../../components/spec/types";
import type { WorkloadIdentityBinding } from "../../../../components/cluster/contract";
import { GkeCluster, GkeClusterArgs } from "../../../../components/cluster/gcp";
import { FAKE_GCP_PROJECT } from "../../../../cli/engine/answers/gcp";
import { MockRun, render } from "../../../helpers/mocks";
import { capacityPlan, cloudSpec, CLOUD_DEFAULTS, planPool } from "../../../helpers/builders";

export const REGION = CLOUD_DEFAULTS.gcp.region;

/** The GKE tests' spec: GCP defaults on Kubernetes 1.35. */
export function gcpSpec(overrides: Partial<ValidSpec> = {}): ValidSpec {
  return cloudSpec("gcp", { kubernetesVersion: "1.35", ...overrides });
}

/** The shared L4 pool on GKE's g2-standard-8 (us-central1 on-demand price, as the catalogue has it). */
export function gcpPool(overrides: Partial<PlanPool> = {}): PlanPool {
  return planPool({ instanceType: "g2-standard-8", pricePerHour: 0.853624, ...overrides });
}

/** A plan of `pools`; its catalogue stays priced in REGION when a test moves the plan's region. */
export function gcpPlan(pools: readonly PlanPool[], region = REGION): CapacityPlan {
  return capacityPlan({ cloud: "gcp", region, catalog: { source: "test", date: "2026-11-01", priceRegion: REGION }, pools });
}

/** An L4 pool on demand and an A100 training pool on Spot that scales from zero. */
export const TWO_POOLS: readonly PlanPool[] = [
  gcpPool(),
  gcpPool({ name: "train", gpu: "a100-80gb", instanceType: "a2-ultragpu-8g", spot: true, gpusPerNode: 8, pricePerHour: 40.550383, minNodes: 0, maxNodes: 2 }),
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

/**
 * Renders one GkeCluster and asks it for the identity of every workload with `access`, as the
 * Kubernetes layer does: named `<cluster>-<namespace>-<workload>`, bound to the workload's own
 * ServiceAccount (named after the workload), parented to the cluster. The bindings come back
 * through `out`, by workload key.
 */
export function renderGkeWithIdentities(
  args: GkeClusterArgs,
  out: { cluster?: GkeCluster; bindings?: Map<string, WorkloadIdentityBinding> } = {},
): Promise<MockRun> {
  return render(
    () => {
      const cluster = new GkeCluster("ml-dev", args);
      out.cluster = cluster;
      out.bindings = new Map();
      for (const w of [...args.spec.services, ...args.spec.trainingJobs]) {
        if (w.access === undefined) continue;
        const request = { key: w.key, namespace: w.namespace, serviceAccount: w.name, access: w.access };
        out.bindings.set(w.key, cluster.workloadIdentity(`ml-dev-${w.namespace}-${w.name}`, request, cluster));
      }
      return { kubeconfig: cluster.kubeconfig };
    },
    { config: GCP_CONFIG },
  );
}

/** A parsed `gs://` access entry, as spec validation yields it. */
export function gs(bucket: string, prefix = ""): StorageLocation {
  return { url: `gs://${bucket}/${prefix}`, bucket, prefix };
}

/** Resolves an Output in a test (the mock engine resolves every output it knows). */
export function valueOf<T>(o: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** A CPU pool on N2 (us-central1 on-demand price, as the catalogue has it). */
export const CPU_POOL: PlanPool = planPool({ name: "cpu-1", gpu: null, instanceType: "n2-standard-4", gpusPerNode: 0, pricePerHour: 0.194236, minNodes: 1, maxNodes: 2 });

/** An L4 spot pool and its on-demand fallback, as the planner names them. */
export const SPOT_PAIR: readonly PlanPool[] = [
  gcpPool({ name: "l4-spot-1", spot: true, minNodes: 2, maxNodes: 3 }),
  gcpPool({ name: "l4-spot-1-fallback", fallbackFor: "l4-spot-1", minNodes: 0, maxNodes: 3 }),
];

/** A CPU spot pool and its on-demand fallback. */
export const CPU_SPOT_PAIR: readonly PlanPool[] = [
  { ...CPU_POOL, name: "cpu-spot-1", spot: true, minNodes: 0, maxNodes: 4 },
  { ...CPU_POOL, name: "cpu-spot-1-fallback", fallbackFor: "cpu-spot-1", minNodes: 0, maxNodes: 4 },
];

/** Every kind of worker pool at once: on-demand GPU, CPU, GPU spot with fallback, CPU spot with fallback. */
export const MIXED_POOLS: readonly PlanPool[] = [gcpPool(), CPU_POOL, ...SPOT_PAIR, ...CPU_SPOT_PAIR];
