/**
 * The capacity plan for people: a table with one row per pool (type, GPUs, nodes at base and peak,
 * $/h, utilisation, workloads) and the totals, as plain text (`ml-clusters plan`) or markdown
 * (`capacity.md` of a render, a PR comment). Both are built from the same rows.
 */
import { alignedTable, listWithin, TERMINAL_WIDTH, wrapWords } from "./text-layout";
import type { CapacityPlan, PlanPool } from "./types";

const HEADERS = ["pool", "instance type", "GPUs/node", "nodes base–peak", "$/h per node", "$/h base", "$/h peak", "GPU use at peak", "workloads"] as const;

/** Lines of workload names per pool in the terminal table before "+N more". */
const WORKLOAD_LINES = 2;

function money(n: number): string {
  return n.toFixed(2);
}

/** A catalogue price as given, with at least cents: 0.1 → 0.10, 0.8048 stays. */
function price(n: number): string {
  const s = String(n);
  const decimals = s.includes(".") ? s.length - s.indexOf(".") - 1 : 0;
  return decimals >= 2 ? s : n.toFixed(2);
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** GPUs the pool's pods ask for at peak over the GPUs of its peak nodes. */
export function poolUtilisation(plan: CapacityPlan, pool: PlanPool): number {
  const provisioned = pool.maxNodes * pool.gpusPerNode;
  if (provisioned === 0) return 1;
  const asked = plan.workloads.filter((w) => w.pool === pool.name).reduce((n, w) => n + (w.perPod?.gpus ?? 0) * w.peakPods, 0);
  return asked / provisioned;
}

/** Every column of a pool's row but the workloads. */
function poolCells(plan: CapacityPlan, p: PlanPool): string[] {
  return [
    p.name + (p.spot ? " (spot)" : ""),
    p.instanceType,
    `${p.gpusPerNode} × ${p.gpu}`,
    `${p.minNodes}–${p.maxNodes}`,
    price(p.pricePerHour),
    money(p.pricePerHour * p.minNodes),
    money(p.pricePerHour * p.maxNodes),
    percent(poolUtilisation(plan, p)),
  ];
}

function workloadNames(plan: CapacityPlan, p: PlanPool): string[] {
  return plan.workloads.filter((w) => w.pool === p.name).map((w) => w.name);
}

function rows(plan: CapacityPlan): string[][] {
  return plan.pools.map((p) => {
    const names = workloadNames(plan, p);
    return [...poolCells(plan, p), names.length > 0 ? names.join(", ") : "(none)"];
  });
}

function totals(plan: CapacityPlan): string[] {
  const { basePerHour, peakPerHour, fixedPerHour } = plan.cost;
  const fixedParts = plan.fixed
    ? ` (system pool ${plan.fixed.systemPool.nodes} × ${plan.fixed.systemPool.instanceType} at $${price(plan.fixed.systemPool.pricePerHour)}/h, its minimum; control plane $${price(plan.fixed.controlPlanePerHour)}/h)`
    : "";
  return [
    `GPU pools: $${money(basePerHour)}/h at base, $${money(peakPerHour)}/h at peak`,
    `fixed: $${money(fixedPerHour)}/h${fixedParts}`,
    `total: $${money(basePerHour + fixedPerHour)}/h at base, $${money(peakPerHour + fixedPerHour)}/h at peak`,
    `GPU utilisation at peak: ${plan.pools.some((p) => p.maxNodes > 0) ? percent(plan.gpuUtilisationAtPeak) : "none (no GPU nodes at peak)"}`,
    `prices: on-demand, ${plan.catalog.priceRegion}, ${plan.catalog.source} (${plan.catalog.date})${otherRegion(plan)}`,
  ];
}

/** The catalogue prices one region per cloud; a plan for another must not read as that region's bill. */
function otherRegion(plan: CapacityPlan): string {
  if (plan.region === plan.catalog.priceRegion) return "";
  return `; the cluster is in ${plan.region}, whose prices differ: compare plans with these costs, do not budget from them`;
}

function replacementLines(plan: CapacityPlan): string[] {
  return (plan.replacements ?? []).map((r) => `${r.pool}: ${r.from} → ${r.to} (${r.reason})`);
}

/**
 * The plan as an aligned plain-text table with its totals, no line wider than `width`: a pool's
 * workloads take the width the other columns leave, on at most WORKLOAD_LINES lines, then
 * "+N more" (the plan JSON lists them all).
 */
export function capacityText(plan: CapacityPlan, width: number = TERMINAL_WIDTH): string {
  const wrap = (l: string) => wrapWords(l, width, `${/^ */.exec(l)![0]}  `);
  const lines = [...wrap(`GPU capacity plan for ${plan.cloud} ${plan.region}`), ""];
  if (plan.pools.length === 0) lines.push("no GPU workloads: no GPU pools");
  else {
    const table = alignedTable(
      HEADERS.map((h) => h.toUpperCase()),
      plan.pools.map((p) => poolCells(plan, p)),
      {
        width,
        lastColumn: (i, room) => {
          const names = workloadNames(plan, plan.pools[i]!);
          return names.length > 0 ? listWithin(names, room, WORKLOAD_LINES) : ["(none)"];
        },
      },
    );
    lines.push(...table);
  }
  lines.push("", ...totals(plan).flatMap(wrap));
  const replaced = replacementLines(plan);
  if (replaced.length > 0) lines.push("", "node pools replaced:", ...replaced.flatMap((l) => wrap(`  ${l}`)));
  return `${lines.join("\n")}\n`;
}

/** The plan as markdown: the same table and totals, for capacity.md and PR comments. */
export function capacityMarkdown(plan: CapacityPlan): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [`## GPU capacity plan (${plan.cloud}, ${plan.region})`, ""];
  if (plan.pools.length === 0) lines.push("No GPU workloads: no GPU pools.");
  else {
    lines.push(`| ${HEADERS.join(" | ")} |`, `| ${HEADERS.map(() => "---").join(" | ")} |`);
    for (const r of rows(plan)) lines.push(`| ${r.map(cell).join(" | ")} |`);
  }
  lines.push("", ...totals(plan).map((l) => `- ${l}`));
  const replaced = replacementLines(plan);
  if (replaced.length > 0) lines.push("", "**Node pools replaced**:", "", ...replaced.map((l) => `- ${l}`));
  return `${lines.join("\n")}\n`;
}
