/**
 * Near-optimal solution of a component too large for the exact search.
 *
 * 1. Greedy: items, largest pods first, each join the pool (existing, or new of any type it may
 *    use) that raises the cost least, placing pods first-fit into the nodes already open. Since
 *    packing the union of two pools of one type never needs more nodes than packing them apart,
 *    there is at most one free pool per type.
 * 2. Local search on first-fit-decreasing estimates: re-choose each pool's type, merge pools,
 *    then move single workloads into another pool or a new one while that lowers the cost, within
 *    a work budget counted in pods packed (never in time, so the result is deterministic).
 * 3. Pools of a few workloads, alone or with the small pools linked to them, are solved again
 *    exactly on their own workloads (exact.ts).
 */
import { Resources, fitCount, nodeFull } from "./packing";
import { Component, Cost, SolverPool, SolverProblem, ZERO_COST, addCost, compareCost, estimatePool, itemFits, packPoolOf } from "./problem";
import { solveExact } from "./exact";

/**
 * Pods packed by the local search before it stops: a few hundred milliseconds of first-fit on
 * this 2-core machine (bench/README.md). The greedy result stands when the budget runs out.
 */
export const LOCAL_SEARCH_POD_BUDGET = 3_000_000;

/** Nodes of one type being filled first-fit; full nodes (packing.ts `nodeFull`) drop off the open list. */
class OpenNodes {
  private readonly freeG: number[] = [];
  private readonly freeC: number[] = [];
  private readonly freeM: number[] = [];
  private open: number[] = [];

  constructor(private readonly node: Resources) {}

  /** New nodes needed to add `n` pods of `size`. */
  trial(size: Resources, n: number): number {
    let left = n;
    for (const b of this.open) {
      if (left === 0) break;
      left -= Math.min(left, fitCount(this.room(b), size));
    }
    return left === 0 ? 0 : Math.ceil(left / fitCount(this.node, size));
  }

  add(size: Resources, n: number): void {
    let left = n;
    let closed = false;
    for (const b of this.open) {
      if (left === 0) break;
      const k = Math.min(left, fitCount(this.room(b), size));
      if (k > 0) {
        this.take(b, size, k);
        left -= k;
        closed ||= this.full(b);
      }
    }
    const per = fitCount(this.node, size);
    while (left > 0) {
      const b = this.freeG.length;
      this.freeG.push(this.node.gpus);
      this.freeC.push(this.node.cpuMillis);
      this.freeM.push(this.node.memoryMiB);
      const k = Math.min(left, per);
      this.take(b, size, k);
      left -= k;
      if (!this.full(b)) this.open.push(b);
    }
    if (closed) this.open = this.open.filter((b) => !this.full(b));
  }

  private full(b: number): boolean {
    return nodeFull(this.node, this.freeG[b]!, this.freeC[b]!, this.freeM[b]!);
  }

  private room(b: number): Resources {
    return { gpus: this.freeG[b]!, cpuMillis: this.freeC[b]!, memoryMiB: this.freeM[b]! };
  }

  private take(b: number, size: Resources, k: number): void {
    this.freeG[b] = this.freeG[b]! - k * size.gpus;
    this.freeC[b] = this.freeC[b]! - k * size.cpuMillis;
    this.freeM[b] = this.freeM[b]! - k * size.memoryMiB;
  }
}

interface Build {
  slot?: number;
  type: number;
  items: number[];
  estimate?: Cost;
}

export function solveHeuristic(problem: SolverProblem, comp: Component): SolverPool[] {
  const builds = greedy(problem, comp);
  const search = new LocalSearch(problem);
  search.retypeAll(builds);
  search.mergeAll(builds);
  search.relocateAll(builds, comp.items);
  repartitionSmallPools(problem, builds);
  return builds
    .filter((b) => b.items.length > 0 || (b.slot !== undefined && problem.slots[b.slot]!.keepWhenEmpty))
    .map((b) => ({ ...(b.slot !== undefined ? { slot: b.slot } : {}), type: b.type, items: [...b.items].sort((x, y) => x - y) }));
}

