/**
 * The plan lock: the plan of a stack, committed as `stacks/capacity.<env>.json`, that the next
 * plan starts from so pools keep their names and instance types (shared/DESIGN.md, "Stability").
 * Pure text in, text out; the CLI does the file I/O.
 *
 * The lock holds the state, not the transition: it is the plan JSON without `replacements`, so
 * re-planning an unchanged spec against its lock prints exactly the lock back.
 */
import { CLOUDS, GPU_MODELS } from "../catalog/types";
import { SpecError } from "../spec/errors";
import type { SpecProblem } from "../spec/types";
import type { CapacityPlan, Packing, SystemPoolPlan } from "./types";

/** Where a stack's lock lives, relative to the project root (forward slashes on every platform). */
export function lockFileName(env: string): string {
  return `stacks/capacity.${env}.json`;
}

/** The plan as JSON with a fixed key order, 2-space indent and a trailing newline. */
export function serializePlan(plan: CapacityPlan): string {
  return `${JSON.stringify(planJson(plan, true), null, 2)}\n`;
}

/** The lock file's text: the plan without its `replacements`. */
export function serializeLock(plan: CapacityPlan): string {
  return `${JSON.stringify(planJson(plan, false), null, 2)}\n`;
}

/** The plan as a plain object, keys in the order of shared/DESIGN.md. */
export function planJson(plan: CapacityPlan, withReplacements: boolean): object {
  const packing = (p: Packing) => ({ nodes: p.nodes.map((n) => ({ pods: [...n.pods] })) });
  return {
    cloud: plan.cloud,
    region: plan.region,
    catalog: { source: plan.catalog.source, date: plan.catalog.date, priceRegion: plan.catalog.priceRegion },
    ...(plan.prices !== undefined ? { prices: { source: plan.prices.source, asOf: plan.prices.asOf, spotAsOf: plan.prices.spotAsOf } } : {}),
    pools: plan.pools.map((p) => ({
      name: p.name,
      gpu: p.gpu,
      instanceType: p.instanceType,
      ...(p.instanceTypes !== undefined ? { instanceTypes: [...p.instanceTypes] } : {}),
      spot: p.spot,
      ...(p.fallbackFor !== undefined ? { fallbackFor: p.fallbackFor } : {}),
      gpusPerNode: p.gpusPerNode,
      pricePerHour: p.pricePerHour,
      ...(p.spotPricePerHour !== undefined ? { spotPricePerHour: p.spotPricePerHour } : {}),
      ...(p.priceRegion !== undefined ? { priceRegion: p.priceRegion } : {}),
      minNodes: p.minNodes,
      maxNodes: p.maxNodes,
      base: packing(p.base),
      peak: packing(p.peak),
    })),
    workloads: plan.workloads.map((w) => ({
      name: w.name,
      kind: w.kind,
      pool: w.pool,
      ...(w.fallbackPool !== undefined ? { fallbackPool: w.fallbackPool } : {}),
      basePods: w.basePods,
      peakPods: w.peakPods,
      ...(w.canary !== undefined ? { canary: { basePods: w.canary.basePods, peakPods: w.canary.peakPods } } : {}),
      ...(w.perPod !== undefined ? { perPod: { gpus: w.perPod.gpus, cpu: w.perPod.cpu, memoryGiB: w.perPod.memoryGiB } } : {}),
    })),
    cost: {
      basePerHour: plan.cost.basePerHour,
      peakPerHour: plan.cost.peakPerHour,
      fixedPerHour: plan.cost.fixedPerHour,
      ...(plan.cost.spotBasePerHour !== undefined ? { spotBasePerHour: plan.cost.spotBasePerHour } : {}),
      ...(plan.cost.spotPeakPerHour !== undefined ? { spotPeakPerHour: plan.cost.spotPeakPerHour } : {}),
    },
    ...(plan.fixed !== undefined
      ? {
          fixed: {
            systemPool: systemPoolJson(plan.fixed.systemPool),
            controlPlanePerHour: plan.fixed.controlPlanePerHour,
          },
        }
      : {}),
    gpuUtilisationAtPeak: plan.gpuUtilisationAtPeak,
    ...(withReplacements && plan.replacements !== undefined && plan.replacements.length > 0
      ? { replacements: plan.replacements.map((r) => ({ pool: r.pool, from: r.from, to: r.to, reason: r.reason })) }
      : {}),
    ...(withReplacements && plan.advice !== undefined && plan.advice.length > 0 ? { advice: plan.advice.map((a) => ({ path: a.path, kind: a.kind, message: a.message, savingPerHour: a.savingPerHour })) } : {}),
  };
}

function systemPoolJson(s: SystemPoolPlan): SystemPoolPlan {
  return {
    instanceType: s.instanceType,
    nodes: s.nodes,
    pricePerHour: s.pricePerHour,
    ...(s.priceRegion !== undefined ? { priceRegion: s.priceRegion } : {}),
    ...(s.minNodes !== undefined ? { minNodes: s.minNodes } : {}),
    ...(s.maxNodes !== undefined ? { maxNodes: s.maxNodes } : {}),
    ...(s.nodesNeeded !== undefined ? { nodesNeeded: s.nodesNeeded } : {}),
    ...(s.requests !== undefined ? { requests: { cpu: s.requests.cpu, memoryGiB: s.requests.memoryGiB } } : {}),
    ...(s.allocatablePerNode !== undefined ? { allocatablePerNode: { cpu: s.allocatablePerNode.cpu, memoryGiB: s.allocatablePerNode.memoryGiB } } : {}),
    ...(s.addons !== undefined ? { addons: [...s.addons] } : {}),
  };
}

