/**
 * Exact solution of one small component by dynamic programming over subsets of its free items.
 *
 * Free pools: f(S) = min over T ⊆ S holding S's lowest item of [best single pool for T] + f(S \ T),
 * so every partition into pools is considered with the best type for each part. Slots are then
 * layered in front: g_i(S) = min over T ⊆ S (items slot i may take) of [slot i with its pinned
 * items and T] + g_{i+1}(S \ T), with g after the last slot = f. Each pool is priced by its
 * canonical packing (packing.ts), so the optimum is exact whenever those packings are.
 */
import { Component, Cost, INFEASIBLE, SolverPool, SolverProblem, ZERO_COST, addCost, compareCost, packPoolOf } from "./problem";

interface Choice {
  readonly cost: Cost;
  /** -1: no pool (an empty slot that may go). */
  readonly type: number;
}

export function solveExact(problem: SolverProblem, comp: Component): SolverPool[] {
  const items = comp.items;
  const n = items.length;
  const size = 1 << n;
  const full = size - 1;
  const members = (mask: number): number[] => items.filter((_, b) => (mask >> b) & 1);

  // Best single free pool for each subset of free items (types every member may use).
  const shared: (readonly number[])[] = new Array(size);
  const freePool: (Choice | undefined)[] = new Array(size);
  for (let mask = 1; mask < size; mask++) {
    const low = mask & -mask;
    const rest = mask ^ low;
    const own = problem.items[items[31 - Math.clz32(low)]!]!.freeTypes;
    shared[mask] = rest === 0 ? own : shared[rest]!.filter((t) => own.includes(t));
    let best: Choice | undefined;
    const list = members(mask);
    for (const t of shared[mask]!) {
      const packed = packPoolOf(problem, t, list);
      if (packed !== undefined && (best === undefined || compareCost(packed.cost, best.cost) < 0)) best = { cost: packed.cost, type: t };
    }
    freePool[mask] = best;
  }

  // f: the best partition of each subset into free pools.
  const f: Cost[] = new Array(size);
  const fPart: number[] = new Array(size).fill(0);
  f[0] = ZERO_COST;
  for (let mask = 1; mask < size; mask++) {
    const low = mask & -mask;
    const rest = mask ^ low;
    let best = INFEASIBLE;
    let part = 0;
    for (let sub = rest; ; sub = (sub - 1) & rest) {
      const t = sub | low;
      const pool = freePool[t];
      if (pool !== undefined) {
        const c = addCost(pool.cost, f[mask ^ t]!);
        if (compareCost(c, best) < 0) {
          best = c;
          part = t;
        }
      }
      if (sub === 0) break;
    }
    f[mask] = best;
    fPart[mask] = part;
  }

  // Slot layers, last to first.
  const slots = comp.slots;
  const layers: Cost[][] = new Array(slots.length + 1);
  const layerPart: number[][] = new Array(slots.length);
  const slotChoice: Map<number, Choice>[] = slots.map(() => new Map());
  layers[slots.length] = f;
  for (let i = slots.length - 1; i >= 0; i--) {
    const slot = slots[i]!;
    let elig = 0;
    items.forEach((it, b) => {
      if (problem.items[it]!.slots.includes(slot)) elig |= 1 << b;
    });
    const nextLayer = layers[i + 1]!;
    const cur: Cost[] = new Array(size);
    const part: number[] = new Array(size).fill(0);
    for (let mask = 0; mask < size; mask++) {
      const avail = mask & elig;
      let best = INFEASIBLE;
      let bestT = 0;
      for (let sub = avail; ; sub = (sub - 1) & avail) {
        const choice = slotPool(problem, { slot, extra: members(sub), memo: slotChoice[i]!, key: sub });
        if (choice.cost.peak !== Number.POSITIVE_INFINITY) {
          const c = addCost(choice.cost, nextLayer[mask ^ sub]!);
          if (compareCost(c, best) < 0) {
            best = c;
            bestT = sub;
          }
        }
        if (sub === 0) break;
      }
      cur[mask] = best;
      part[mask] = bestT;
    }
    layers[i] = cur;
    layerPart[i] = part;
  }

  if (layers[0]![full]!.peak === Number.POSITIVE_INFINITY) throw new Error("solveExact: no feasible assignment (a workload without an option)");
  const pools: SolverPool[] = [];
  let mask = full;
  slots.forEach((slot, i) => {
    const t = layerPart[i]![mask]!;
    const choice = slotChoice[i]!.get(t)!;
    if (choice.type >= 0) pools.push({ slot, type: choice.type, items: [...problem.slots[slot]!.pinned, ...members(t)].sort((a, b) => a - b) });
    mask ^= t;
  });
  while (mask !== 0) {
    const t = fPart[mask]!;
    pools.push({ type: freePool[t]!.type, items: members(t) });
    mask ^= t;
  }
  return pools;
}

/** Slot `slot` holding its pinned items plus `extra` (subset `key`), memoised per slot. */
function slotPool(problem: SolverProblem, at: { slot: number; extra: readonly number[]; memo: Map<number, Choice>; key: number }): Choice {
  const { slot, extra, memo, key } = at;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const s = problem.slots[slot]!;
  const content = [...s.pinned, ...extra].sort((a, b) => a - b);
  let choice: Choice;
  if (content.length === 0) {
    choice = s.keepWhenEmpty ? { cost: { peak: 0, base: 0, pools: 1 }, type: s.types[0] ?? -1 } : { cost: ZERO_COST, type: -1 };
  } else {
    choice = { cost: INFEASIBLE, type: -1 };
    for (const t of s.types) {
      const packed = packPoolOf(problem, t, content);
      if (packed !== undefined && compareCost(packed.cost, choice.cost) < 0) choice = { cost: packed.cost, type: t };
    }
  }
  memo.set(key, choice);
  return choice;
}
