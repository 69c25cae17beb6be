/**
 * Step 2 of the heuristic (heuristic.ts): local search over pools on first-fit-decreasing
 * estimates (problem.ts `estimatePool`), within a work budget counted in pods packed.
 *
 * Every candidate (a type for a pool, a merge, a move) is first held against a floor: each
 * resource of its pods over one node's worth, rounded up, on the cheapest type it may use. No
 * packing needs fewer nodes, so no estimate is below its floor, and a candidate that cannot pay
 * off even at its floor is dropped without packing it. Each decision is the one the search makes
 * without the floors; what is saved is the packings that could not change it, and so the budget,
 * which lets the search go further where the budget binds (at 5,000 workloads).
 *
 * Besides single moves, a transfer moves every workload one pool can take from another at once.
 */
import { Resources, nodesAtLeast } from "./packing";
import { Cost, SolverProblem, ZERO_COST, addCost, compareCost, estimatePool, itemFits } from "./problem";

/**
 * Pods packed by the local search before it stops: a few hundred milliseconds of first-fit on
 * this 2-core machine (bench/README.md). The greedy result stands where the budget runs out.
 */
export const LOCAL_SEARCH_POD_BUDGET = 3_000_000;

/** A pool being built: its slot (if any), type, workloads and, once known, its estimated cost. */
export interface Build {
  slot?: number;
  type: number;
  items: number[];
  estimate?: Cost;
}

interface Priced {
  readonly type: number;
  readonly cost: Cost;
}

/** What some pods ask between them, at peak and at base. */
interface Totals {
  readonly peak: Resources;
  readonly base: Resources;
}

const NO_TOTALS: Totals = { peak: { gpus: 0, cpuMillis: 0, memoryMiB: 0 }, base: { gpus: 0, cpuMillis: 0, memoryMiB: 0 } };

const plus = (a: Resources, b: Resources, sign = 1): Resources => ({
  gpus: a.gpus + sign * b.gpus,
  cpuMillis: a.cpuMillis + sign * b.cpuMillis,
  memoryMiB: a.memoryMiB + sign * b.memoryMiB,
});
const plusTotals = (a: Totals, b: Totals, sign = 1): Totals => ({ peak: plus(a.peak, b.peak, sign), base: plus(a.base, b.base, sign) });

/** A build's types and totals, valid while its `items` array is the one they were computed for. */
interface Stats {
  readonly items: readonly number[];
  /** Types some workload of it may use (its slot's, or any member's free types), ascending for free pools. */
  readonly candidates: readonly number[];
  /** Per candidate, how many of its workloads may use it. */
  readonly users: readonly number[];
  /** The candidates every workload may use: the types `best` tries for it. */
  readonly types: readonly number[];
  readonly totals: Totals;
}

export class LocalSearch {
  private budget = LOCAL_SEARCH_POD_BUDGET;
  /** Best type per (slot, item set), for sets small enough that the key stays short. */
  private readonly memo = new Map<string, Priced | null>();
  private readonly stats = new WeakMap<Build, Stats>();
  private readonly own: readonly Totals[];

  constructor(private readonly problem: SolverProblem) {
    this.own = problem.items.map((it) => ({
      peak: { gpus: it.pod.gpus * it.peakPods, cpuMillis: it.pod.cpuMillis * it.peakPods, memoryMiB: it.pod.memoryMiB * it.peakPods },
      base: { gpus: it.pod.gpus * it.basePods, cpuMillis: it.pod.cpuMillis * it.basePods, memoryMiB: it.pod.memoryMiB * it.basePods },
    }));
  }

  get exhausted(): boolean {
    return this.budget <= 0;
  }

