/**
 * From a validated spec (and the lock, if any) to the solver's model: which instance types each
 * workload may use, which pools are fixed in advance (declared `gpuPools`, pools kept from the
 * lock) and which workloads are pinned to them. Every problem found on the way is collected.
 */
import type { GpuModel, InstanceType } from "../catalog/types";
import { findInstanceType, instanceTypes } from "../catalog/instances";
import type { SpecProblem, ValidSpec } from "../spec/types";
import { allocatable, podFits } from "./allocatable";
import { WorkloadDemand, acceptsModel, gpuAsk } from "./demand";
import { PlanContext, diagnose, duplicatePoolNames, poolCandidates } from "./feasibility";
import type { SolverItem, SolverProblem, SolverSlot } from "./problem";
import type { CapacityPlan } from "./types";

/** Why a previous pool may change type, by pool name. */
export const REPLAN_REASON = "re-planned on request (--replan)";

export interface SlotInfo {
  readonly name: string;
  readonly gpu: GpuModel;
  readonly spot: boolean;
  /** Declared in the spec (else kept from the lock). */
  readonly declared: boolean;
}

export interface PlanningInput {
  readonly demands: readonly WorkloadDemand[];
  /** Solver type index → catalogue type (offered in the region, with a price). */
  readonly types: readonly InstanceType[];
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

export function buildProblem(spec: ValidSpec, { demands, previous, replan: asked }: BuildOptions): PlanningInput {
  // A lock written for another cloud names instance types this cloud does not have: every pool is
  // new, and the plan says why rather than that each type left the catalogue.
  const movedFrom = previous !== undefined && previous.cloud !== spec.cloud ? previous.cloud : undefined;
  const replan = asked || movedFrom !== undefined;
  const ctx: PlanContext = { cloud: spec.cloud, region: spec.region };
  const types = instanceTypes(spec.cloud)
    .filter((t) => t.regions.includes(spec.region) && t.pricePerHour !== null)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.pricePerHour! - b.t.pricePerHour! || a.i - b.i)
    .map(({ t }) => t);
  const indexOf = new Map(types.map((t, i) => [t.name, i]));
  const fits = (d: WorkloadDemand, type: number): boolean => podFits(d.pod, allocatable(types[type]!));
  const problems: SpecProblem[] = [];
  const unlocked = new Map<string, string>();
  const prevPools = new Map((previous?.pools ?? []).map((p) => [p.name, p]));
  const prevPoolOf = new Map((previous?.workloads ?? []).map((w) => [w.name, w.pool]));
  const replanReason = movedFrom !== undefined ? `the cloud changed from ${movedFrom} to ${spec.cloud}: every node pool is new` : REPLAN_REASON;
  if (replan) for (const p of previous?.pools ?? []) unlocked.set(p.name, replanReason);
  const slots: MutableSlot[] = [];
  const pinnedTo = new Map<number, number>();
  const members = (pool: string) => demands.map((d, i) => ({ d, i })).filter(({ d }) => prevPoolOf.get(d.key) === pool);
  const declared = spec.gpuPools !== undefined;

  if (declared) {
    problems.push(...duplicatePoolNames(spec.gpuPools!));
    spec.gpuPools!.forEach((pool, index) => {
      const found = poolCandidates(pool, index, ctx);
      problems.push(...found.problems);
      const candidates = found.types.map((t) => indexOf.get(t.name)).filter((i): i is number => i !== undefined).sort((a, b) => a - b);
      const slot: MutableSlot = { info: { name: pool.name, gpu: pool.gpu, spot: pool.spot, declared: true }, types: candidates, candidates, pinned: [] };
      const prev = prevPools.get(pool.name);
      if (prev !== undefined && !replan) {
        const t = indexOf.get(prev.instanceType);
        if (prev.gpu !== pool.gpu) unlocked.set(pool.name, `the pool's gpu changed from ${prev.gpu} to ${pool.gpu}`);
        else if (t === undefined || !candidates.includes(t)) unlocked.set(pool.name, `${prev.instanceType} is no longer a priced candidate of gpuPools[${index}] in ${spec.region}`);
        else {
          slot.lockedType = t;
          slot.types = [t];
          for (const { d, i } of members(pool.name)) if (acceptsModel(d, pool.gpu) && fits(d, t)) slot.pinned.push(i);
        }
      }
      slots.push(slot);
    });
  } else if (!replan) {
    for (const prev of previous?.pools ?? []) {
      const t = indexOf.get(prev.instanceType);
      const was = members(prev.name);
      if (t === undefined || types[t]!.gpu !== prev.gpu || (types[t]!.spotOnly === true && !prev.spot)) {
        if (was.length > 0) unlocked.set(prev.name, lostTypeReason(prev, ctx));
        continue;
      }
      const pinned: number[] = [];
      for (const { d, i } of was) {
        if (acceptsModel(d, prev.gpu) && fits(d, t)) pinned.push(i);
        else if (!unlocked.has(prev.name)) unlocked.set(prev.name, movedReason(d, prev.gpu, prev.instanceType));
      }
      if (pinned.length > 0) slots.push({ info: { name: prev.name, gpu: prev.gpu, spot: prev.spot, declared: false }, types: [t], candidates: [t], pinned });
    }
  }
  slots.forEach((s, si) => s.pinned.forEach((i) => pinnedTo.set(i, si)));

