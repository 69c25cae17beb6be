/**
 * `planCapacity`: the GPU node pools a spec needs, with their node-by-node packings at base and at
 * peak and what they cost (shared/DESIGN.md, "Capacity semantics"). Pure and synchronous.
 *
 * Decisions this file owns:
 * - Instance types without a known price are never chosen. A workload that only such types fit
 *   is an error at its path, not a plan with a hole in its cost.
 * - `fixedPerHour` is the system pool at its `minNodes` plus the control plane: the system pool
 *   runs add-ons, whose load does not follow the GPU peak. Its type and size: system-pool.ts.
 * - Costs are on-demand list prices in the catalogue's price region; a `spot` pool is costed at
 *   on-demand too (spot prices move hourly), so the plan never promises a saving.
 */
import { CLOUD_FACTS } from "../catalog/clouds";
import { coresFromMillis, gibFromMib } from "./catalog-view";
import { SpecError } from "../spec/errors";
import type { SpecProblem, ValidSpec } from "../spec/types";
import { WorkloadDemand, workloadDemands, peakGpus } from "./demand";
import { allocatable, podFits } from "./allocatable";
import { chooseFallback, fallbackName } from "./fallback";
import { planAdvice } from "./advice";
import { PRICE_SNAPSHOTS } from "../catalog/prices";
import { nameDerivedPools, naturalCompare, replacementsAgainst } from "./naming";
import { PoolPacking, packPoolOf } from "./problem";
import { buildProblem, PlanningInput } from "./problem-builder";
import { SolverMode, solve } from "./solver";
import { planSystemPool } from "./system-pool";
import type { CapacityPlan, PackedNode, PlanPool, PlanWorkload, SystemPoolPlan } from "./types";
import type { PackedBin } from "./packing";

export interface PlanOptions {
  /** Let every pool take a new instance type, as if there were no lock (`plan --replan`). Names stay. */
  readonly replan?: boolean;
  /**
   * How to search: "auto" (exact on small components, heuristic past them), or forced, for the
   * tests and the benchmark. @default "auto"
   */
  readonly solver?: SolverMode;
}

const MICROS = 1e6;