  /**
   * The cheapest type a pool of these items may use (in its slot, or free), or undefined. `types`,
   * when the caller has it from a pool's counts, is `typesFor`'s answer for these items.
   */
  best(slot: number | undefined, items: readonly number[], types?: readonly number[]): Priced | undefined {
    if (items.length === 0) {
      const keep = slot !== undefined && this.problem.slots[slot]!.keepWhenEmpty;
      return { type: slot !== undefined ? (this.problem.slots[slot]!.types[0] ?? -1) : -1, cost: keep ? { ...ZERO_COST, pools: 1 } : ZERO_COST };
    }
    const key = items.length <= 64 ? `${slot ?? "f"}|${items.join(",")}` : undefined;
    const hit = key !== undefined ? this.memo.get(key) : undefined;
    if (hit !== undefined) return hit ?? undefined;
    const pods = items.reduce((n, i) => n + this.problem.items[i]!.peakPods + this.problem.items[i]!.basePods, 0);
    const totals = this.totalsOf(items);
    let found: Priced | undefined;
    for (const t of types ?? typesFor(this.problem, slot, items)) {
      // Only a strictly cheaper type replaces the one found; one whose floor is not cheaper cannot.
      if (found !== undefined && compareCost(this.floor([t], totals)!, found.cost) >= 0) continue;
      this.budget -= pods;
      const c = estimatePool(this.problem, t, items);
      if (c !== undefined && (found === undefined || compareCost(c, found.cost) < 0)) found = { type: t, cost: c };
    }
    if (key !== undefined) this.memo.set(key, found ?? null);
    return found;
  }

  cost(b: Build): Cost {
    if (b.estimate === undefined) {
      const own = b.items.length === 0 ? this.best(b.slot, b.items)!.cost : estimatePool(this.problem, b.type, b.items);
      this.budget -= b.items.reduce((n, i) => n + this.problem.items[i]!.peakPods + this.problem.items[i]!.basePods, 0);
      b.estimate = own ?? { peak: Number.POSITIVE_INFINITY, base: 0, pools: 1 };
    }
    return b.estimate;
  }

  /** Each pool takes the type that suits its items best. */
  retypeAll(builds: Build[]): void {
    for (const b of builds) {
      if (this.exhausted) return;
      if (b.items.length === 0) continue;
      const found = this.best(b.slot, b.items, this.statsOf(b).types);
      if (found !== undefined && compareCost(found.cost, this.cost(b)) < 0) {
        b.type = found.type;
        b.estimate = found.cost;
      }
    }
  }

  /** Merges pools while that pays: a free pool into another free pool or into a slot that takes all of it. */
  mergeAll(builds: Build[]): void {
    for (let merged = true; merged && !this.exhausted; ) {
      merged = false;
      for (let a = 0; a < builds.length && !merged && !this.exhausted; a++) {
        for (let b = 0; b < builds.length && !merged && !this.exhausted; b++) {
          const A = builds[a]!;
          const B = builds[b]!;
          if (a === b || B.slot !== undefined || B.items.length === 0) continue;
          if (A.slot === undefined && a > b) continue;
          if (A.slot !== undefined && !B.items.every((i) => this.problem.items[i]!.slots.includes(A.slot!))) continue;
          const types = this.statsOf(A).types.filter((t) => B.items.every((i) => itemFits(this.problem, i, t)) && (A.slot !== undefined || this.statsOf(B).types.includes(t)));
          const floor = this.floor(types, plusTotals(this.statsOf(A).totals, this.statsOf(B).totals));
          const before = addCost(this.cost(A), this.cost(B));
          if (floor === undefined || compareCost(floor, before) >= 0) continue;
          const union = [...A.items, ...B.items].sort((x, y) => x - y);
          const found = this.best(A.slot, union, types);
          if (found !== undefined && compareCost(found.cost, before) < 0) {
            A.items = union;
            A.type = found.type;
            A.estimate = found.cost;
            builds.splice(b, 1);
            merged = true;
          }
        }
      }
    }
  }

