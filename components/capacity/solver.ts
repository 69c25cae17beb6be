/**
 * Assigns every item to one pool, one type per pool, minimising the peak cost, then the base
 * cost, then the number of pools (problem.ts has the model). Items that can never share a pool
 * are solved apart (components); a component small enough is solved exactly (exact.ts), a larger
 * one by greedy construction and local search (heuristic.ts). The dependency runs one way: this
 * file chooses between the searches, which know only the problem model (problem.ts).
 */
import type { Component, SolverPool, SolverProblem } from "./problem";
import { solveExact } from "./exact";
import { solveHeuristic } from "./heuristic";

export type SolverMode = "auto" | "exact" | "heuristic";

/** Most free workloads in a component the exact search takes: its partition step is O(3^n). */
export const EXACT_HARD_MAX_ITEMS = 12;

/**
 * Most pool pricings the exact search may make in "auto" mode: the sum over types (and slots) of
 * 2^(workloads that may use it). Eight workloads that all share every type of one model reach
 * ~2,000 and plan in ~80 ms on this 2-core machine; ten such take ~0.5 s (bench/README.md).
 * Workloads spread over several models cost far less, so up to 12 of them are solved exactly.
 */
export const EXACT_MAX_PRICINGS = 2048;

/** The pool pricings the exact search would make for a component. */
export function exactPricings(problem: SolverProblem, comp: Component): number {
  const perType = new Map<number, number>();
  for (const i of comp.items) for (const t of problem.items[i]!.freeTypes) perType.set(t, (perType.get(t) ?? 0) + 1);
  let total = 0;
  for (const n of perType.values()) total += 2 ** n;
  for (const s of comp.slots) total += 2 ** comp.items.filter((i) => problem.items[i]!.slots.includes(s)).length * problem.slots[s]!.types.length;
  return total;
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
    const small = comp.items.length <= EXACT_HARD_MAX_ITEMS;
    const useExact = mode === "exact" ? small : mode === "auto" && small && exactPricings(problem, comp) <= EXACT_MAX_PRICINGS;
    if (mode === "exact" && !useExact) throw new Error(`exact mode: a component has ${comp.items.length} workloads, more than ${EXACT_HARD_MAX_ITEMS}`);
    const found = useExact ? solveExact(problem, comp) : solveHeuristic(problem, comp);
    exact &&= useExact;
    pools.push(...found);
  }
  return { pools, exact };
}
