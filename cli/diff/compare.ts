/**
 * The difference between two renders: resources added, removed and changed (property level), the
 * changes that replace a cluster or node pool or delete data, and the capacity and cost change.
 * Pure: two renders in, a RenderDiff out.
 */
import type { CapacityPlan, PlanPool } from "../../components/capacity/types";
import type { Render, RenderedResource } from "../render-format";
import { AccessChange, accessChanges } from "./access";
import { CRITICAL_TYPES, CriticalKind, forcesReplacement } from "./replacement";

export interface PropertyChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ResourceChange {
  readonly resource: RenderedResource;
  readonly changes: readonly PropertyChange[];
}

export interface CriticalChange {
  readonly action: "replace" | "delete";
  readonly kind: CriticalKind;
  readonly resource: RenderedResource;
  /** What forces it: the changed inputs, or the removal itself. */
  readonly reason: string;
  /** A deleted resource kept in the cloud by `retainOnDelete` or `protect`. */
  readonly retained: boolean;
}

export interface PoolChange {
  readonly name: string;
  readonly before?: PlanPool;
  readonly after?: PlanPool;
  /** The node pool's instance type changes: the cloud replaces the pool. */
  readonly replaced: boolean;
}

export interface CostChange {
  readonly before?: CapacityPlan["cost"];
  readonly after?: CapacityPlan["cost"];
}

/** A resource whose only change is the set of resources it depends on. */
export interface DependsOnChange {
  readonly resource: RenderedResource;
  /** URNs it now depends on that it did not, and the reverse. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface RenderDiff {
  readonly added: readonly RenderedResource[];
  readonly removed: readonly RenderedResource[];
  /** Resources whose inputs or options changed; those whose dependsOn alone changed are in `dependsOnOnly`. */
  readonly changed: readonly ResourceChange[];
  /**
   * Adding or removing one resource others wait for (a node pool, an add-on) changes the
   * dependsOn of dozens of resources and nothing else about them: listed apart, so that the
   * changes that matter are not lost among them.
   */
  readonly dependsOnOnly: readonly DependsOnChange[];
  readonly critical: readonly CriticalChange[];
  /** Grants added, revoked or changed (access.ts): who may do what, apart from the rest. */
  readonly access: readonly AccessChange[];
  readonly pools: readonly PoolChange[];
  readonly cost: CostChange;
}

export function compareRenders(base: Render, head: Render): RenderDiff {
  const before = new Map(base.resources.map((r) => [r.urn, r]));
  const after = new Map(head.resources.map((r) => [r.urn, r]));
  const added = head.resources.filter((r) => !before.has(r.urn));
  const removed = base.resources.filter((r) => !after.has(r.urn));
  const changed: ResourceChange[] = [];
  const dependsOnOnly: DependsOnChange[] = [];
  for (const r of head.resources) {
    const old = before.get(r.urn);
    if (old === undefined) continue;
    const changes = [
      ...diffValues("", old.inputs, r.inputs),
      ...diffValues("options", old.options, r.options),
      ...(old.provider !== r.provider ? [{ path: "provider", before: old.provider, after: r.provider }] : []),
    ];
    if (changes.length === 1 && changes[0]!.path === DEPENDS_ON) dependsOnOnly.push({ resource: r, ...dependsOnDelta(changes[0]!) });
    else if (changes.length > 0) changed.push({ resource: r, changes });
  }
  return {
    added,
    removed,
    changed,
    dependsOnOnly,
    critical: [...replacements(changed), ...deletions(removed)],
    access: accessChanges({ added, removed, changed }),
    pools: comparePools(base.capacity, head.capacity),
    cost: { before: base.capacity?.cost, after: head.capacity?.cost },
  };
}

function replacements(changed: readonly ResourceChange[]): CriticalChange[] {
  const out: CriticalChange[] = [];
  for (const c of changed) {
    const kind = CRITICAL_TYPES[c.resource.type];
    if (kind === undefined) continue;
    const forcing = c.changes.filter((p) => forcesReplacement(c.resource.type, p.path) !== undefined);
    if (forcing.length === 0) continue;
    out.push({
      action: "replace",
      kind,
      resource: c.resource,
      reason: forcing.map((p) => `${p.path}: ${brief(p.before)} → ${brief(p.after)}`).join("; "),
      retained: false,
    });
  }
  return out;
}

function deletions(removed: readonly RenderedResource[]): CriticalChange[] {
  return removed
    .filter((r) => CRITICAL_TYPES[r.type] !== undefined)
    .map((r) => ({
      action: "delete" as const,
      kind: CRITICAL_TYPES[r.type]!,
      resource: r,
      reason: "removed from the program",
      retained: r.options.retainOnDelete === true,
    }));
}

function comparePools(base?: CapacityPlan, head?: CapacityPlan): PoolChange[] {
  const before = new Map((base?.pools ?? []).map((p) => [p.name, p]));
  const after = new Map((head?.pools ?? []).map((p) => [p.name, p]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.map((name) => {
    const b = before.get(name);
    const a = after.get(name);
    return { name, before: b, after: a, replaced: b !== undefined && a !== undefined && b.instanceType !== a.instanceType };
  });
}

/** The path of the dependsOn option in a change. */
export const DEPENDS_ON = "options.dependsOn";

/** What a dependsOn change adds and removes: the lists are sets of URNs (the engine sorts them). */
export function dependsOnDelta(change: PropertyChange): { added: string[]; removed: string[] } {
  const before = urns(change.before);
  const after = urns(change.after);
  return { added: after.filter((u) => !before.includes(u)), removed: before.filter((u) => !after.includes(u)) };
}

function urns(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((u): u is string => typeof u === "string") : [];
}

/** A resource's name from its URN, the last `::` part, for tables a person reads. */
export function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Leaf-level differences between two JSON values, with paths like `spec.template.spec.containers[0].image`. */
export function diffValues(prefix: string, before: unknown, after: unknown): PropertyChange[] {
  if (sameJson(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(prefix === "" ? k : `${prefix}.${k}`, before[k], after[k]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.some(isObject)) {
    return before.flatMap((b, i) => diffValues(`${prefix}[${i}]`, b, after[i]));
  }
  return [{ path: prefix, before, after }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A value in one short line for a table cell. */
export function brief(v: unknown, max = 60): string {
  if (v === undefined) return "(none)";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