/** The capacity plan for a validated spec; with the previous plan (the lock) pools keep their type while it fits. */
export function planCapacity(spec: ValidSpec, previous?: CapacityPlan, options: PlanOptions = {}): CapacityPlan {
  const demands = workloadDemands(spec);
  const replan = options.replan === true;
  const input = buildProblem(spec, { demands, previous, replan });
  const system = planSystemPool(spec, previous, replan);
  const problems: SpecProblem[] = [...input.problems, ...system.problems];
  if (problems.length > 0) throw new SpecError(problems);
  const solution = solve(input.problem, options.solver ?? "auto");

  // Name the pools: declared and kept pools have theirs; derived pools in the order of their first workload.
  const found = solution.pools.map((p) => ({ ...p, entry: input.types[p.type]!, packing: packPoolOf(input.problem, p.type, p.items)! }));
  const taken = new Set(input.slots.map((s) => s.name));
  const free = found.filter((p) => p.slot === undefined).sort((a, b) => a.items[0]! - b.items[0]!);
  const freeNames = nameDerivedPools(
    free.map((p) => ({ gpu: p.entry.instance.gpu, spot: p.entry.spot, instanceType: p.entry.instance.name, workloads: p.items.map((i) => demands[i]!.key) })),
    previous,
    taken,
  );
  const nameOf = new Map<(typeof found)[number], string>(free.map((p, i) => [p, freeNames[i]!]));
  const planned: FoundPool[] = found.map((p) =>
    keepLockedSpotList(input, { name: p.slot !== undefined ? input.slots[p.slot]!.name : nameOf.get(p)!, type: p.type, items: p.items, packing: p.packing }, previous, replan),
  );
  const fallbacks = fallbackPools(input, planned, previous, replan);

  const declaredOrder = new Map(input.slots.filter((s) => s.declared).map((s, i) => [s.name, i]));
  const order = (p: FoundPool) => declaredOrder.get(p.fallbackFor ?? p.name) ?? Infinity;
  const all = [...planned, ...fallbacks.pools].sort((a, b) => order(a) - order(b) || naturalCompare(a.name, b.name));
  const maxSpotTypes = CLOUD_FACTS[spec.cloud].spotTypesPerPool;
  const pools = all.map((p) => toPool(input, p, spotTypeList(input, p, previous, replan, maxSpotTypes), spec.region));

  const poolOf = new Map<number, string>();
  const fallbackOf = new Map<number, string>();
  for (const p of all) for (const i of p.items) (p.fallbackFor === undefined ? poolOf : fallbackOf).set(i, p.name);
  const workloads: PlanWorkload[] = demands.map((d, i) => ({
    name: d.key,
    kind: d.kind,
    pool: poolOf.get(i)!,
    ...(fallbackOf.has(i) ? { fallbackPool: fallbackOf.get(i)! } : {}),
    basePods: d.basePods,
    peakPods: d.peakPods,
    ...(d.canary !== undefined ? { canary: { ...d.canary } } : {}),
    perPod: { gpus: d.pod.gpus, cpu: coresFromMillis(d.pod.cpuMillis), memoryGiB: gibFromMib(d.pod.memoryMiB) },
  }));
  const facts = CLOUD_FACTS[spec.cloud];
  const reasons = new Map([...input.unlocked, ...fallbacks.unlocked]);
  const advice = planAdvice(
    spec,
    input,
    pools.map((p, i) => ({ pool: p.pool, items: all[i]!.items })),
  );
  return {
    cloud: spec.cloud,
    region: spec.region,
    catalog: { source: facts.source, date: facts.date, priceRegion: facts.priceRegion },
    prices: { source: PRICE_SNAPSHOTS[spec.cloud].source, asOf: PRICE_SNAPSHOTS[spec.cloud].asOf, spotAsOf: PRICE_SNAPSHOTS[spec.cloud].spotAsOf },
    pools: pools.map((p) => p.pool),
    workloads,
    cost: costOf(pools, fixedMicros(spec, system.pool!)),
    fixed: { systemPool: system.pool!, controlPlanePerHour: CLOUD_FACTS[spec.cloud].controlPlanePricePerHour },
    gpuUtilisationAtPeak: gpuUtilisation(demands, pools.map((p) => p.pool)),
    replacements: [
      ...(system.replacement !== undefined ? [system.replacement] : []),
      ...replacementsAgainst(
        pools.map((p) => p.pool),
        previous,
        reasons,
      ),
    ],
    advice: [...system.advice, ...advice],
  };
}

/** The problems `planCapacity` would throw, as a list (for `validate`). */
export function capacityProblems(spec: ValidSpec): readonly SpecProblem[] {
  try {
    planCapacity(spec);
    return [];
  } catch (e) {
    if (e instanceof SpecError) return e.problems;
    throw e;
  }
}

interface FoundPool {
  readonly name: string;
  /** Solver type index: the catalogue type and its capacity class. */
  readonly type: number;
  readonly items: readonly number[];
  readonly packing: PoolPacking;
  /** A fallback pool: the spot pool it stands in for. */
  readonly fallbackFor?: string;
}

/** One fallback pool per spot pool (fallback.ts), with the reasons any lock type gave way. */
function fallbackPools(input: PlanningInput, planned: readonly FoundPool[], previous: CapacityPlan | undefined, replan: boolean) {
  const used = new Set(planned.map((p) => p.name));
  const pools: FoundPool[] = [];
  const unlocked = new Map<string, string>();
  const problems: SpecProblem[] = [];
  for (const p of planned) {
    if (!input.types[p.type]!.spot) continue;
    const choice = chooseFallback({ input, spotPool: p.name, spotType: p.type, items: p.items, previous, replan });
    if ("problem" in choice) {
      problems.push(choice.problem);
      continue;
    }
    const kept = previous?.pools.find((q) => q.fallbackFor === p.name)?.name;
    const name = kept !== undefined && !used.has(kept) ? kept : fallbackName(p.name, used);
    used.add(name);
    if (choice.unlockedBecause !== undefined) unlocked.set(name, choice.unlockedBecause);
    pools.push({ name, type: choice.type, items: p.items, packing: choice.packing, fallbackFor: p.name });
  }
  if (problems.length > 0) throw new SpecError(problems);
  return { pools, unlocked };
}

