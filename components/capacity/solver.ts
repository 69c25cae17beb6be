/**
 * Assigns every item to one pool, one type per pool, minimising the peak cost, then the base
 * cost, then the number of pools (problem.ts has the model). Items that can never share a pool
 * are solved apart (components); a component small enough is solved exactly (exact.ts), a larger
 * one by greedy construction and local search (heuristic.ts).
 */
import type { SolverPool, SolverProblem } from "./problem";
import { solveExact } from "./exact";
import { solveHeuristic } from "./heuristic";

export type SolverMode = "auto" | "exact" | "heuristic";

/**
 * Largest component solved exactly in "auto" mode: the partition search is O(3^n) in its free
 * items and prices every subset against every type; 8 items stay in the low milliseconds.
 */
export const EXACT_MAX_ITEMS = 8;
/** Ceiling for mode "exact" (tests and the benchmark's optimum): 3^12 ≈ 531k subset pairs. */
export const EXACT_HARD_MAX_ITEMS = 12;

export interface Component {
  /** Free (unpinned) items, ascending. */
  readonly items: readonly number[];
  /** Slots, ascending. */
  readonly slots: readonly number[];
}

/** Items that share a slot or a type option, transitively, with the slots they reach. */
export function components(problem: SolverProblem): Component[] {
  const n = problem.items.length;
  const s = problem.slots.length;
  const parent = Array.from({ length: n + s + problem.types.length }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  problem.items.forEach((it, i) => {
    if (it.pinnedTo !== undefined) return;
    for (const sl of it.slots) union(i, n + sl);
    for (const t of it.freeTypes) union(i, n + s + t);
  });
  const byRoot = new Map<number, { items: number[]; slots: number[] }>();
  const entry = (root: number): { items: number[]; slots: number[] } => {
    let e = byRoot.get(root);
    if (e === undefined) byRoot.set(root, (e = { items: [], slots: [] }));
    return e;
  };
  problem.items.forEach((it, i) => {
    if (it.pinnedTo === undefined) entry(find(i)).items.push(i);
  });
  problem.slots.forEach((_, sl) => entry(find(n + sl)).slots.push(sl));
  return [...byRoot.values()].filter((c) => c.items.length > 0 || c.slots.length > 0);
}

export interface Solution {
  readonly pools: readonly SolverPool[];
  /** Every component was solved exactly and every packing is proven minimal. */
  readonly exact: boolean;
}

/** Assigns every item; throws only on a bug (the caller has checked each item has an option). */
export function solve(problem: SolverProblem, mode: SolverMode = "auto"): Solution {
  const pools: SolverPool[] = [];
  let exact = true;
  for (const comp of components(problem)) {
    const useExact = mode === "exact" ? comp.items.length <= EXACT_HARD_MAX_ITEMS : mode === "auto" && comp.items.length <= EXACT_MAX_ITEMS;
    if (mode === "exact" && !useExact) throw new Error(`exact mode: a component has ${comp.items.length} workloads, more than ${EXACT_HARD_MAX_ITEMS}`);
    const found = useExact ? solveExact(problem, comp) : solveHeuristic(problem, comp);
    exact &&= useExact;
    pools.push(...found);
  }
  return { pools, exact };
}
