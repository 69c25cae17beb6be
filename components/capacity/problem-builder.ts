/**
 * From a validated spec (and the lock, if any) to the solver's model: which instance types each
 * workload may use, which pools are fixed in advance (declared `gpuPools` and `cpuPools`, pools
 * kept from the lock) and which workloads are pinned to them. Every problem found on the way is
 * collected.
 *
 * Capacity classes: a type enters the model once as on-demand and once as spot (spot-only types
 * only as spot), and a workload may use only the entries of its own class, so spot and on-demand
 * workloads, and GPU and CPU workloads, never share a pool. The fallback pool of each spot pool is
 * chosen after the search (fallback.ts).
 */
import type { GpuModel, WorkerType } from "../catalog/types";
import { findWorkerType, workerTypes } from "../catalog/instances";
import { regionalPrice } from "../catalog/prices";
import type { SpecProblem, ValidSpec } from "../spec/types";
import { allocatable, podFits } from "./allocatable";
import { WorkloadDemand, acceptsModel, gpuAsk } from "./demand";
import { PlanContext, diagnose, duplicatePoolNames, poolCandidates } from "./feasibility";
import type { SolverItem, SolverProblem, SolverSlot } from "./problem";
import type { CapacityPlan } from "./types";

/** Why a previous pool may change type, by pool name. */
export const REPLAN_REASON = "re-planned on request (--replan)";

/** One entry of the solver's type list: a catalogue shape bought on demand or as spot. */
export interface PlannedType {
  readonly instance: WorkerType;
  readonly spot: boolean;
  /** USD per hour the search compares: the on-demand price, or the spot price for a spot entry. */
  readonly pricePerHour: number;
  /** On-demand USD per hour: the spec's region's, else the catalogue's price region's. */
  readonly onDemandPerHour: number;
  /** Spot USD per hour in the spec's region from the snapshot; null when it has none. */
  readonly spotPerHour: number | null;
  /** Where `onDemandPerHour` was read: the spec's region unless the snapshot has no price there. */
  readonly priceRegion: string;
}

export interface SlotInfo {
  readonly name: string;
  readonly gpu: GpuModel | null;
  readonly spot: boolean;
  /** Declared in the spec (else kept from the lock). */
  readonly declared: boolean;
  /** Where a declared pool is in the spec: `gpuPools[1]`, `cpuPools[0]`. */
  readonly path?: string;
}

export interface PlanningInput {
  readonly demands: readonly WorkloadDemand[];
  /** Solver type index → catalogue type and capacity class (offered in the region, with a price). */
  readonly types: readonly PlannedType[];
  readonly problem: SolverProblem;
  readonly slots: readonly SlotInfo[];
  /** Previous pools whose instance type may change, with the reason, by name. */
  readonly unlocked: ReadonlyMap<string, string>;
  readonly problems: readonly SpecProblem[];
}

interface MutableSlot {
  info: SlotInfo;
  types: number[];
  /** Every priced candidate, for a declared pool whose lock has to give way. */
  candidates: number[];
  pinned: number[];
  lockedType?: number;
}

export interface BuildOptions {
  readonly demands: readonly WorkloadDemand[];
  /** The lock, if any. */
  readonly previous?: CapacityPlan;
  /** Ignore the lock's instance types (names still follow it). */
  readonly replan: boolean;
}

/** A declared pool of either kind, as the builder reads it. */
interface DeclaredPool {
  readonly name: string;
  readonly gpu: GpuModel | null;
  readonly instanceTypes: readonly string[];
  readonly spot: boolean;
  readonly path: string;
}

/** The declared pools that serve a demand's kind, or undefined when the planner derives them. */
function declaredFor(d: WorkloadDemand, gpuPools: readonly DeclaredPool[] | undefined, cpuPools: readonly DeclaredPool[] | undefined) {
  return d.cpuOnly ? cpuPools : gpuPools;
}