/**
 * A spot pool's instance types: its own, then the cheapest other spot shapes with the same GPUs
 * whose allocatable holds every node of the planned peak packing, up to the cloud's limit. The
 * lock's list stands while every type on it still holds the packing (a new list replaces the
 * node group), so it changes only when the pods outgrow it or on --replan.
 */
/**
 * A locked spot pool keeps its list of instance types: a changed list replaces the node group, so
 * it changes only on --replan. Its nodes are packed to what every listed type can hold (the
 * smallest allocatable of each resource), which may take more nodes than the first type alone
 * would, but never a new node group. A pod that no longer fits every listed type lets the list go.
 */
function keepLockedSpotList(input: PlanningInput, p: FoundPool, previous: CapacityPlan | undefined, replan: boolean): FoundPool {
  const own = input.types[p.type]!;
  const prev = previous?.pools.find((q) => q.name === p.name);
  if (replan || !own.spot || prev?.instanceTypes === undefined || prev.instanceType !== own.instance.name) return p;
  const listed = prev.instanceTypes.map((name) => input.types.find((e) => e.spot && e.instance.name === name));
  if (listed.some((t) => t === undefined || t.instance.gpu !== own.instance.gpu || t.instance.gpus !== own.instance.gpus)) return p;
  const nodes = listed.map((t) => allocatable(t!.instance));
  if (binLoads(input, p).every((load) => nodes.every((n) => podFits(load, n)))) return p;
  const common = { gpus: Math.min(...nodes.map((n) => n.gpus)), cpuMillis: Math.min(...nodes.map((n) => n.cpuMillis)), memoryMiB: Math.min(...nodes.map((n) => n.memoryMiB)) };
  const problem = { ...input.problem, types: input.problem.types.map((t, i) => (i === p.type ? { ...t, node: common } : t)) };
  const packing = packPoolOf(problem, p.type, p.items);
  return packing === undefined ? p : { ...p, packing };
}

/** What each node of the pool's peak packing holds in all. */
function binLoads(input: PlanningInput, p: FoundPool): { gpus: number; cpuMillis: number; memoryMiB: number }[] {
  return p.packing.peak.bins.map((bin) =>
    bin.reduce(
      (sum, [group, n]) => {
        const pod = input.demands[p.items[group]!]!.pod;
        return { gpus: sum.gpus + pod.gpus * n, cpuMillis: sum.cpuMillis + pod.cpuMillis * n, memoryMiB: sum.memoryMiB + pod.memoryMiB * n };
      },
      { gpus: 0, cpuMillis: 0, memoryMiB: 0 },
    ),
  );
}

function spotTypeList(input: PlanningInput, p: FoundPool, previous: CapacityPlan | undefined, replan: boolean, max: number): readonly string[] | undefined {
  const own = input.types[p.type]!;
  if (!own.spot || max <= 1) return undefined;
  const nodes = binLoads(input, p);
  const holds = (name: string) => {
    const t = input.types.find((e) => e.spot && e.instance.name === name);
    return t !== undefined && t.instance.gpu === own.instance.gpu && t.instance.gpus === own.instance.gpus && nodes.every((n) => podFits(n, allocatable(t.instance)));
  };
  const prev = previous?.pools.find((q) => q.name === p.name);
  if (!replan && prev?.instanceTypes !== undefined && prev.instanceType === own.instance.name && prev.instanceTypes.every(holds)) return prev.instanceTypes;
  const others = input.types.filter((e) => e.spot && e.instance.name !== own.instance.name && holds(e.instance.name)).map((e) => e.instance.name);
  const list = [own.instance.name, ...others].slice(0, max);
  return list.length > 1 ? list : undefined;
}

