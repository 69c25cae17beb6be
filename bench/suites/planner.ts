/**
 * The capacity planner: planning time for 10 to 5,000 workloads (GPU and CPU, on-demand and
 * spot), and the peak cost the search minimises against the exact optimum (where the exact search
 * can run), a lower bound, and a one-pool-per-workload greedy baseline. Targets: 1,000 workloads
 * in under 1 s and within 1% of the optimum (issue 3); within 1% of the lower bound where the
 * optimum cannot be computed (issue 10).
 */
import { performance } from "node:perf_hooks";
import { allocatable } from "../../components/capacity/allocatable";
import { workloadDemands } from "../../components/capacity/demand";
import { fitCount } from "../../components/capacity/packing";
import { planCapacity, PlanOptions } from "../../components/capacity/plan";
import { plannedTypes } from "../../components/capacity/problem-builder";
import type { CapacityPlan } from "../../components/capacity/types";
import type { ValidSpec } from "../../components/spec/types";
import { generateSpec } from "../generate";
import { entriesFor, lowerBound } from "../lower-bound";
import type { Suite, SuiteResult } from "../suite";

const SIZES = [10, 100, 1000, 5000] as const;
const TIME_TARGET_MS = { workloads: 1000, ms: 1000 } as const;
const GAP_TARGET = 0.01;
/** Seeds for the optimality check: enough small specs to see the heuristic miss, if it does. */
const OPTIMUM_SEEDS = 60;
const OPTIMUM_SIZES = [10, 12] as const;

/**
 * What the solver minimises, and so what every column compares: each pool the search chose at its
 * peak node count, a spot pool at its spot price (on-demand where the snapshot has none), fallback
 * pools not at all (they are chosen after the search and stand in for spot, they do not add to it).
 * This is `cost.spotPeakPerHour` when the plan has spot pools; `cost.peakPerHour` (the worst case,
 * fallbacks carrying every spot pod) is reported beside it.
 */
export function objective(plan: CapacityPlan): number {
  let micros = 0;
  for (const p of plan.pools) {
    if (p.fallbackFor !== undefined) continue;
    micros += Math.round((p.spot ? (p.spotPricePerHour ?? p.pricePerHour) : p.pricePerHour) * 1e6) * p.maxNodes;
  }
  return micros / 1e6;
}

/** Each workload alone in its own pool, on its cheapest type: what planning without sharing costs. */
export function greedyBaseline(spec: ValidSpec): number {
  const types = plannedTypes(spec);
  let total = 0;
  for (const d of workloadDemands(spec)) {
    let best = Number.POSITIVE_INFINITY;
    for (const t of entriesFor(d, types)) best = Math.min(best, t.pricePerHour * Math.ceil(d.peakPods / fitCount(allocatable(t.instance), d.pod)));
    total += best;
  }
  return total;
}

function timed(spec: ValidSpec, runs: number, options?: PlanOptions): { ms: number; peak: number; worst: number; pools: number } {
  let plan = planCapacity(spec, undefined, options);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    plan = planCapacity(spec, undefined, options);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const peak = objective(plan);
  const reported = plan.cost.spotPeakPerHour ?? plan.cost.peakPerHour;
  if (Math.abs(peak - reported) > 1e-6) throw new Error(`bench: the plan reports ${reported} $/h with spot, the pools add up to ${peak}; fix objective() or the plan's cost`);
  return { ms: times[Math.floor(times.length / 2)]!, peak, worst: plan.cost.peakPerHour, pools: plan.pools.length };
}