  /**
   * Moves single workloads while that lowers the cost: into another pool (which may change type
   * to take it) or into a new pool of their own; the pool left behind re-chooses its type too.
   */
  relocateAll(builds: Build[], items: readonly number[]): void {
    const poolOf = new Map<number, Build>();
    for (const b of builds) for (const i of b.items) poolOf.set(i, b);
    for (let moved = true; moved && !this.exhausted; ) {
      moved = false;
      for (const item of items) {
        if (this.exhausted) return;
        const from = poolOf.get(item)!;
        const rest = from.items.filter((i) => i !== item);
        const restTypes = this.typesWithout(from, [item]);
        const restFloor = rest.length === 0 ? this.best(from.slot, rest)!.cost : this.floor(restTypes, plusTotals(this.statsOf(from).totals, this.own[item]!, -1));
        if (restFloor === undefined) continue;
        const it = this.problem.items[item]!;
        const fits = (t: number) => itemFits(this.problem, item, t);
        // The options that could pay off at their floors, in the order the search prefers on a tie.
        const options: { to?: Build; slot?: number; types: readonly number[]; floor: Cost; before: Cost }[] = [];
        for (const to of builds) {
          if (to === from || this.exhausted) continue;
          if (!(to.slot !== undefined ? it.slots.includes(to.slot) : it.freeTypes.length > 0 && to.items.length > 0)) continue;
          const types = this.statsOf(to).types.filter((t) => fits(t) && (to.slot !== undefined || it.freeTypes.includes(t)));
          const floor = this.floor(types, plusTotals(this.statsOf(to).totals, this.own[item]!));
          if (floor === undefined) continue;
          const before = addCost(this.cost(from), this.cost(to));
          if (compareCost(addCost(restFloor, floor), before) < 0) options.push({ to, ...(to.slot !== undefined ? { slot: to.slot } : {}), types, floor, before });
        }
        if (it.freeTypes.length > 0 && (from.slot !== undefined || rest.length > 0)) {
          const types = it.freeTypes.filter(fits);
          const floor = this.floor(types, this.own[item]!);
          const before = this.cost(from);
          if (floor !== undefined && compareCost(addCost(restFloor, floor), before) < 0) options.push({ types, floor, before });
        }
        if (options.length === 0) continue;
        const fromAfter = this.best(from.slot, rest, restTypes);
        if (fromAfter === undefined) continue;
        let chosen: { to?: Build; priced: Priced; total: Cost } | undefined;
        for (const o of options) {
          if (compareCost(addCost(fromAfter.cost, o.floor), o.before) >= 0) continue;
          const priced = this.best(o.slot, o.to !== undefined ? [...o.to.items, item].sort((x, y) => x - y) : [item], o.types);
          if (priced === undefined) continue;
          const total = addCost(fromAfter.cost, priced.cost);
          if (compareCost(total, o.before) < 0 && (chosen === undefined || compareCost(total, chosen.total) < 0)) chosen = { priced, total, ...(o.to !== undefined ? { to: o.to } : {}) };
        }
        if (chosen === undefined) continue;
        from.items = rest;
        if (rest.length > 0) from.type = fromAfter.type;
        from.estimate = fromAfter.cost;
        const target: Build = chosen.to ?? { type: chosen.priced.type, items: [] };
        if (chosen.to === undefined) builds.push(target);
        target.items = [...target.items, item].sort((x, y) => x - y);
        target.type = chosen.priced.type;
        target.estimate = chosen.priced.cost;
        poolOf.set(item, target);
        moved = true;
      }
      for (let i = builds.length - 1; i >= 0; i--) {
        const b = builds[i]!;
        if (b.items.length === 0 && !(b.slot !== undefined && this.problem.slots[b.slot]!.keepWhenEmpty)) builds.splice(i, 1);
      }
    }
  }

  /**
   * Moves, from one pool into another, every workload the other can take on its present type, when
   * that lowers the cost: workloads that filled the last nodes of a dear pool (an A100 pool taking
   * services that ask only for 24 GiB of GPU memory) leave together, which no single move pays for
   * while each frees less than a node. Returns whether any pool changed.
   */
  transferAll(builds: Build[]): boolean {
    let changed = false;
    for (const A of builds) {
      for (const B of builds) {
        if (this.exhausted) return changed;
        if (A === B || A.items.length === 0 || (B.slot === undefined && B.items.length === 0)) continue;
        const moving = A.items.filter((i) => this.joins(i, B));
        if (moving.length === 0) continue;
        const rest = A.items.filter((i) => !moving.includes(i));
        const moved = this.totalsOf(moving);
        const restTypes = this.typesWithout(A, moving);
        const restFloor = rest.length === 0 ? this.best(A.slot, rest)!.cost : this.floor(restTypes, plusTotals(this.statsOf(A).totals, moved, -1));
        const types = this.statsOf(B).types.filter((t) => moving.every((i) => itemFits(this.problem, i, t) && (B.slot !== undefined || this.problem.items[i]!.freeTypes.includes(t))));
        const floor = this.floor(types, plusTotals(this.statsOf(B).totals, moved));
        const before = addCost(this.cost(A), this.cost(B));
        if (restFloor === undefined || floor === undefined || compareCost(addCost(restFloor, floor), before) >= 0) continue;
        const after = this.best(A.slot, rest, restTypes);
        const joined = [...B.items, ...moving].sort((x, y) => x - y);
        const into = after === undefined ? undefined : this.best(B.slot, joined, types);
        if (after === undefined || into === undefined || compareCost(addCost(after.cost, into.cost), before) >= 0) continue;
        A.items = rest;
        if (rest.length > 0) A.type = after.type;
        A.estimate = after.cost;
        B.items = joined;
        B.type = into.type;
        B.estimate = into.cost;
        changed = true;
      }
    }
    for (let i = builds.length - 1; i >= 0; i--) {
      const b = builds[i]!;
      if (b.items.length === 0 && !(b.slot !== undefined && this.problem.slots[b.slot]!.keepWhenEmpty)) builds.splice(i, 1);
    }
    return changed;
  }

