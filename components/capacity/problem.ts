/**
 * The planner's combinatorial model, free of spec and catalogue types: workloads ("items") with
 * identical pods, node types with a price, and named pools fixed in advance ("slots": declared
 * `gpuPools`, or pools kept from the lock), and the cost of one pool.
 */
import { PackGroup, PackResult, Resources, decreasingOrder, firstFitCount, packPool } from "./packing";

export interface SolverType {
  readonly name: string;
  /** Allocatable of one node. */
  readonly node: Resources;
  /** Price in millionths of a dollar per hour, so sums are exact integers. */
  readonly priceMicros: number;
}

export interface SolverItem {
  readonly pod: Resources;
  readonly basePods: number;
  readonly peakPods: number;
  /** Types a new pool of its own may use (empty when only slots may take it). */
  readonly freeTypes: readonly number[];
  /** Slots that may take it. */
  readonly slots: readonly number[];
  /** Pinned to this slot by the lock: not free to move. */
  readonly pinnedTo?: number;
}

export interface SolverSlot {
  /** Types the slot may use, cheapest first. */
  readonly types: readonly number[];
  /** Items pinned to it. */
  readonly pinned: readonly number[];
  /** A declared pool stays even with nothing to run; a locked one goes when emptied. */
  readonly keepWhenEmpty: boolean;
}

export interface SolverProblem {
  readonly types: readonly SolverType[];
  readonly items: readonly SolverItem[];
  readonly slots: readonly SolverSlot[];
}

/** Items that can share pools, solved together: the unit a search works on (solver.ts finds them). */
export interface Component {
  /** Free (unpinned) items, ascending. */
  readonly items: readonly number[];
  /** Slots, ascending. */
  readonly slots: readonly number[];
}

export interface SolverPool {
  readonly slot?: number;
  readonly type: number;
  /** Item indices, ascending. */
  readonly items: readonly number[];
}

/** Lexicographic objective: peak cost, then base cost (micro-dollars per hour), then pools. */
export interface Cost {
  readonly peak: number;
  readonly base: number;
  readonly pools: number;
}

export const ZERO_COST: Cost = Object.freeze({ peak: 0, base: 0, pools: 0 });
export const INFEASIBLE: Cost = Object.freeze({ peak: Number.POSITIVE_INFINITY, base: 0, pools: 0 });

export function addCost(a: Cost, b: Cost): Cost {
  return { peak: a.peak + b.peak, base: a.base + b.base, pools: a.pools + b.pools };
}

export function compareCost(a: Cost, b: Cost): number {
  if (a.peak !== b.peak) return a.peak < b.peak ? -1 : 1;
  if (a.base !== b.base) return a.base < b.base ? -1 : 1;
  return a.pools - b.pools;
}

/** Pods of one pool as packing groups, peak or base. */
export function poolGroups(problem: SolverProblem, items: readonly number[], at: "peak" | "base"): PackGroup[] {
  return items.map((i) => {
    const it = problem.items[i]!;
    return { size: it.pod, count: at === "peak" ? it.peakPods : it.basePods };
  });
}

export function itemFits(problem: SolverProblem, item: number, type: number): boolean {
  const p = problem.items[item]!.pod;
  const n = problem.types[type]!.node;
  return p.gpus <= n.gpus && p.cpuMillis <= n.cpuMillis && p.memoryMiB <= n.memoryMiB;
}

export interface PoolPacking {
  readonly cost: Cost;
  readonly peak: PackResult;
  readonly base: PackResult;
}

/** Canonical cost and packings of one pool; undefined when some pod does not fit the type. */
export function packPoolOf(problem: SolverProblem, type: number, items: readonly number[]): PoolPacking | undefined {
  if (items.some((i) => !itemFits(problem, i, type))) return undefined;
  const node = problem.types[type]!.node;
  const price = problem.types[type]!.priceMicros;
  const peak = packPool(poolGroups(problem, items, "peak"), node);
  const base = packPool(poolGroups(problem, items, "base"), node);
  return { cost: { peak: price * peak.bins.length, base: price * base.bins.length, pools: 1 }, peak, base };
}

/** Per problem and type, each item's place in first-fit-decreasing order, computed once. */
const RANKS = new WeakMap<SolverProblem, Map<number, Int32Array>>();

function rankOf(problem: SolverProblem, type: number): Int32Array {
  let byType = RANKS.get(problem);
  if (byType === undefined) RANKS.set(problem, (byType = new Map()));
  let rank = byType.get(type);
  if (rank === undefined) {
    const order = decreasingOrder(
      problem.items.map((it) => ({ size: it.pod, count: 1 })),
      problem.types[type]!.node,
    );
    rank = new Int32Array(order.length);
    order.forEach((item, r) => (rank![item] = r));
    byType.set(type, rank);
  }
  return rank;
}

/** A quick estimate for the local search: first-fit decreasing, node counts only. */
export function estimatePool(problem: SolverProblem, type: number, items: readonly number[]): Cost | undefined {
  if (items.some((i) => !itemFits(problem, i, type))) return undefined;
  const node = problem.types[type]!.node;
  const price = problem.types[type]!.priceMicros;
  const rank = rankOf(problem, type);
  const order = items.map((_, k) => k).sort((a, b) => rank[items[a]!]! - rank[items[b]!]!);
  const peak = firstFitCount(poolGroups(problem, items, "peak"), node, order);
  const base = firstFitCount(poolGroups(problem, items, "base"), node, order);
  return { peak: price * peak, base: price * base, pools: 1 };
}
