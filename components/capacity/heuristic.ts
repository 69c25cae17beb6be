/**
 * Near-optimal solution of a component too large for the exact search.
 *
 * 1. Greedy: items, largest pods first, each join the pool (existing, or new of any type it may
 *    use) that raises the cost least, placing pods first-fit into the nodes already open. Since
 *    packing the union of two pools of one type never needs more nodes than packing them apart,
 *    there is at most one free pool per type.
 * 2. Local search on first-fit-decreasing estimates: re-choose each pool's type, merge pools,
 *    then move single workloads between pools while that lowers the cost, within a work budget
 *    counted in pods packed (never in time, so the result is deterministic).
 */
import type { Component } from "./solver";
import { Resources, fitCount } from "./packing";
import { Cost, SolverPool, SolverProblem, ZERO_COST, addCost, compareCost, estimatePool, itemFits } from "./problem";

/**
 * Pods packed by the local search before it stops: ~0.3 s of first-fit on this 2-core machine
 * (bench/run.ts). The greedy result stands when the budget runs out.
 */
export const LOCAL_SEARCH_POD_BUDGET = 3_000_000;

/** Nodes of one type being filled first-fit; closed nodes (no GPU left) drop off the open list. */
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
        closed ||= this.freeG[b]! <= 0;
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
      if (this.freeG[b]! > 0) this.open.push(b);
    }
    if (closed) this.open = this.open.filter((b) => this.freeG[b]! > 0);
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
  let budget = LOCAL_SEARCH_POD_BUDGET;
  const estimate = (b: Build): Cost => {
    if (b.estimate === undefined) {
      if (b.items.length === 0) b.estimate = b.slot !== undefined && problem.slots[b.slot]!.keepWhenEmpty ? { ...ZERO_COST, pools: 1 } : ZERO_COST;
      else {
        budget -= b.items.reduce((n, i) => n + problem.items[i]!.peakPods + problem.items[i]!.basePods, 0);
        b.estimate = estimatePool(problem, b.type, b.items) ?? { peak: Number.POSITIVE_INFINITY, base: 0, pools: 1 };
      }
    }
    return b.estimate;
  };
  const typesFor = (slot: number | undefined, items: readonly number[]): readonly number[] => {
    const base = slot !== undefined ? problem.slots[slot]!.types : sharedFreeTypes(problem, items);
    return base.filter((t) => items.every((i) => itemFits(problem, i, t)));
  };
  const bestType = (slot: number | undefined, items: readonly number[]): { type: number; cost: Cost } | undefined => {
    let best: { type: number; cost: Cost } | undefined;
    for (const t of typesFor(slot, items)) {
      budget -= items.reduce((n, i) => n + problem.items[i]!.peakPods + problem.items[i]!.basePods, 0);
      const c = estimatePool(problem, t, items);
      if (c !== undefined && (best === undefined || compareCost(c, best.cost) < 0)) best = { type: t, cost: c };
    }
    return best;
  };

  // Re-choose each pool's type.
  for (const b of builds) {
    if (budget <= 0) break;
    if (b.items.length === 0) continue;
    const found = bestType(b.slot, b.items);
    if (found !== undefined && compareCost(found.cost, estimate(b)) < 0) {
      b.type = found.type;
      b.estimate = found.cost;
    }
  }

  // Merge pools while that pays: a free pool into another free pool or into a slot that takes all of it.
  for (let merged = true; merged && budget > 0; ) {
    merged = false;
    for (let a = 0; a < builds.length && !merged && budget > 0; a++) {
      for (let b = 0; b < builds.length && !merged && budget > 0; b++) {
        const A = builds[a]!;
        const B = builds[b]!;
        if (a === b || B.slot !== undefined || B.items.length === 0) continue;
        if (A.slot === undefined && a > b) continue;
        if (A.slot !== undefined && !B.items.every((i) => problem.items[i]!.slots.includes(A.slot!))) continue;
        const union = [...A.items, ...B.items].sort((x, y) => x - y);
        const found = bestType(A.slot, union);
        if (found !== undefined && compareCost(found.cost, addCost(estimate(A), estimate(B))) < 0) {
          A.items = union;
          A.type = found.type;
          A.estimate = found.cost;
          builds.splice(b, 1);
          merged = true;
        }
      }
    }
  }

  // Move single workloads between pools.
  for (let moved = true; moved && budget > 0; ) {
    moved = false;
    for (const item of comp.items) {
      if (budget <= 0) break;
      const from = builds.find((b) => b.items.includes(item))!;
      const rest = from.items.filter((i) => i !== item);
      const fromAfter: Build = { type: from.type, items: rest, ...(from.slot !== undefined ? { slot: from.slot } : {}) };
      let best: { to: Build; cost: Cost; after: Build } | undefined;
      for (const to of builds) {
        if (to === from || !canTake(problem, to, item)) continue;
        const toAfter: Build = { type: to.type, items: [...to.items, item].sort((x, y) => x - y), ...(to.slot !== undefined ? { slot: to.slot } : {}) };
        const before = addCost(estimate(from), estimate(to));
        const after = addCost(estimate(fromAfter), estimate(toAfter));
        if (compareCost(after, before) < 0 && (best === undefined || compareCost(after, best.cost) < 0)) best = { to, cost: after, after: toAfter };
        if (budget <= 0) break;
      }
      if (best !== undefined) {
        from.items = rest;
        from.estimate = fromAfter.estimate;
        best.to.items = best.after.items;
        best.to.estimate = best.after.estimate;
        moved = true;
      }
    }
  }

  return builds
    .filter((b) => b.items.length > 0 || (b.slot !== undefined && problem.slots[b.slot]!.keepWhenEmpty))
    .map((b) => ({ ...(b.slot !== undefined ? { slot: b.slot } : {}), type: b.type, items: [...b.items].sort((x, y) => x - y) }));
}

function canTake(problem: SolverProblem, to: Build, item: number): boolean {
  const it = problem.items[item]!;
  if (!itemFits(problem, item, to.type)) return false;
  return to.slot !== undefined ? it.slots.includes(to.slot) : it.freeTypes.includes(to.type);
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
