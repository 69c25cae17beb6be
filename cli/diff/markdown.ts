/**
 * The diff as markdown for a pull-request comment: what would be destroyed first, then the
 * resources, then GPU capacity and cost. One stable marker line lets CI update the comment in place.
 */
import type { PlanPool } from "../../components/capacity/types";
import type { RenderedResource } from "../render-format";
import type { AccessChange } from "./access";
import { brief, CostChange, CriticalChange, DEPENDS_ON, DependsOnChange, dependsOnDelta, PoolChange, PropertyChange, RenderDiff, ResourceChange, urnName } from "./compare";

export const COMMENT_MARKER = "<!-- ml-clusters-diff -->";

/** Property changes listed per resource before the rest is summarised. */
const MAX_CHANGES_PER_RESOURCE = 12;
/** Hours in an average month (365 × 24 / 12), for the monthly figure next to $/h. */
const HOURS_PER_MONTH = 730;

export function diffMarkdown(diff: RenderDiff, title: string): string {
  const lines: string[] = [COMMENT_MARKER, `### ml-clusters: ${title}`, ""];
  lines.push(...criticalSection(diff.critical));
  lines.push(...accessSection(diff.access));
  lines.push(...resourceSection(diff));
  lines.push(...capacitySection(diff.pools));
  lines.push(...costSection(diff.cost));
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function criticalSection(critical: readonly CriticalChange[]): string[] {
  if (critical.length === 0) return ["No cluster or node pool is replaced and no volume or key is deleted.", ""];
  const out = ["#### ⚠️ Replaces or deletes", ""];
  for (const c of critical) {
    const what = `${c.kind} \`${c.resource.name}\` (\`${c.resource.type}\`)`;
    if (c.action === "replace") out.push(`- **replaces** ${what}: ${c.reason}`);
    else out.push(`- **deletes** ${what}${c.retained ? " from the stack; retained in the cloud (retainOnDelete)" : ""}`);
  }
  out.push("");
  return out;
}

/** Grants first after what is destroyed: a widened permission deserves a reviewer's eye. */
function accessSection(access: readonly AccessChange[]): string[] {
  if (access.length === 0) return [];
  const word = { grant: "grants", revoke: "revokes", change: "changes" } as const;
  const out = [`#### Access: ${access.length} grant(s) added, removed or changed`, ""];
  for (const a of access) {
    out.push(`- **${word[a.action]}** \`${a.resource.name}\` (\`${a.resource.type}\`)`);
    for (const d of a.details) out.push(`  - ${cell(d)}`);
  }
  out.push("");
  return out;
}

function resourceSection(diff: RenderDiff): string[] {
  const { added, removed, changed } = diff;
  const out = [`#### Resources: ${added.length} to add, ${removed.length} to remove, ${changed.length} to change`, ""];
  if (added.length + removed.length + changed.length === 0 && diff.dependsOnOnly.length === 0) return [...out, "No resource changes.", ""];
  out.push(...listed("Added", added), ...listed("Removed", removed));
  if (changed.length > 0) {
    out.push(`<details><summary>Changed (${changed.length})</summary>`, "", "| resource | property | before | after |", "| --- | --- | --- | --- |");
    for (const c of changed) out.push(...changeRows(c));
    out.push("", "</details>", "");
  }
  return [...out, ...dependsOnSection(diff.dependsOnOnly)];
}

/**
 * One line for the resources whose dependsOn alone changed (what they now wait for, or no
 * longer), then which they are, folded: a new node pool touches every workload's dependsOn.
 */
function dependsOnSection(changes: readonly DependsOnChange[]): string[] {
  if (changes.length === 0) return [];
  const groups = new Map<string, { delta: string; names: string[] }>();
  for (const c of changes) {
    const names = (urns: readonly string[]) => urns.map((u) => `\`${urnName(u)}\``).join(", ");
    const delta = [...(c.added.length > 0 ? [`now also on ${names(c.added)}`] : []), ...(c.removed.length > 0 ? [`no longer on ${names(c.removed)}`] : [])].join("; ");
    const group = groups.get(delta) ?? { delta, names: [] };
    group.names.push(c.resource.name);
    groups.set(delta, group);
  }
  const head = `${changes.length} resource${changes.length === 1 ? "" : "s"} changed only their dependsOn`;
  const all = [...groups.values()];
  const summary = all.length === 1 ? [`${head}: ${all[0]!.delta}`] : [`${head}:`, "", ...all.map((g) => `- ${g.names.length} ${g.delta}`)];
  return [
    ...summary,
    "",
    `<details><summary>Which (${changes.length})</summary>`,
    "",
    ...all.map((g) => `- ${g.delta}: ${g.names.map(cell).join(", ")}`),
    "",
    "</details>",
    "",
  ];
}

function listed(label: string, resources: readonly RenderedResource[]): string[] {
  if (resources.length === 0) return [];
  return [
    `<details><summary>${label} (${resources.length})</summary>`,
    "",
    "| type | name |",
    "| --- | --- |",
    ...resources.map((r) => `| \`${r.type}\` | ${cell(r.name)} |`),
    "",
    "</details>",
    "",
  ];
}

function changeRows(c: ResourceChange): string[] {
  const shown = c.changes.slice(0, MAX_CHANGES_PER_RESOURCE);
  const rows = shown.map((p, i) => {
    const [before, after] = p.path === DEPENDS_ON ? dependsOnCells(p) : [brief(p.before), brief(p.after)];
    return `| ${i === 0 ? `${cell(c.resource.name)} <sub>${c.resource.type}</sub>` : ""} | \`${p.path}\` | ${cell(before)} | ${cell(after)} |`;
  });
  const more = c.changes.length - shown.length;
  if (more > 0) rows.push(`| | … and ${more} more | | |`);
  return rows;
}

/**
 * Two long URN lists that differ in one entry print the same once shortened: show what left
 * (before) and what came (after) instead.
 */
function dependsOnCells(p: PropertyChange): [string, string] {
  const { added, removed } = dependsOnDelta(p);
  const names = (sign: string, list: readonly string[]) => (list.length === 0 ? "" : `${sign} ${list.map(urnName).join(", ")}`);
  return [names("−", removed), names("+", added)];
}

function capacitySection(pools: readonly PoolChange[]): string[] {
  if (pools.length === 0) return [];
  const out = ["#### Capacity", "", "| pool | instance type | GPUs/node | nodes (min–max) | $/h per node |", "| --- | --- | --- | --- | --- |"];
  for (const p of pools) {
    const status = p.before === undefined ? " (new)" : p.after === undefined ? " (removed)" : p.replaced ? " (**node pool replaced**)" : "";
    out.push(
      `| ${cell(p.name)}${status} | ${pair(p, (x) => x.instanceType)} | ${pair(p, (x) => (x.gpu === null ? "CPU" : String(x.gpusPerNode)) + (x.fallbackFor !== undefined ? ` (fallback for ${x.fallbackFor})` : x.spot ? " (spot)" : ""))} | ${pair(p, (x) => `${x.minNodes}–${x.maxNodes}`)} | ${pair(p, (x) => money(x.pricePerHour))} |`,
    );
  }
  out.push("");
  return out;
}

function pair(p: PoolChange, f: (pool: PlanPool) => string): string {
  // A new or removed pool shows its one side; a changed value shows both.
  const b = p.before ? f(p.before) : undefined;
  const a = p.after ? f(p.after) : undefined;
  if (b === undefined || a === undefined || b === a) return cell(a ?? b ?? "");
  return `${cell(b)} → ${cell(a)}`;
}

function costSection(cost: CostChange): string[] {
  if (cost.before === undefined && cost.after === undefined) return [];
  const row = (label: string, f: (c: NonNullable<CostChange["before"]>) => number) => {
    const b = cost.before ? f(cost.before) : 0;
    const a = cost.after ? f(cost.after) : 0;
    // In whole cents, so the change agrees with the two prices shown beside it.
    const deltaCents = Math.round(a * 100) - Math.round(b * 100);
    return `| ${label} | ${money(b)} | ${money(a)} | ${signed(deltaCents / 100)} | ${signed((deltaCents * HOURS_PER_MONTH) / 100, 0)} |`;
  };
  return [
    "#### Cost (on-demand list prices, per hour)",
    "",
    "| | before | after | change | change per month |",
    "| --- | --- | --- | --- | --- |",
    row("worker pools at base", (c) => c.basePerHour),
    row("worker pools at peak", (c) => c.peakPerHour),
    // With spot capacity: present when either side plans spot pools; the rows above are without it.
    ...(cost.before?.spotPeakPerHour !== undefined || cost.after?.spotPeakPerHour !== undefined
      ? [row("worker pools at peak, with spot", (c) => c.spotPeakPerHour ?? c.peakPerHour)]
      : []),
    row("fixed (system pool, control plane)", (c) => c.fixedPerHour),
    row("total at base", (c) => c.basePerHour + c.fixedPerHour),
    row("total at peak", (c) => c.peakPerHour + c.fixedPerHour),
    "",
  ];
}

function money(v: number): string {
  return `$${v.toFixed(2)}`;
}

function signed(v: number, digits = 2): string {
  const scale = 10 ** digits;
  const rounded = Math.round(v * scale) / scale;
  if (rounded === 0) return "±$0";
  return `${rounded > 0 ? "+" : "−"}$${Math.abs(rounded).toFixed(digits)}`;
}

/** Keeps a table cell on one line and free of pipes. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
