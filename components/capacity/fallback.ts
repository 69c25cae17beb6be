/**
 * Fallback pools: every spot pool gets an on-demand pool for the same workloads, which the
 * autoscaler grows when spot capacity is missing. Its peak carries the whole spot demand (the
 * worst case: no spot at all) and its base is zero (it stays empty while spot nodes serve).
 *
 * Its type is the cheapest on-demand shape with the spot pool's GPU that holds every pod, so pods
 * behave alike on either pool; failing that (a spot-only shape whose on-demand siblings are too
 * small) any on-demand shape every workload accepts. The lock keeps a fallback's type while its
 * pods still fit, as for any pool.
 */
import type { SpecProblem } from "../spec/types";
import { acceptsModel } from "./demand";
import { GPU_POOL_NAME_MAX } from "../spec/rules/names";
import type { PlanningInput } from "./problem-builder";
import { PoolPacking, compareCost, packPoolOf } from "./problem";
import type { CapacityPlan } from "./types";

export interface FallbackChoice {
  /** Solver type index of the chosen on-demand entry. */
  readonly type: number;
  readonly packing: PoolPacking;
  /** Why the lock's type gave way, when it did. */
  readonly unlockedBecause?: string;
}

export const FALLBACK_SUFFIX = "-fallback";

/** The fallback pool's name: the spot pool's, suffixed, cut to the node pool name limit, unique. */
export function fallbackName(spotPool: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? FALLBACK_SUFFIX : `${FALLBACK_SUFFIX}${n}`;
    const name = `${spotPool.slice(0, GPU_POOL_NAME_MAX - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/**
 * The on-demand type of the fallback of a spot pool holding `items` on solver type `spotType`;
 * undefined with a problem when no on-demand shape can hold them.
 */
export function chooseFallback({
  input,
  spotPool,
  spotType,
  items,
  previous,
  replan,
}: {
  readonly input: PlanningInput;
  readonly spotPool: string;
  readonly spotType: number;
  readonly items: readonly number[];
  readonly previous?: CapacityPlan;
  readonly replan: boolean;
}): FallbackChoice | { readonly problem: SpecProblem } {
  const gpu = input.types[spotType]!.instance.gpu;
  const onDemand = input.types.map((t, i) => ({ t, i })).filter(({ t }) => !t.spot);
  const pack = (i: number) => packPoolOf(input.problem, i, items);
  const prev = previous?.pools.find((p) => p.fallbackFor === spotPool);
  let unlockedBecause: string | undefined;
  if (prev !== undefined && !replan) {
    const kept = onDemand.find(({ t }) => t.instance.name === prev.instanceType);
    const packing = kept === undefined ? undefined : pack(kept.i);
    if (kept !== undefined && packing !== undefined && kept.t.instance.gpu === gpu) return { type: kept.i, packing };
    unlockedBecause = kept === undefined ? `${prev.instanceType} is no longer an on-demand type with a price here` : `the workloads of ${spotPool} no longer fit ${prev.instanceType}`;
  }
  const best = (candidates: readonly { readonly i: number }[]) => {
    let found: { type: number; packing: PoolPacking } | undefined;
    for (const { i } of candidates) {
      const packing = pack(i);
      if (packing !== undefined && (found === undefined || compareCost(packing.cost, found.packing.cost) < 0)) found = { type: i, packing };
    }
    return found;
  };
  const sameModel = best(onDemand.filter(({ t }) => t.instance.gpu === gpu));
  const anyModel = sameModel ?? best(onDemand.filter(({ t }) => items.every((it) => acceptsModel(input.demands[it]!, t.instance.gpu))));
  if (anyModel === undefined) {
    const d = input.demands[items[0]!]!;
    return {
      problem: {
        path: `${d.path}.spot`,
        message: `no on-demand type in the region holds the pods of spot pool ${spotPool}, so it would have no fallback when spot capacity is missing; ask for smaller pods or remove spot`,
      },
    };
  }
  return { ...anyModel, ...(unlockedBecause !== undefined ? { unlockedBecause } : {}) };
}