function exactPeak(spec: ValidSpec): number | undefined {
  try {
    return objective(planCapacity(spec, undefined, { solver: "exact" }));
  } catch {
    return undefined; // a component too large for the exact search
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function run(): SuiteResult {
  const rows: string[][] = [];
  const missed: string[] = [];
  for (const size of SIZES) {
    const spec = generateSpec(size, size);
    const pods = workloadDemands(spec).reduce((n, d) => n + d.peakPods, 0);
    const { ms, peak, worst, pools } = timed(spec, size >= 5000 ? 3 : 5);
    const optimum = size <= 100 ? exactPeak(spec) : undefined;
    const lb = lowerBound(spec);
    const baseline = greedyBaseline(spec);
    if (size === TIME_TARGET_MS.workloads && ms >= TIME_TARGET_MS.ms) missed.push(`${size} workloads took ${ms.toFixed(0)} ms (target < ${TIME_TARGET_MS.ms} ms)`);
    if (optimum !== undefined && peak > optimum * (1 + GAP_TARGET)) missed.push(`${size} workloads: ${pct(peak / optimum - 1)} above the optimum (target ≤ 1%)`);
    if (optimum === undefined && peak > lb * (1 + GAP_TARGET)) missed.push(`${size} workloads: ${pct(peak / lb - 1)} above the lower bound (target ≤ 1%)`);
    rows.push([
      String(size),
      String(pods),
      String(pools),
      ms.toFixed(1),
      peak.toFixed(2),
      worst.toFixed(2),
      optimum === undefined ? "n/a" : optimum.toFixed(2),
      optimum === undefined ? "n/a" : pct(peak / optimum - 1),
      pct(peak / lb - 1),
      baseline.toFixed(2),
      pct(1 - peak / baseline),
    ]);
  }

  // Many small specs, where the optimum is computable: the plan (auto mode) against it, which is
  // the target, and the heuristic alone against it, which shows what the large suites rely on.
  const gaps = { auto: [] as number[], heuristic: [] as number[] };
  for (const size of OPTIMUM_SIZES) {
    for (let seed = 1; seed <= OPTIMUM_SEEDS; seed++) {
      const spec = generateSpec(size, 5000 + seed * 7 + size);
      const optimum = exactPeak(spec)!;
      gaps.auto.push(objective(planCapacity(spec)) / optimum - 1);
      gaps.heuristic.push(objective(planCapacity(spec, undefined, { solver: "heuristic" })) / optimum - 1);
    }
  }
  const summary = (xs: readonly number[]) =>
    `optimal on ${xs.filter((g) => g < 1e-9).length} of ${xs.length}, mean gap ${pct(xs.reduce((a, b) => a + b, 0) / xs.length)}, worst ${pct(Math.max(...xs))}`;
  const worstAuto = Math.max(...gaps.auto);
  if (worstAuto > GAP_TARGET) missed.push(`a plan was ${pct(worstAuto)} above the optimum on a small spec (target ≤ 1%)`);
  return {
    title: "capacity planner (aws us-east-1, generated specs, peak $/h the search minimises)",
    columns: ["workloads", "peak pods", "pools", "plan ms", "plan $/h", "no-spot $/h", "optimum $/h", "vs optimum", "vs lower bound", "greedy $/h", "saved vs greedy"],
    rows,
    notes: [
      `plans of ${OPTIMUM_SEEDS} specs each of ${OPTIMUM_SIZES.join(" and ")} workloads against their optimum: ${summary(gaps.auto)}`,
      `the heuristic alone (forced) on the same specs: ${summary(gaps.heuristic)}`,
      "optimum: the exact subset search (solver \"exact\"), where every group of workloads that could share pools has at most 12; n/a past that",
      "plan $/h: the search's objective, every pool it chose at peak, spot pools at their spot price, fallback pools left out (cost.spotPeakPerHour, else cost.peakPerHour); no-spot $/h: cost.peakPerHour, the worst case where the fallback pools carry every spot pod",
      "lower bound (bench/lower-bound.ts): per class (GPU or CPU, spot or on-demand) and family of types (a GPU model's, or CPU), the larger of whole nodes for the pods that fit only that family and every pod's cheapest weighted share of a node (GPU, CPU and memory shares, weights summing to 1, best of a grid), pods of several families filling the room whole nodes leave, or, for at most 8 such workloads, each tried in every family; whole nodes by an exhaustive search (a workload's pods on one type) for up to 40 pods; the gap over it bounds the gap over the optimum",
      "greedy: one pool per workload on its cheapest type of its class, no sharing of nodes",
    ],
    missed,
  };
}

export const plannerSuite: Suite = { name: "planner", run };
