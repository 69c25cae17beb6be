/**
 * Advice: what the plan's user could change to pay less or to mean what they wrote. Each item
 * names the spec path to change, a kind, a sentence, and the saving per hour at peak where one
 * can be stated (null where the advice is about meaning, not money). `plan` prints them and
 * `validate` shows them as warnings; none of them changes the plan.
 *
 * Comparisons price one workload (or one pool's workloads) alone on the cheapest shape that holds
 * it, the same way the search prices a pool, so a saving is what that part of the plan would cost
 * less if the user made the change, not an estimate of the whole plan re-solved.
 */
import { AMBIGUOUS_ALIASES, GPUS } from "../catalog/gpus";
import type { GpuModel } from "../catalog/types";
import type { ValidSpec } from "../spec/types";
import type { WorkloadDemand } from "./demand";
import type { PlanningInput } from "./problem-builder";
import { compareCost, packPoolOf, PoolPacking } from "./problem";
import type { Advice, PlanPool } from "./types";

export { ADVICE_KINDS } from "./types";
export type { Advice, AdviceKind } from "./types";


/**
 * A pool whose GPUs are idle below this share at base or at peak, by node shape: the pods leave
 * more than half of each node's GPUs unasked-for. Half is where a node of half the GPUs would
 * hold the same pods, the first point at which another shape can serve the demand.
 */
export const LOW_UTILISATION_BELOW = 0.5;

/** Hours in a month, the unit the bill and cloud price pages use (24 × 365 / 12). */
export const HOURS_PER_MONTH = 730;

const MICROS = 1e6;

/** A planned pool with the solver items it holds (indices into `input.demands`). */
export interface AdvisedPool {
  readonly pool: PlanPool;
  readonly items: readonly number[];
}

export function planAdvice(spec: ValidSpec, input: PlanningInput, pools: readonly AdvisedPool[]): Advice[] {
  return [...ambiguousModels(spec), ...cheaperModels(input), ...lowUtilisation(spec, input, pools), ...priceRegions(spec, pools)];
}

function money(usdPerHour: number): string {
  return `$${usdPerHour.toFixed(2)}/h ($${Math.round(usdPerHour * HOURS_PER_MONTH).toLocaleString("en-US")} a month)`;
}

/** The cheapest on-demand pool of these items among the allowed types, or undefined. */
function cheapest(input: PlanningInput, items: readonly number[], allowed: (model: GpuModel | null) => boolean) {
  let best: { type: number; packing: PoolPacking } | undefined;
  input.types.forEach((t, i) => {
    if (t.spot || !allowed(t.instance.gpu)) return;
    const packing = packPoolOf(input.problem, i, items);
    if (packing !== undefined && (best === undefined || compareCost(packing.cost, best.packing.cost) < 0)) best = { type: i, packing };
  });
  return best;
}

function ambiguousModels(spec: ValidSpec): Advice[] {
  const out: Advice[] = [];
  for (const w of [...spec.services, ...spec.trainingJobs]) {
    const written = w.gpu?.asWritten?.trim().toLowerCase();
    const meanings = written === undefined ? undefined : AMBIGUOUS_ALIASES[written];
    if (meanings === undefined || w.gpu?.model === undefined) continue;
    const others = meanings.filter((m) => m !== w.gpu!.model);
    out.push({
      path: `${w.path}.gpu.model`,
      kind: "ambiguous-model",
      message: `"${w.gpu.asWritten}" names more than one part (${meanings.join(", ")}) and is taken as ${w.gpu.model} (${GPUS[w.gpu.model].memoryGiB} GiB); write ${w.gpu.model}${others.length > 0 ? `, or ${others.join(" or ")} for the larger part` : ""}`,
      savingPerHour: null,
    });
  }
  return out;
}

