/**
 * `plan --compare`: the same spec planned on each cloud, in a comparable region, so a team can see
 * what its workloads cost on AWS, GCP and Azure before choosing one, or which of them a cloud
 * cannot run and why.
 *
 * The spec's own cloud is planned exactly as `plan` plans it (same lock, same options). For the
 * other clouds the spec is re-read with `cloud` and `region` changed and the fields that name one
 * cloud's things left out, each with a note: declared pools (their instance types are that
 * cloud's shapes; the planner derives pools instead), the system pool's instance type (the other
 * cloud's default is used) and existing subnets. Everything else, the workloads first, is the same.
 */
import { CLOUD_FACTS } from "../catalog/clouds";
import { comparableRegion } from "../catalog/regions";
import { CLOUDS, Cloud } from "../catalog/types";
import { SpecError } from "../spec/errors";
import type { SpecProblem } from "../spec/types";
import { inspectSpec } from "../spec/validate";
import { withArticle } from "../spec/rules/problems";
import { planCapacity, PlanOptions } from "./plan";
import type { CapacityPlan } from "./types";

export interface CloudComparison {
  readonly cloud: Cloud;
  readonly region: string;
  /** Every workload has a place and the spec is valid on this cloud. */
  readonly feasible: boolean;
  /** The plan's cost; absent when the spec cannot be planned there. */
  readonly cost?: CapacityPlan["cost"];
  /** Why it is not feasible, each at its spec path. */
  readonly problems: readonly SpecProblem[];
  /** What was left out of the spec for this cloud, and which region was chosen. */
  readonly notes: readonly string[];
}

export interface Comparison {
  readonly comparisons: readonly CloudComparison[];
}

export interface CompareOptions extends PlanOptions {
  /** A region per cloud; the spec's own cloud always keeps the spec's region. */
  readonly regions?: Readonly<Partial<Record<Cloud, string>>>;
  /** The lock the spec's own cloud is planned against, as `plan` would. */
  readonly previous?: CapacityPlan;
}

type Mapping = Record<string, unknown>;

const isMapping = (v: unknown): v is Mapping => typeof v === "object" && v !== null && !Array.isArray(v);

/** The spec as written, planned on each cloud; throws SpecError when the spec is not valid on its own cloud. */
export function compareClouds(raw: unknown, options: CompareOptions = {}): Comparison {
  const own = inspectSpec(raw);
  if (own.spec === undefined) throw new SpecError(own.errors);
  const home = own.spec;
  const comparisons = CLOUDS.map((cloud): CloudComparison => {
    if (cloud === home.cloud) {
      const plan = planOrProblems(() => planCapacity(home, options.previous, options));
      return { cloud, region: home.region, ...plan, notes: [] };
    }
    const chosen = options.regions?.[cloud];
    const region = chosen ?? comparableRegion(home.cloud, home.region, cloud) ?? CLOUD_FACTS[cloud].priceRegion;
    const notes = [
      chosen !== undefined
        ? `${region}: the region given`
        : comparableRegion(home.cloud, home.region, cloud) !== undefined
          ? `${region}: the ${cloud} region in the same area as ${home.region}`
          : `${region}: the ${cloud} catalogue's price region (no ${cloud} region is listed in the same area as ${home.region}; choose one with --${cloud}-region)`,
    ];
    const translated = forCloud(raw as Mapping, cloud, region, notes);
    const report = inspectSpec(translated);
    if (report.spec === undefined) return { cloud, region, feasible: false, problems: report.errors, notes };
    const valid = report.spec;
    return { cloud, region, ...planOrProblems(() => planCapacity(valid, undefined, { ...(options.solver !== undefined ? { solver: options.solver } : {}) })), notes };
  });
  return { comparisons };
}

function planOrProblems(run: () => CapacityPlan): Pick<CloudComparison, "feasible" | "cost" | "problems"> {
  try {
    return { feasible: true, cost: run().cost, problems: [] };
  } catch (e) {
    if (e instanceof SpecError) return { feasible: false, problems: e.problems };
    throw e;
  }
}

/** The spec as written, moved to another cloud: one-cloud fields left out, each with a note. */
function forCloud(raw: Mapping, cloud: Cloud, region: string, notes: string[]): Mapping {
  const out: Mapping = { ...raw, cloud, region };
  for (const key of ["gpuPools", "cpuPools"] as const) {
    if (out[key] !== undefined) {
      delete out[key];
      notes.push(`${key} left out: its instance types are ${String(raw.cloud)} shapes; the planner derives the pools on ${cloud}`);
    }
  }
  if (isMapping(out.systemPool) && out.systemPool.instanceType !== undefined) {
    const { instanceType, ...rest } = out.systemPool;
    out.systemPool = rest;
    notes.push(`systemPool.instanceType left out (${String(instanceType)} is ${withArticle(String(raw.cloud))} type): ${cloud}'s default, ${CLOUD_FACTS[cloud].defaultSystemInstanceType}, is used`);
  }
  if (isMapping(out.network) && out.network.existingSubnetIds !== undefined) {
    const { existingSubnetIds: _, ...rest } = out.network;
    out.network = rest;
    notes.push(`network.existingSubnetIds left out: they name ${String(raw.cloud)} subnets; a new network is planned`);
  }
  return out;
}