  /** Whether workload `i` may join pool `b` without `b` changing type (a workload the lock pins stays). */
  private joins(i: number, b: Build): boolean {
    const it = this.problem.items[i]!;
    if (it.pinnedTo !== undefined || !itemFits(this.problem, i, b.type)) return false;
    return b.slot !== undefined ? it.slots.includes(b.slot) : it.freeTypes.includes(b.type);
  }

  /**
   * The least a pool of pods asking `totals` can cost on any of `types` (the types every one of
   * its workloads may use), peak and base each at its own least; undefined when there is none.
   */
  private floor(types: readonly number[], totals: Totals): Cost | undefined {
    if (types.length === 0) return undefined;
    let peak = Number.POSITIVE_INFINITY;
    let base = Number.POSITIVE_INFINITY;
    for (const t of types) {
      const { node, priceMicros } = this.problem.types[t]!;
      peak = Math.min(peak, priceMicros * nodesAtLeast(totals.peak, node));
      base = Math.min(base, priceMicros * nodesAtLeast(totals.base, node));
    }
    return { peak, base, pools: 1 };
  }

  private totalsOf(items: readonly number[]): Totals {
    return items.reduce((sum, i) => plusTotals(sum, this.own[i]!), NO_TOTALS);
  }

  private statsOf(b: Build): Stats {
    const known = this.stats.get(b);
    if (known !== undefined && known.items === b.items) return known;
    const candidates = b.slot !== undefined ? this.problem.slots[b.slot]!.types : [...new Set(b.items.flatMap((i) => this.problem.items[i]!.freeTypes))].sort((x, y) => x - y);
    const users = candidates.map((t) => b.items.filter((i) => this.usable(i, b.slot, t)).length);
    const types = candidates.filter((_, k) => users[k] === b.items.length);
    const fresh = { items: b.items, candidates, users, types, totals: this.totalsOf(b.items) };
    this.stats.set(b, fresh);
    return fresh;
  }

  /** The types a pool of `b`'s workloads but `removed` may use (typesFor, from b's counts). */
  private typesWithout(b: Build, removed: readonly number[]): readonly number[] {
    const { candidates, users } = this.statsOf(b);
    const left = b.items.length - removed.length;
    return candidates.filter((t, k) => users[k]! - removed.filter((i) => this.usable(i, b.slot, t)).length === left);
  }

  /** Whether workload `i` may be in a pool of type `t`: in slot `slot` (if it may join that slot), or free. */
  private usable(i: number, slot: number | undefined, t: number): boolean {
    return itemFits(this.problem, i, t) && (slot !== undefined || this.problem.items[i]!.freeTypes.includes(t));
  }
}

/** The types a pool of these items may use: its slot's that fit them all, or the free types they share. */
function typesFor(problem: SolverProblem, slot: number | undefined, items: readonly number[]): readonly number[] {
  const candidates = slot !== undefined ? problem.slots[slot]!.types : sharedFreeTypes(problem, items);
  return candidates.filter((t) => items.every((i) => itemFits(problem, i, t)));
}

function sharedFreeTypes(problem: SolverProblem, items: readonly number[]): readonly number[] {
  if (items.length === 0) return [];
  return problem.items[items[0]!]!.freeTypes.filter((t) => items.every((i) => problem.items[i]!.freeTypes.includes(t)));
}
