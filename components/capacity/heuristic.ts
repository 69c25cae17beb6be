/**
 * Near-optimal solution of a component too large for the exact search.
 *
 * 1. Greedy: items, largest pods first, each join the pool (existing, or new of any type it may
 *    use) that raises the cost least, placing pods first-fit into the nodes already open. Since
 *    packing the union of two pools of one type never needs more nodes than packing them apart,
 *    there is at most one free pool per type.
 * 2. Local search on first-fit-decreasing estimates (local-search.ts): re-choose each pool's type,
 *    merge pools, then move single workloads into another pool or a new one while that lowers the
 *    cost, within a work budget counted in pods packed (never in time, so the result is deterministic).
 * 3. Pools of a few workloads, alone or with the small pools linked to them, are solved again
 *    exactly on their own workloads (exact.ts).
 */
import { Resources, fitCount, nodeFull } from "./packing";
import { Component, Cost, SolverPool, SolverProblem, ZERO_COST, addCost, compareCost, estimatePool, itemFits, packPoolOf } from "./problem";
import { solveExact } from "./exact";
import { Build, LocalSearch } from "./local-search";

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

export function solveHeuristic(problem: SolverProblem, comp: Component): SolverPool[] {
  const builds = greedy(problem, comp);
  const search = new LocalSearch(problem);
  search.retypeAll(builds);
  search.mergeAll(builds);
  search.relocateAll(builds, comp.items);
  while (!search.exhausted && search.transferAll(builds)) search.relocateAll(builds, comp.items);
  repartitionSmallPools(problem, builds);
  return builds
    .filter((b) => b.items.length > 0 || (b.slot !== undefined && problem.slots[b.slot]!.keepWhenEmpty))
    .map((b) => ({ ...(b.slot !== undefined ? { slot: b.slot } : {}), type: b.type, items: [...b.items].sort((x, y) => x - y) }));
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