export function buildProblem(spec: ValidSpec, { demands, previous, replan: asked }: BuildOptions): PlanningInput {
  // A lock written for another cloud names instance types this cloud does not have: every pool is
  // new, and the plan says why rather than that each type left the catalogue.
  const movedFrom = previous !== undefined && previous.cloud !== spec.cloud ? previous.cloud : undefined;
  const replan = asked || movedFrom !== undefined;
  const ctx: PlanContext = { cloud: spec.cloud, region: spec.region };
  const types = plannedTypes(spec);
  const indexOf = new Map(types.map((t, i) => [entryKey(t.instance.name, t.spot), i]));
  const entry = (name: string, spot: boolean) => indexOf.get(entryKey(name, spot));
  const fits = (d: WorkloadDemand, type: number): boolean => podFits(d.pod, allocatable(types[type]!.instance));
  const problems: SpecProblem[] = [];
  const unlocked = new Map<string, string>();
  const prevPools = new Map((previous?.pools ?? []).map((p) => [p.name, p]));
  const prevPoolOf = new Map((previous?.workloads ?? []).map((w) => [w.name, w.pool]));
  const replanReason = movedFrom !== undefined ? `the cloud changed from ${movedFrom} to ${spec.cloud}: every node pool is new` : REPLAN_REASON;
  if (replan) for (const p of previous?.pools ?? []) unlocked.set(p.name, replanReason);
  const slots: MutableSlot[] = [];
  const pinnedTo = new Map<number, number>();
  const members = (pool: string) => demands.map((d, i) => ({ d, i })).filter(({ d }) => prevPoolOf.get(d.key) === pool);
  const joins = (d: WorkloadDemand, pool: { readonly gpu: GpuModel | null; readonly spot: boolean }) => acceptsModel(d, pool.gpu) && d.spot === pool.spot;

  const gpuPools = spec.gpuPools?.map((p, i): DeclaredPool => ({ ...p, path: `gpuPools[${i}]` }));
  const cpuPools = spec.cpuPools?.map((p, i): DeclaredPool => ({ ...p, gpu: null, path: `cpuPools[${i}]` }));
  const declared = [...(gpuPools ?? []), ...(cpuPools ?? [])];
  problems.push(...duplicatePoolNames(declared));
  for (const pool of declared) {
    const found = poolCandidates(pool, ctx);
    problems.push(...found.problems);
    const candidates = found.types
      .map((t) => entry(t.name, pool.spot))
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b);
    const slot: MutableSlot = { info: { name: pool.name, gpu: pool.gpu, spot: pool.spot, declared: true, path: pool.path }, types: candidates, candidates, pinned: [] };
    const prev = prevPools.get(pool.name);
    if (prev !== undefined && !replan) {
      const t = entry(prev.instanceType, pool.spot);
      if (prev.gpu !== pool.gpu) unlocked.set(pool.name, `the pool's gpu changed from ${prev.gpu ?? "none"} to ${pool.gpu ?? "none"}`);
      else if (t === undefined || !candidates.includes(t)) unlocked.set(pool.name, `${prev.instanceType} is no longer a priced candidate of ${pool.path} in ${spec.region}`);
      else {
        slot.lockedType = t;
        slot.types = [t];
        for (const { d, i } of members(pool.name)) if (joins(d, pool) && fits(d, t)) slot.pinned.push(i);
      }
    }
    slots.push(slot);
  }
  if (!replan) {
    // Pools kept from the lock, for the kinds the planner derives. Fallback pools are chosen after
    // the search, from their spot pool's workloads.
    for (const prev of previous?.pools ?? []) {
      if (prev.fallbackFor !== undefined || (prev.gpu === null ? cpuPools : gpuPools) !== undefined) continue;
      const t = entry(prev.instanceType, prev.spot);
      const was = members(prev.name);
      if (t === undefined || types[t]!.instance.gpu !== prev.gpu) {
        if (was.length > 0) unlocked.set(prev.name, lostTypeReason(prev, ctx));
        continue;
      }
      const pinned: number[] = [];
      for (const { d, i } of was) {
        if (joins(d, prev) && fits(d, t)) pinned.push(i);
        else if (!unlocked.has(prev.name)) unlocked.set(prev.name, movedReason(d, prev, types[t]!.instance.name));
      }
      if (pinned.length > 0) slots.push({ info: { name: prev.name, gpu: prev.gpu, spot: prev.spot, declared: false }, types: [t], candidates: [t], pinned });
    }
  }
  slots.forEach((s, si) => s.pinned.forEach((i) => pinnedTo.set(i, si)));

  // Each workload's own fitting types: the catalogue's (spot-only shapes for spot workloads only),
  // or its declared pools' candidates.
  const own: (readonly number[] | undefined)[] = demands.map((d) => {
    const pools = declaredFor(d, gpuPools, cpuPools);
    const scopeTypes =
      pools !== undefined
        ? pools.filter((p) => acceptsModel(d, p.gpu)).flatMap((p) => p.instanceTypes.map((n) => findWorkerType(spec.cloud, n)).filter((t): t is WorkerType => t !== undefined && t.gpu === p.gpu))
        : workerTypes(spec.cloud).filter((t) => d.spot || t.spotOnly !== true);
    if (pools !== undefined && scopeTypes.length === 0 && pools.some((p) => acceptsModel(d, p.gpu))) return undefined;
    const result = diagnose(d, ctx, { declared: pools !== undefined, types: scopeTypes });
    if ("problem" in result) {
      problems.push(result.problem);
      return undefined;
    }
    return result.fits
      .map((t) => entry(t.name, d.spot))
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b);
  });

  const slotOptions = (i: number): number[] =>
    slots.map((_, si) => si).filter((si) => joins(demands[i]!, slots[si]!.info) && slots[si]!.types.some((t) => fits(demands[i]!, t)));
  // A kept type gives way when a workload that can only go to that pool no longer fits it.
  for (let changed = true; changed; ) {
    changed = false;
    demands.forEach((d, i) => {
      if (declaredFor(d, gpuPools, cpuPools) === undefined || pinnedTo.has(i) || own[i] === undefined || slotOptions(i).length > 0) return;
      slots.forEach((s) => {
        if (!s.info.declared || s.lockedType === undefined || !joins(d, s.info) || !s.candidates.some((t) => fits(d, t))) return;
        unlocked.set(s.info.name, movedReason(d, s.info, types[s.lockedType]!.instance.name));
        delete s.lockedType;
        s.types = s.candidates;
        for (const p of s.pinned) pinnedTo.delete(p);
        s.pinned = [];
        changed = true;
      });
    });
  }

  // A workload its declared pools could hold, but none of its capacity type: say so, at `spot`.
  demands.forEach((d, i) => {
    if (declaredFor(d, gpuPools, cpuPools) === undefined || pinnedTo.has(i) || own[i] === undefined || slotOptions(i).length > 0) return;
    const other = slots.filter((s) => s.info.declared && acceptsModel(d, s.info.gpu) && s.info.spot !== d.spot).map((s) => s.info.name);
    problems.push({
      path: `${d.path}.spot`,
      message: d.spot
        ? `is true, but the declared pools that can hold ${d.key} (${other.join(", ")}) are on-demand; declare a spot pool for it, or remove spot`
        : `is false, but the declared pools that can hold ${d.key} (${other.join(", ")}) are spot pools, which take only workloads with spot: true; declare an on-demand pool for it, or set spot: true`,
    });
  });

  const items: SolverItem[] = demands.map((d, i) => {
    const pin = pinnedTo.get(i);
    if (pin !== undefined) return { pod: d.pod, basePods: d.basePods, peakPods: d.peakPods, freeTypes: [], slots: [pin], pinnedTo: pin };
    const options = own[i] === undefined ? [] : slotOptions(i);
    const derived = declaredFor(d, gpuPools, cpuPools) === undefined;
    return { pod: d.pod, basePods: d.basePods, peakPods: d.peakPods, freeTypes: derived ? (own[i] ?? []) : [], slots: options };
  });
  problems.push(...sharedTypeProblems({ demands, items, slots, types }));
  const solverSlots: SolverSlot[] = slots.map((s) => ({ types: s.types, pinned: s.pinned, keepWhenEmpty: s.info.declared }));
  return { demands, types, problem: { types: types.map(solverType), items, slots: solverSlots }, slots: slots.map((s) => s.info), unlocked, problems };
}