  // Each workload's own fitting types: the catalogue's, or its declared pools' candidates.
  const own: (readonly number[] | undefined)[] = demands.map((d) => {
    // Derived pools are on-demand, so a spot-only type is never one of their candidates.
    const scopeTypes = declared
      ? spec.gpuPools!.filter((p) => acceptsModel(d, p.gpu)).flatMap((p) => p.instanceTypes.map((n) => findInstanceType(spec.cloud, n)).filter((t): t is InstanceType => t !== undefined && t.gpu === p.gpu))
      : instanceTypes(spec.cloud).filter((t) => t.spotOnly !== true);
    if (declared && scopeTypes.length === 0 && spec.gpuPools!.some((p) => acceptsModel(d, p.gpu))) return undefined;
    const result = diagnose(d, ctx, { declared, types: scopeTypes });
    if ("problem" in result) {
      problems.push(result.problem);
      return undefined;
    }
    return result.fits.map((t) => indexOf.get(t.name)!).sort((a, b) => a - b);
  });

  const slotOptions = (i: number): number[] =>
    slots.map((_, si) => si).filter((si) => acceptsModel(demands[i]!, slots[si]!.info.gpu) && slots[si]!.types.some((t) => fits(demands[i]!, t)));
  if (declared) {
    // A kept type gives way when a workload that can only go to that pool no longer fits it.
    for (let changed = true; changed; ) {
      changed = false;
      demands.forEach((d, i) => {
        if (pinnedTo.has(i) || own[i] === undefined || slotOptions(i).length > 0) return;
        slots.forEach((s) => {
          if (s.lockedType === undefined || !acceptsModel(d, s.info.gpu) || !s.candidates.some((t) => fits(d, t))) return;
          unlocked.set(s.info.name, movedReason(d, s.info.gpu, types[s.lockedType]!.name));
          delete s.lockedType;
          s.types = s.candidates;
          for (const p of s.pinned) pinnedTo.delete(p);
          s.pinned = [];
          changed = true;
        });
      });
    }
  }

  const items: SolverItem[] = demands.map((d, i) => {
    const pin = pinnedTo.get(i);
    if (pin !== undefined) return { pod: d.pod, basePods: d.basePods, peakPods: d.peakPods, freeTypes: [], slots: [pin], pinnedTo: pin };
    const options = own[i] === undefined ? [] : slotOptions(i);
    return { pod: d.pod, basePods: d.basePods, peakPods: d.peakPods, freeTypes: declared ? [] : (own[i] ?? []), slots: options };
  });
  if (declared) problems.push(...sharedTypeProblems({ demands, items, slots, types }));
  const solverSlots: SolverSlot[] = slots.map((s) => ({ types: s.types, pinned: s.pinned, keepWhenEmpty: s.info.declared }));
  return { demands, types, problem: { types: types.map(solverType), items, slots: solverSlots }, slots: slots.map((s) => s.info), unlocked, problems };
}

function solverType(t: InstanceType) {
  return { name: t.name, node: allocatable(t), priceMicros: Math.round(t.pricePerHour! * 1e6) };
}

function lostTypeReason({ instanceType: name, spot }: { readonly instanceType: string; readonly spot: boolean }, ctx: PlanContext): string {
  const t = findInstanceType(ctx.cloud, name);
  if (t === undefined) return `${name} is no longer in the ${ctx.cloud} catalogue`;
  if (t.spotOnly === true && !spot) return `${name} is sold only as Spot or Flex-start VMs, never on-demand`;
  if (!t.regions.includes(ctx.region)) return `${name} is not offered in ${ctx.region}`;
  return `${name} has no known price`;
}

function movedReason(d: WorkloadDemand, poolGpu: GpuModel, typeName: string): string {
  if (!acceptsModel(d, poolGpu)) return `${d.key} now asks for ${gpuAsk(d)}, not ${poolGpu}`;
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
  readonly types: readonly InstanceType[];
}): SpecProblem[] {
  const problems: SpecProblem[] = [];
  slots.forEach((s, si) => {
    const forced = items.map((it, i) => ({ it, i })).filter(({ it }) => it.slots.length === 1 && it.slots[0] === si);
    if (forced.length < 2) return;
    const common = s.types.filter((t) => forced.every(({ i }) => podFits(demands[i]!.pod, allocatable(types[t]!))));
    if (common.length > 0) return;
    const names = forced.map(({ i }) => demands[i]!.key).join(", ");
    problems.push({
      path: `gpuPools[${si}].instanceTypes`,
      message: `no candidate fits all of ${names}, which only this pool can run (a pool has one instance type); add a type that fits them all, or split them over two pools`,
    });
  });
  return problems;
}