/** Reads a lock; every problem with it in one SpecError, paths prefixed with `source`. */
export function parseLock(text: string, source: string): CapacityPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new SpecError([{ path: source, message: `is not valid JSON (${why}); restore it from git, or delete it and run \`plan --write\` to write a fresh one` }], source);
  }
  const problems = lockProblems(value, source);
  if (problems.length > 0) throw new SpecError(problems, source);
  return value as CapacityPlan;
}

type Check = (v: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text: Check = (v) => (typeof v === "string" && v.length > 0 ? undefined : `must be a non-empty string, got ${show(v)}`);
const count: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : `must be a whole number ≥ 0, got ${show(v)}`);
const amount: Check = (v) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? undefined : `must be a number ≥ 0, got ${show(v)}`);
const flag: Check = (v) => (typeof v === "boolean" ? undefined : `must be true or false, got ${show(v)}`);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? undefined : check(v);
const textList: Check = (v) => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string" && x.length > 0) ? undefined : `must be a non-empty list of names, got ${show(v)}`);
const oneOf =
  (allowed: readonly string[]): Check =>
  (v) =>
    typeof v === "string" && allowed.includes(v) ? undefined : `must be one of ${allowed.join(", ")}, got ${show(v)}`;

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Structural checks of a parsed lock: the fields the planner reads, with their types. */
export function lockProblems(value: unknown, source: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const at = (path: string) => `${source} ${path}`;
  const field = (obj: Record<string, unknown>, path: string, key: string, check: Check): void => {
    const why = check(obj[key]);
    if (why !== undefined) problems.push({ path: at(`${path}${key}`), message: `${why}; the lock is written by \`plan --write\`, restore it from git or re-write it` });
  };
  if (!isObject(value)) return [{ path: source, message: `must hold a JSON object (a capacity plan), got ${show(value)}; restore it from git, or delete it and run \`plan --write\`` }];
  field(value, "", "cloud", oneOf(CLOUDS));
  field(value, "", "region", text);
  const pools = value.pools;
  const names = new Set<string>();
  if (!Array.isArray(pools)) problems.push({ path: at("pools"), message: `must be a list of pools, got ${show(pools)}; restore the lock from git or re-write it` });
  else
    pools.forEach((p, i) => {
      const path = `pools[${i}].`;
      if (!isObject(p)) {
        problems.push({ path: at(`pools[${i}]`), message: `must be a pool object, got ${show(p)}; restore the lock from git or re-write it` });
        return;
      }
      field(p, path, "name", text);
      field(p, path, "gpu", (v) => (v === null ? undefined : oneOf(GPU_MODELS)(v)));
      field(p, path, "instanceType", text);
      field(p, path, "instanceTypes", optional(textList));
      field(p, path, "spot", flag);
      field(p, path, "fallbackFor", optional(text));
      field(p, path, "gpusPerNode", count);
      field(p, path, "pricePerHour", amount);
      field(p, path, "spotPricePerHour", optional(amount));
      field(p, path, "priceRegion", optional(text));
      field(p, path, "minNodes", count);
      field(p, path, "maxNodes", count);
      for (const key of ["base", "peak"] as const) {
        const nodes = isObject(p[key]) ? (p[key] as Record<string, unknown>).nodes : undefined;
        const ok = Array.isArray(nodes) && nodes.every((n) => isObject(n) && Array.isArray(n.pods) && n.pods.every((x) => typeof x === "string"));
        if (!ok) problems.push({ path: at(`${path}${key}`), message: `must be { "nodes": [ { "pods": [...] } ] }, got ${show(p[key])}; restore the lock from git or re-write it` });
      }
      if (typeof p.name === "string") {
        if (names.has(p.name)) problems.push({ path: at(`${path}name`), message: `"${p.name}" names two pools; restore the lock from git or re-write it` });
        names.add(p.name);
      }
    });
  // The system pool's type is locked like a pool's; locks written before it was sized lack the counts.
  if (value.fixed !== undefined) {
    const system = isObject(value.fixed) ? value.fixed.systemPool : undefined;
    if (!isObject(system)) problems.push({ path: at("fixed.systemPool"), message: `must be the system pool's plan ({ "instanceType", "nodes", ... }), got ${show(system)}; restore the lock from git or re-write it` });
    else {
      field(system, "fixed.systemPool.", "instanceType", text);
      field(system, "fixed.systemPool.", "nodes", count);
      field(system, "fixed.systemPool.", "minNodes", optional(count));
      field(system, "fixed.systemPool.", "maxNodes", optional(count));
    }
  }
  const workloads = value.workloads;
  if (!Array.isArray(workloads)) problems.push({ path: at("workloads"), message: `must be a list of workloads, got ${show(workloads)}; restore the lock from git or re-write it` });
  else
    workloads.forEach((w, i) => {
      const path = `workloads[${i}].`;
      if (!isObject(w)) {
        problems.push({ path: at(`workloads[${i}]`), message: `must be a workload object, got ${show(w)}; restore the lock from git or re-write it` });
        return;
      }
      field(w, path, "name", text);
      field(w, path, "kind", oneOf(["service", "trainingJob"]));
      field(w, path, "pool", text);
      field(w, path, "fallbackPool", optional(text));
      field(w, path, "basePods", count);
      field(w, path, "peakPods", count);
      if (typeof w.pool === "string" && Array.isArray(pools) && !names.has(w.pool)) {
        problems.push({ path: at(`${path}pool`), message: `"${w.pool}" is not the name of a pool in this lock; restore the lock from git or re-write it` });
      }
    });
  return problems;
}