function entryKey(name: string, spot: boolean): string {
  return `${spot ? "spot" : "on-demand"}/${name}`;
}

/**
 * The solver's types: every priced shape offered in the region, on demand (unless the cloud sells
 * it only as spot) and as spot, cheapest first. Prices are the spec's region's from the snapshot
 * (catalog/prices); a type the snapshot does not price there keeps the catalogue's price-region
 * price, and the plan says so for that pool. A spot entry without a snapshot spot price is priced
 * on demand, so the search never counts on a saving it cannot show.
 */
export function plannedTypes(spec: ValidSpec): PlannedType[] {
  const out: PlannedType[] = [];
  for (const t of workerTypes(spec.cloud)) {
    if (!t.regions.includes(spec.region)) continue;
    const here = regionalPrice(spec.cloud, t.name, spec.region);
    const onDemand = here?.onDemand ?? t.pricePerHour;
    if (onDemand === null) continue;
    const price = { onDemandPerHour: onDemand, spotPerHour: here?.spot ?? null, priceRegion: here?.onDemand != null ? spec.region : t.priceRegion };
    if (t.spotOnly !== true) out.push({ instance: t, spot: false, pricePerHour: onDemand, ...price });
    out.push({ instance: t, spot: true, pricePerHour: price.spotPerHour ?? onDemand, ...price });
  }
  return out
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.pricePerHour - b.t.pricePerHour || a.i - b.i)
    .map(({ t }) => t);
}