/** A workload pinned to a model that another model with at least its nominal memory serves for less. */
function cheaperModels(input: PlanningInput): Advice[] {
  const out: Advice[] = [];
  input.demands.forEach((d: WorkloadDemand, i) => {
    if (d.model === undefined || d.peakPods === 0) return;
    const pinned = d.model;
    const own = cheapest(input, [i], (m) => m === pinned);
    const other = cheapest(input, [i], (m) => m !== null && m !== pinned && GPUS[m].memoryGiB >= GPUS[pinned].memoryGiB);
    if (own === undefined || other === undefined || compareCost(other.packing.cost, own.packing.cost) >= 0) return;
    const saving = (own.packing.cost.peak - other.packing.cost.peak) / MICROS;
    if (saving <= 0) return;
    const alt = input.types[other.type]!.instance;
    out.push({
      path: `${d.path}.gpu.model`,
      kind: "cheaper-model",
      message:
        `${d.key} asks for ${pinned} (${GPUS[pinned].memoryGiB} GiB); ${alt.gpu} (${GPUS[alt.gpu!].memoryGiB} GiB) on ${alt.name} serves it for ${money(saving)} less at peak; ` +
        `set gpu.minMemoryGiB: ${GPUS[pinned].memoryGiB} instead of model to let the planner choose`,
      savingPerHour: saving,
    });
  });
  return out;
}

/**
 * A GPU pool whose nodes carry more GPUs than its pods ask for, with the cheapest shape that
 * serves the same pods; without a cheaper shape, said only when it holds at peak.
 */
function lowUtilisation(spec: ValidSpec, input: PlanningInput, pools: readonly AdvisedPool[]): Advice[] {
  const out: Advice[] = [];
  for (const { pool, items } of pools) {
    if (pool.gpu === null || pool.fallbackFor !== undefined || items.length === 0) continue;
    const asked = (at: "basePods" | "peakPods") => items.reduce((n, i) => n + input.demands[i]!.pod.gpus * input.demands[i]![at], 0);
    const share = (at: "basePods" | "peakPods", nodes: number) => (nodes === 0 ? 1 : asked(at) / (nodes * pool.gpusPerNode));
    const atPeak = share("peakPods", pool.maxNodes);
    const atBase = share("basePods", pool.minNodes);
    const worst = Math.min(atPeak, atBase);
    if (worst >= LOW_UTILISATION_BELOW) continue;
    const when = atPeak <= atBase ? `at peak (${asked("peakPods")} of ${pool.maxNodes * pool.gpusPerNode} GPUs)` : `at base (${asked("basePods")} of ${pool.minNodes * pool.gpusPerNode} GPUs)`;
    const demands = items.map((i) => input.demands[i]!);
    // Another shape of the same model: a cheaper model is cheaper-model's advice, per workload.
    const alt = cheapest(input, items, (m) => m === pool.gpu);
    const nowPeak = Math.round(pool.pricePerHour * MICROS) * pool.maxNodes;
    const saving = alt === undefined ? 0 : (nowPeak - alt.packing.cost.peak) / MICROS;
    const path = demands[0]!.model !== undefined ? `${demands[0]!.path}.gpu.model` : `${demands[0]!.path}.gpu`;
    const declared = input.slots.find((s) => s.name === pool.name && s.declared);
    const head = `${pool.name} uses ${Math.round(worst * 100)}% of its GPUs ${when}: each ${pool.instanceType} node has ${pool.gpusPerNode} GPUs`;
    if (alt !== undefined && saving > 0) {
      const t = input.types[alt.type]!.instance;
      out.push({
        path: declared?.path ?? path,
        kind: "low-utilisation",
        message: `${head}; ${alt.packing.peak.bins.length} × ${t.name} (${t.gpus} GPUs each) serves the same pods for ${money(saving)} less at peak`,
        savingPerHour: saving,
      });
    } else if (atPeak < LOW_UTILISATION_BELOW) {
      // At base a low share mostly reflects replicas.min; only at peak is it the node shape alone.
      out.push({
        path: declared?.path ?? path,
        kind: "low-utilisation",
        message: `${head}; no other ${pool.gpu} shape on ${spec.cloud} in ${spec.region} serves these pods for less: let the planner choose the model (gpu.minMemoryGiB) or give each node more work`,
        savingPerHour: 0,
      });
    }
  }
  return out;
}

function priceRegions(spec: ValidSpec, pools: readonly AdvisedPool[]): Advice[] {
  const out: Advice[] = [];
  const seen = new Set<string>();
  for (const { pool } of pools) {
    if (pool.priceRegion === undefined || seen.has(pool.instanceType)) continue;
    seen.add(pool.instanceType);
    out.push({
      path: "region",
      kind: "price-region",
      message: `${pool.instanceType} (pool ${pool.name}) has no published ${spec.region} price in the snapshot; it is priced at its ${pool.priceRegion} price, which ${spec.region} may not match`,
      savingPerHour: null,
    });
  }
  return out;
}
