/**
 * `planCapacity`: the GPU node pools a spec needs, with their node-by-node packings at base and at
 * peak and what they cost (shared/DESIGN.md, "Capacity semantics"). Pure and synchronous.
 *
 * Decisions this file owns:
 * - Instance types without a known price are never chosen. A workload that only such types fit
 *   is an error at its path, not a plan with a hole in its cost.
 * - `fixedPerHour` is the system pool at its `minNodes` plus the control plane: the system pool
 *   runs add-ons, whose load does not follow the GPU peak.
 * - Costs are on-demand list prices in the catalogue's price region; a `spot` pool is costed at
 *   on-demand too (spot prices move hourly), so the plan never promises a saving.
 */
import { CLOUD_FACTS } from "../catalog/clouds";
import { coresFromMillis, gibFromMib } from "./catalog-view";
import { SpecError } from "../spec/errors";
import { systemPodProblems } from "./system-fit";
import type { SpecProblem, ValidSpec } from "../spec/types";
import { workloadDemands, peakGpus } from "./demand";
import { nameDerivedPools, naturalCompare, replacementsAgainst } from "./naming";
import { PoolPacking, packPoolOf } from "./problem";
import { buildProblem, PlanningInput } from "./problem-builder";
import { SolverMode, solve } from "./solver";
import type { CapacityPlan, PackedNode, PlanPool, PlanWorkload } from "./types";
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
  const input = buildProblem(spec, { demands, previous, replan: options.replan === true });
  const fixed = fixedCost(spec);
  const problems: SpecProblem[] = [...input.problems, ...systemPodProblems(spec), ...fixed.problems];
  if (problems.length > 0) throw new SpecError(problems);
  const solution = solve(input.problem, options.solver ?? "auto");

  // Name the pools: declared and kept pools have theirs; derived pools in the order of their first workload.
  const found = solution.pools.map((p) => ({
    ...p,
    instance: input.types[p.type]!,
    packing: packPoolOf(input.problem, p.type, p.items)!,
  }));
  const taken = new Set(input.slots.map((s) => s.name));
  const free = found.filter((p) => p.slot === undefined).sort((a, b) => a.items[0]! - b.items[0]!);
  const freeNames = nameDerivedPools(
    free.map((p) => ({ gpu: p.instance.gpu, instanceType: p.instance.name, workloads: p.items.map((i) => demands[i]!.key) })),
    previous,
    taken,
  );
  const nameOf = new Map<(typeof found)[number], string>(free.map((p, i) => [p, freeNames[i]!]));
  const declaredOrder = new Map(input.slots.filter((s) => s.declared).map((s, i) => [s.name, i]));
  const pools = found
    .map((p) => {
      const slot = p.slot !== undefined ? input.slots[p.slot]! : undefined;
      return toPool(input, { name: p.slot !== undefined ? slot!.name : nameOf.get(p)!, spot: slot?.spot ?? false, instance: p.instance, items: p.items, packing: p.packing });
    })
    .sort((a, b) => (declaredOrder.get(a.pool.name) ?? Infinity) - (declaredOrder.get(b.pool.name) ?? Infinity) || naturalCompare(a.pool.name, b.pool.name));

  const poolOf = new Map<number, string>();
  for (const p of pools) for (const i of p.items) poolOf.set(i, p.pool.name);
  const workloads: PlanWorkload[] = demands.map((d, i) => ({
    name: d.key,
    kind: d.kind,
    pool: poolOf.get(i)!,
    basePods: d.basePods,
    peakPods: d.peakPods,
    perPod: { gpus: d.pod.gpus, cpu: coresFromMillis(d.pod.cpuMillis), memoryGiB: gibFromMib(d.pod.memoryMiB) },
  }));
  const baseMicros = pools.reduce((s, p) => s + p.priceMicros * p.pool.minNodes, 0);
  const peakMicros = pools.reduce((s, p) => s + p.priceMicros * p.pool.maxNodes, 0);
  const provisioned = pools.reduce((s, p) => s + p.pool.gpusPerNode * p.pool.maxNodes, 0);
  const facts = CLOUD_FACTS[spec.cloud];
  return {
    cloud: spec.cloud,
    region: spec.region,
    catalog: { source: facts.source, date: facts.date, priceRegion: facts.priceRegion },
    pools: pools.map((p) => p.pool),
    workloads,
    cost: { basePerHour: baseMicros / MICROS, peakPerHour: peakMicros / MICROS, fixedPerHour: fixed.micros / MICROS },
    fixed: fixed.parts!,
    gpuUtilisationAtPeak: provisioned === 0 ? 1 : Math.round((peakGpus(demands) / provisioned) * 1e4) / 1e4,
    replacements: replacementsAgainst(
      pools.map((p) => p.pool),
      previous,
      input.unlocked,
    ),
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
  readonly spot: boolean;
  readonly instance: PlanningInput["types"][number];
  readonly items: readonly number[];
  readonly packing: PoolPacking;
}

function toPool(input: PlanningInput, { name, spot, instance, items, packing }: FoundPool) {
  const pool: PlanPool = {
    name,
    gpu: instance.gpu,
    instanceType: instance.name,
    spot,
    gpusPerNode: instance.gpus,
    pricePerHour: instance.pricePerHour!,
    minNodes: packing.base.bins.length,
    maxNodes: packing.peak.bins.length,
    base: { nodes: podNames(packing.base.bins, items, input) },
    peak: { nodes: podNames(packing.peak.bins, items, input) },
  };
  return { pool, items, priceMicros: input.problem.types[input.types.indexOf(instance)]!.priceMicros };
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

function fixedCost(spec: ValidSpec): { micros: number; parts?: CapacityPlan["fixed"]; problems: SpecProblem[] } {
  const facts = CLOUD_FACTS[spec.cloud];
  const system = facts.systemInstanceTypes.find((t) => t.name === spec.systemPool.instanceType);
  if (system === undefined) {
    const known = facts.systemInstanceTypes.map((t) => t.name).join(", ");
    return {
      micros: 0,
      problems: [{ path: "systemPool.instanceType", message: `"${spec.systemPool.instanceType}" has no price in the ${spec.cloud} catalogue, so the plan cannot cost the system pool; use one of ${known}` }],
    };
  }
  const micros = Math.round(system.pricePerHour * MICROS) * spec.systemPool.minNodes + Math.round(facts.controlPlanePricePerHour * MICROS);
  return {
    micros,
    parts: {
      systemPool: { instanceType: system.name, nodes: spec.systemPool.minNodes, pricePerHour: system.pricePerHour },
      controlPlanePerHour: facts.controlPlanePricePerHour,
    },
    problems: [],
  };
}