function solverType(t: PlannedType) {
  return { name: t.instance.name, node: allocatable(t.instance), priceMicros: Math.round(t.pricePerHour * 1e6) };
}

function lostTypeReason({ instanceType: name, spot }: { readonly instanceType: string; readonly spot: boolean }, ctx: PlanContext): string {
  const t = findWorkerType(ctx.cloud, name);
  if (t === undefined) return `${name} is no longer in the ${ctx.cloud} catalogue`;
  if (t.spotOnly === true && !spot) return `${name} is sold only as Spot or Flex-start VMs, never on-demand`;
  if (!t.regions.includes(ctx.region)) return `${name} is not offered in ${ctx.region}`;
  return `${name} has no known price`;
}

function movedReason(d: WorkloadDemand, pool: { readonly gpu: GpuModel | null; readonly spot: boolean }, typeName: string): string {
  if (d.spot !== pool.spot) return `${d.key} ${d.spot ? "now asks for spot" : "no longer asks for spot"}`;
  if (!acceptsModel(d, pool.gpu)) return `${d.key} now asks for ${gpuAsk(d)}, not ${pool.gpu ?? "a CPU pool"}`;
  return `${d.key} (${gpuAsk(d)}, ${d.cpuText} CPU, ${d.memoryText} per pod) no longer fits ${typeName}`;
}

/** A declared pool has one type: the workloads only it can run must all fit one of its candidates. */
function sharedTypeProblems({
  demands,
  items,
  slots,
  types,
}: {
  readonly demands: readonly WorkloadDemand[];
  readonly items: readonly SolverItem[];
  readonly slots: readonly MutableSlot[];
  readonly types: readonly PlannedType[];
}): SpecProblem[] {
  const problems: SpecProblem[] = [];
  slots.forEach((s, si) => {
    if (!s.info.declared) return;
    const forced = items.map((it, i) => ({ it, i })).filter(({ it }) => it.slots.length === 1 && it.slots[0] === si);
    if (forced.length < 2) return;
    const common = s.types.filter((t) => forced.every(({ i }) => podFits(demands[i]!.pod, allocatable(types[t]!.instance))));
    if (common.length > 0) return;
    const names = forced.map(({ i }) => demands[i]!.key).join(", ");
    problems.push({
      path: `${s.info.path}.instanceTypes`,
      message: `no candidate fits all of ${names}, which only this pool can run (a pool has one instance type); add a type that fits them all, or split them over two pools`,
    });
  });
  return problems;
}