function toPool(input: PlanningInput, { name, type, items, packing, fallbackFor }: FoundPool, instanceTypes: readonly string[] | undefined, region: string) {
  const entry = input.types[type]!;
  const instance = entry.instance;
  const fallback = fallbackFor !== undefined;
  const pool: PlanPool = {
    name,
    gpu: instance.gpu,
    instanceType: instance.name,
    ...(instanceTypes !== undefined ? { instanceTypes: [...instanceTypes] } : {}),
    spot: entry.spot,
    ...(fallback ? { fallbackFor } : {}),
    gpusPerNode: instance.gpus,
    pricePerHour: entry.onDemandPerHour,
    ...(entry.spot && entry.spotPerHour !== null ? { spotPricePerHour: entry.spotPerHour } : {}),
    ...(entry.priceRegion !== region ? { priceRegion: entry.priceRegion } : {}),
    // A fallback pool stays empty while spot nodes serve: its base is zero.
    minNodes: fallback ? 0 : packing.base.bins.length,
    maxNodes: packing.peak.bins.length,
    base: { nodes: fallback ? [] : podNames(packing.base.bins, items, input) },
    peak: { nodes: podNames(packing.peak.bins, items, input) },
  };
  return { pool, priceMicros: toMicros(entry.onDemandPerHour), spotMicros: toMicros(entry.pricePerHour), baseIfNoSpot: packing.base.bins.length };
}

function toMicros(usd: number): number {
  return Math.round(usd * MICROS);
}

/**
 * The plan's cost per hour. Worst case (no spot capacity): every on-demand pool at its bounds, the
 * fallback pools carrying the spot workloads at base and at peak, spot pools at zero. With spot:
 * spot pools at their spot price and fallback pools at zero.
 */
function costOf(pools: readonly ReturnType<typeof toPool>[], fixedMicros: number): CapacityPlan["cost"] {
  let base = 0;
  let peak = 0;
  let spotBase = 0;
  let spotPeak = 0;
  for (const { pool, priceMicros, spotMicros, baseIfNoSpot } of pools) {
    if (pool.fallbackFor !== undefined) {
      base += priceMicros * baseIfNoSpot;
      peak += priceMicros * pool.maxNodes;
    } else if (pool.spot) {
      spotBase += spotMicros * pool.minNodes;
      spotPeak += spotMicros * pool.maxNodes;
    } else {
      base += priceMicros * pool.minNodes;
      peak += priceMicros * pool.maxNodes;
      spotBase += priceMicros * pool.minNodes;
      spotPeak += priceMicros * pool.maxNodes;
    }
  }
  const hasSpot = pools.some((p) => p.pool.spot);
  return {
    basePerHour: base / MICROS,
    peakPerHour: peak / MICROS,
    fixedPerHour: fixedMicros / MICROS,
    ...(hasSpot ? { spotBasePerHour: spotBase / MICROS, spotPeakPerHour: spotPeak / MICROS } : {}),
  };
}

/** GPUs requested at peak over GPUs the pools provide at peak (fallbacks stand in, not add): 1 with none. */
function gpuUtilisation(demands: readonly WorkloadDemand[], pools: readonly PlanPool[]): number {
  const provisioned = pools.filter((p) => p.fallbackFor === undefined).reduce((s, p) => s + p.gpusPerNode * p.maxNodes, 0);
  return provisioned === 0 ? 1 : Math.round((peakGpus(demands) / provisioned) * 1e4) / 1e4;
}

/** Pods numbered per workload in node order: `research/chat#0`, `research/chat#1`, ... */
function podNames(bins: readonly PackedBin[], items: readonly number[], input: PlanningInput): PackedNode[] {
  const next = new Map<number, number>();
  return bins.map((bin) => ({
    pods: bin.flatMap(([group, n]) => {
      const item = items[group]!;
      const from = next.get(item) ?? 0;
      next.set(item, from + n);
      return Array.from({ length: n }, (_, k) => `${input.demands[item]!.key}#${from + k}`);
    }),
  }));
}

/** The system pool at its minimum and the control plane, in micro-dollars per hour. */
function fixedMicros(spec: ValidSpec, system: SystemPoolPlan): number {
  return toMicros(system.pricePerHour) * system.nodes + toMicros(CLOUD_FACTS[spec.cloud].controlPlanePricePerHour);
}
