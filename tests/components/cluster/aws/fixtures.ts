/**
 * Specs and plans for the EKS tests, built from tests/helpers/builders (the planner is tested
 * elsewhere), and a render of one EksCluster on the mock engine.
 */
import type { CapacityPlan, PlanPool } from "../../../../components/capacity/types";
import type { ValidSpec } from "../../../../components/spec/types";
import { EksCluster, EksClusterArgs } from "../../../../components/cluster/aws";
import { MockRun, ofType as helperOfType, one as helperOne, RecordedResource, render } from "../../../helpers/mocks";
import type { MockRunOptions } from "../../../../cli/engine";
import { fakeAwsId } from "../../../../cli/engine/answers/aws";
import { capacityPlan, cloudSpec, CLOUD_DEFAULTS, planPool } from "../../../helpers/builders";

export const REGION = CLOUD_DEFAULTS.aws.region;

/** The EKS tests' spec: the shared AWS defaults (Kubernetes 1.33, m6i.xlarge system pool). */
export function awsSpec(overrides: Partial<ValidSpec> = {}): ValidSpec {
  return cloudSpec("aws", overrides);
}

/** A plan of `pools`; its catalogue stays priced in REGION when a test moves the plan's region. */
export function awsPlan(pools: readonly PlanPool[], region = REGION): CapacityPlan {
  return capacityPlan({ region, pools });
}

/** An L4 serving pool on demand and an 8-GPU A100 training pool on Spot that scales from zero. */
export const TWO_POOLS: readonly PlanPool[] = [
  planPool(),
  planPool({ name: "train", gpu: "a100-80gb", instanceType: "p4de.24xlarge", spot: true, gpusPerNode: 8, pricePerHour: 27.44705, minNodes: 0, maxNodes: 2 }),
];

export function eksArgs(overrides: Partial<EksClusterArgs> = {}, spec: Partial<ValidSpec> = {}, pools: readonly PlanPool[] = TWO_POOLS): EksClusterArgs {
  const s = awsSpec(spec);
  return { spec: s, plan: awsPlan(pools, s.region), ...overrides };
}

export interface EksRender {
  readonly run: MockRun;
  readonly cluster: EksCluster;
}

/** Renders one EksCluster named "ml" and returns what was registered plus the component. */
export async function renderEks(args: EksClusterArgs = eksArgs(), options: MockRunOptions = {}): Promise<EksRender> {
  let cluster: EksCluster | undefined;
  const run = await render(() => {
    cluster = new EksCluster("ml", args);
    return {};
  }, options);
  return { run, cluster: cluster! };
}

/** Resolves an Output-like value in a test (the mock engine knows every value outside preview). */
export function valueOf<T>(o: { apply: <U>(f: (t: T) => U) => unknown }): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Counts of resources per type token, for graph assertions. */
export function typeCounts(resources: readonly RecordedResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

/** A recorded resource whose inputs tests read freely (the engine records them as `unknown`). */
export type Recorded = Omit<RecordedResource, "inputs"> & { readonly inputs: Record<string, any> };

/** The one resource of a type (and name); see tests/helpers/mocks. */
export function one(run: MockRun, type: string, name?: string): Recorded {
  return helperOne(run, type, name);
}

export function ofType(run: MockRun, type: string): Recorded[] {
  return helperOfType(run, type);
}

/** The IDs the fake engine gives the three private subnets the component creates. */
export const PRIVATE_SUBNET_IDS: readonly string[] = ["ml-private-0", "ml-private-1", "ml-private-2"].map((n) => fakeAwsId("subnet", n));

/**
 * What the planner makes of a CPU service, a CPU Spot service and an L4 Spot service on AWS: an
 * on-demand CPU pool, and each Spot pool (several types) with its on-demand fallback.
 */
export const CPU_AND_SPOT_POOLS: readonly PlanPool[] = [
  planPool({ name: "cpu-1", gpu: null, instanceType: "m7i.xlarge", gpusPerNode: 0, pricePerHour: 0.2016, minNodes: 2, maxNodes: 6 }),
  planPool({
    name: "cpu-spot-1",
    gpu: null,
    instanceType: "m7i.xlarge",
    instanceTypes: ["m7i.xlarge", "r7i.xlarge", "c7i.2xlarge"],
    spot: true,
    gpusPerNode: 0,
    pricePerHour: 0.2016,
    minNodes: 2,
    maxNodes: 4,
  }),
  planPool({ name: "cpu-spot-1-fallback", gpu: null, instanceType: "m7i.xlarge", fallbackFor: "cpu-spot-1", gpusPerNode: 0, pricePerHour: 0.2016, minNodes: 0, maxNodes: 4 }),
  planPool({ name: "l4-spot-1", instanceTypes: ["g6.xlarge", "g6.2xlarge"], spot: true, minNodes: 0, maxNodes: 4 }),
  planPool({ name: "l4-spot-1-fallback", fallbackFor: "l4-spot-1", minNodes: 0, maxNodes: 4 }),
];