interface Priced {
  readonly type: number;
  readonly cost: Cost;
}

/** Step 2, on first-fit-decreasing estimates; every estimate spends its pods from the budget. */
class LocalSearch {
  private budget = LOCAL_SEARCH_POD_BUDGET;
  /** Best type per (slot, item set), for sets small enough that the key stays short. */
  private readonly memo = new Map<string, Priced | null>();

  constructor(private readonly problem: SolverProblem) {}

  get exhausted(): boolean {
    return this.budget <= 0;
  }

  /** The cheapest type a pool of these items may use (in its slot, or free), or undefined. */
  best(slot: number | undefined, items: readonly number[]): Priced | undefined {
    if (items.length === 0) {
      const keep = slot !== undefined && this.problem.slots[slot]!.keepWhenEmpty;
      return { type: slot !== undefined ? (this.problem.slots[slot]!.types[0] ?? -1) : -1, cost: keep ? { ...ZERO_COST, pools: 1 } : ZERO_COST };
    }
    const key = items.length <= 64 ? `${slot ?? "f"}|${items.join(",")}` : undefined;
    const hit = key !== undefined ? this.memo.get(key) : undefined;
    if (hit !== undefined) return hit ?? undefined;
    const pods = items.reduce((n, i) => n + this.problem.items[i]!.peakPods + this.problem.items[i]!.basePods, 0);
    const candidates = slot !== undefined ? this.problem.slots[slot]!.types : sharedFreeTypes(this.problem, items);
    let found: Priced | undefined;
    for (const t of candidates) {
      if (!items.every((i) => itemFits(this.problem, i, t))) continue;
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
      const found = this.best(b.slot, b.items);
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
          const union = [...A.items, ...B.items].sort((x, y) => x - y);
          const found = this.best(A.slot, union);
          if (found !== undefined && compareCost(found.cost, addCost(this.cost(A), this.cost(B))) < 0) {
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
    for (let moved = true; moved && !this.exhausted; ) {
      moved = false;
      for (const item of items) {
        if (this.exhausted) return;
        const from = builds.find((b) => b.items.includes(item))!;
        const rest = from.items.filter((i) => i !== item);
        const fromAfter = this.best(from.slot, rest);
        if (fromAfter === undefined) continue;
        const it = this.problem.items[item]!;
        let best: { to?: Build; slot?: number; priced: Priced; total: Cost } | undefined;
        const consider = (to: Build | undefined, slot: number | undefined): void => {
          const joined = to !== undefined ? [...to.items, item].sort((x, y) => x - y) : [item];
          const priced = this.best(slot, joined);
          if (priced === undefined) return;
          const before = addCost(this.cost(from), to !== undefined ? this.cost(to) : ZERO_COST);
          const total = addCost(fromAfter.cost, priced.cost);
          if (compareCost(total, before) < 0 && (best === undefined || compareCost(total, best.total) < 0)) {
            best = { priced, total, ...(to !== undefined ? { to } : {}), ...(slot !== undefined ? { slot } : {}) };
          }
        };
        for (const to of builds) {
          if (to === from || this.exhausted) continue;
          if (to.slot !== undefined ? it.slots.includes(to.slot) : it.freeTypes.length > 0 && to.items.length > 0) consider(to, to.slot);
        }
        if (it.freeTypes.length > 0 && (from.slot !== undefined || rest.length > 0)) consider(undefined, undefined);
        const chosen = best as { to?: Build; slot?: number; priced: Priced } | undefined;
        if (chosen === undefined) continue;
        from.items = rest;
        if (rest.length > 0) from.type = fromAfter.type;
        from.estimate = fromAfter.cost;
        const target: Build = chosen.to ?? { type: chosen.priced.type, items: [] };
        if (chosen.to === undefined) builds.push(target);
        target.items = [...target.items, item].sort((x, y) => x - y);
        target.type = chosen.priced.type;
        target.estimate = chosen.priced.cost;
        moved = true;
      }
      for (let i = builds.length - 1; i >= 0; i--) {
        const b = builds[i]!;
        if (b.items.length === 0 && !(b.slot !== undefined && this.problem.slots[b.slot]!.keepWhenEmpty)) builds.splice(i, 1);
      }
    }
  }
}

/** Free pools with at most this many workloads, alone or in pairs, are re-split exactly. */
export const REPARTITION_MAX_ITEMS = 8;

/**
 * Step 3: a pool of a few workloads, or two such pools, is solved again exactly (exact.ts) on its
 * own workloads: that finds the splits and regroupings single moves cannot reach, for example two
 * workloads that only pay off together on a cheaper type.
 */
function repartitionSmallPools(problem: SolverProblem, builds: Build[]): void {
  const exactCost = (type: number, items: readonly number[]): Cost => packPoolOf(problem, type, items)?.cost ?? { peak: Number.POSITIVE_INFINITY, base: 0, pools: 1 };
  const attempt = (group: readonly Build[]): boolean => {
    const items = group.flatMap((b) => b.items).sort((x, y) => x - y);
    if (items.length === 0 || items.length > REPARTITION_MAX_ITEMS || items.some((i) => problem.items[i]!.freeTypes.length === 0)) return false;
    const now = group.reduce((c, b) => addCost(c, exactCost(b.type, b.items)), ZERO_COST);
    const found = solveExact(problem, { items, slots: [] });
    const then = found.reduce((c, p) => addCost(c, exactCost(p.type, p.items)), ZERO_COST);
    if (compareCost(then, now) >= 0) return false;
    for (const b of group) builds.splice(builds.indexOf(b), 1);
    for (const p of found) builds.push({ type: p.type, items: [...p.items] });
    return true;
  };
  const free = () => builds.filter((b) => b.slot === undefined && b.items.length > 0 && b.items.length <= REPARTITION_MAX_ITEMS);
  // Worth a try together when some workload of one could use a type some workload of the other uses.
  const linked = (A: Build, B: Build) => A.items.some((i) => B.items.some((j) => problem.items[i]!.freeTypes.some((t) => problem.items[j]!.freeTypes.includes(t))));
  for (const b of free()) if (builds.includes(b)) attempt([b]);
  for (let changed = true; changed; ) {
    changed = false;
    const list = free();
    for (let a = 0; a < list.length && !changed; a++) {
      for (let b = a + 1; b < list.length && !changed; b++) {
        const A = list[a]!;
        const B = list[b]!;
        if (A.items.length + B.items.length <= REPARTITION_MAX_ITEMS && linked(A, B)) changed = attempt([A, B]);
      }
    }
    // Then each pool with as many small linked pools as fit in one exact search, smallest first.
    for (let a = 0; a < list.length && !changed; a++) {
      const group = [list[a]!];
      let size = list[a]!.items.length;
      const rest = list.filter((b) => b !== list[a]).sort((x, y) => x.items.length - y.items.length || list.indexOf(x) - list.indexOf(y));
      for (const b of rest) {
        if (size + b.items.length <= REPARTITION_MAX_ITEMS && group.some((g) => linked(g, b))) {
          group.push(b);
          size += b.items.length;
        }
      }
      if (group.length > 2) changed = attempt(group);
    }
  }
}

function sharedFreeTypes(problem: SolverProblem, items: readonly number[]): readonly number[] {
  if (items.length === 0) return [];
  return problem.items[items[0]!]!.freeTypes.filter((t) => items.every((i) => problem.items[i]!.freeTypes.includes(t)));
}

/** Step 1: construction. Slots take their pinned items first; a declared slot ends with one type. */
function greedy(problem: SolverProblem, comp: Component): Build[] {
  const builds: Build[] = [];
  const nodes = new Map<Build, { peak: OpenNodes; base: OpenNodes }>();
  const open = (slot: number | undefined, type: number): Build => {
    const b: Build = { type, items: [], ...(slot !== undefined ? { slot } : {}) };
    const node = problem.types[type]!.node;
    nodes.set(b, { peak: new OpenNodes(node), base: new OpenNodes(node) });
    builds.push(b);
    return b;
  };
  const put = (b: Build, item: number): void => {
    const it = problem.items[item]!;
    const n = nodes.get(b)!;
    n.peak.add(it.pod, it.peakPods);
    n.base.add(it.pod, it.basePods);
    b.items.push(item);
  };
  for (const slot of comp.slots) {
    const s = problem.slots[slot]!;
    if (s.pinned.length === 0) continue;
    const type = s.types.find((t) => s.pinned.every((i) => itemFits(problem, i, t)));
    if (type === undefined) throw new Error("heuristic: pinned workloads fit none of their slot's types");
    const b = open(slot, type);
    for (const i of s.pinned) put(b, i);
  }
  const order = [...comp.items].sort((a, b) => {
    const x = problem.items[a]!;
    const y = problem.items[b]!;
    return y.pod.gpus - x.pod.gpus || y.pod.cpuMillis - x.pod.cpuMillis || y.pod.memoryMiB - x.pod.memoryMiB || y.peakPods - x.peakPods || a - b;
  });
  for (const item of order) {
    const it = problem.items[item]!;
    let best: { cost: Cost; build?: Build; slot?: number; type: number } | undefined;
    const consider = (slot: number | undefined, type: number): void => {
      if (!itemFits(problem, item, type)) return;
      const existing = builds.find((b) => b.slot === slot && b.type === type);
      const price = problem.types[type]!.priceMicros;
      let cost: Cost;
      if (existing !== undefined) {
        const n = nodes.get(existing)!;
        cost = { peak: price * n.peak.trial(it.pod, it.peakPods), base: price * n.base.trial(it.pod, it.basePods), pools: 0 };
      } else {
        const per = fitCount(problem.types[type]!.node, it.pod);
        const declared = slot !== undefined && (problem.slots[slot]!.keepWhenEmpty || builds.some((b) => b.slot === slot));
        cost = { peak: price * Math.ceil(it.peakPods / per), base: price * Math.ceil(it.basePods / per), pools: declared ? 0 : 1 };
      }
      if (best === undefined || compareCost(cost, best.cost) < 0) best = { cost, type, ...(existing ? { build: existing } : {}), ...(slot !== undefined ? { slot } : {}) };
    };
    for (const slot of it.slots) {
      // A slot ends with one type: only types every workload it already holds fits are options.
      const held = builds.filter((b) => b.slot === slot).flatMap((b) => b.items);
      for (const t of problem.slots[slot]!.types) if (held.every((i) => itemFits(problem, i, t))) consider(slot, t);
    }
    for (const t of it.freeTypes) consider(undefined, t);
    if (best === undefined) throw new Error("heuristic: a workload without an option");
    put(best.build ?? open(best.slot, best.type), item);
  }
  // A slot that ended with several types (pods that did not fit the first) takes one that fits all.
  for (const slot of comp.slots) {
    const parts = builds.filter((b) => b.slot === slot);
    if (parts.length === 0 && problem.slots[slot]!.keepWhenEmpty) open(slot, problem.slots[slot]!.types[0]!);
    if (parts.length <= 1) continue;
    const all = parts.flatMap((b) => b.items).sort((x, y) => x - y);
    let best: { type: number; cost: Cost } | undefined;
    for (const t of problem.slots[slot]!.types) {
      const c = estimatePool(problem, t, all);
      if (c !== undefined && (best === undefined || compareCost(c, best.cost) < 0)) best = { type: t, cost: c };
    }
    if (best === undefined) throw new Error("heuristic: no type of a slot fits all its workloads");
    parts[0]!.items = all;
    parts[0]!.type = best.type;
    for (const p of parts.slice(1)) builds.splice(builds.indexOf(p), 1);
  }
  return builds;
}
