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
  const member = (w: CapacityPlan["workloads"][number]) => (pool.fallbackFor !== undefined ? w.fallbackPool === pool.name : w.pool === pool.name);
  const asked = plan.workloads.filter(member).reduce((n, w) => n + (w.perPod?.gpus ?? 0) * w.peakPods, 0);
  return asked / provisioned;
}

/** The pool's name with what kind of capacity it is: spot, or the fallback of a spot pool. */
function poolTitle(p: PlanPool): string {
  if (p.fallbackFor !== undefined) return `${p.name} (fallback)`;
  return p.name + (p.spot ? " (spot)" : "");
}

/** A spot pool is shown at its spot price where the snapshot has one, with the on-demand price after. */
function nodePrice(p: PlanPool): string {
  return p.spot && p.spotPricePerHour !== undefined ? `${price(p.spotPricePerHour)} (od ${price(p.pricePerHour)})` : price(p.pricePerHour);
}

/** Every column of a pool's row but the workloads. */
function poolCells(plan: CapacityPlan, p: PlanPool): string[] {
  const unit = p.spot && p.spotPricePerHour !== undefined ? p.spotPricePerHour : p.pricePerHour;
  return [
    poolTitle(p),
    p.instanceTypes !== undefined && p.instanceTypes.length > 1 ? `${p.instanceType} +${p.instanceTypes.length - 1}` : p.instanceType,
    p.gpu === null ? "CPU" : `${p.gpusPerNode} × ${p.gpu}`,
    `${p.minNodes}–${p.maxNodes}`,
    nodePrice(p),
    money(unit * p.minNodes),
    money(unit * p.maxNodes),
    p.gpu === null ? "-" : percent(poolUtilisation(plan, p)),
  ];
}

function workloadNames(plan: CapacityPlan, p: PlanPool): string[] {
  return plan.workloads.filter((w) => (p.fallbackFor !== undefined ? w.fallbackPool === p.name : w.pool === p.name)).map((w) => (w.canary !== undefined ? `${w.name} +canary` : w.name));
}

function rows(plan: CapacityPlan): string[][] {
  return plan.pools.map((p) => {
    const names = workloadNames(plan, p);
    return [...poolCells(plan, p), names.length > 0 ? names.join(", ") : "(none)"];
  });
}

/** The CPU pools' share of the worst-case peak: on-demand CPU pools and CPU fallbacks at their bounds. */
function cpuPeakPerHour(plan: CapacityPlan): number {
  return plan.pools.filter((p) => p.gpu === null && !p.spot).reduce((sum, p) => sum + p.pricePerHour * p.maxNodes, 0);
}

function totals(plan: CapacityPlan): string[] {
  const { basePerHour, peakPerHour, fixedPerHour, spotBasePerHour, spotPeakPerHour } = plan.cost;
  const fixedParts = plan.fixed
    ? ` (system pool ${plan.fixed.systemPool.nodes} × ${plan.fixed.systemPool.instanceType} at $${price(plan.fixed.systemPool.pricePerHour)}/h, its minimum; control plane $${price(plan.fixed.controlPlanePerHour)}/h)`
    : "";
  const system = plan.fixed?.systemPool;
  const sized =
    system?.requests !== undefined && system.allocatablePerNode !== undefined
      ? [
          `system pool: ${system.minNodes}-${system.maxNodes} × ${system.instanceType}; its ${system.addons?.length ?? 0} add-on workloads request ${system.requests.cpu} CPU, ${system.requests.memoryGiB} GiB, which take ${system.nodesNeeded} node(s) at ${system.allocatablePerNode.cpu} CPU, ${system.allocatablePerNode.memoryGiB} GiB allocatable each`,
        ]
      : [];
  const hasCpu = plan.pools.some((p) => p.gpu === null);
  const split = hasCpu ? ` (CPU pools $${money(cpuPeakPerHour(plan))}/h of the peak)` : "";
  const spot =
    spotPeakPerHour !== undefined
      ? [
          `with spot capacity: $${money(spotBasePerHour ?? 0)}/h at base, $${money(spotPeakPerHour)}/h at peak (spot pools at ${plan.prices?.spotAsOf != null ? `snapshot spot prices of ${plan.prices.spotAsOf}` : "on-demand prices: the snapshot has no spot price"}, fallback pools empty); the figures above are without it`,
        ]
      : [];
  return [
    `worker pools: $${money(basePerHour)}/h at base, $${money(peakPerHour)}/h at peak${split}`,
    ...spot,
    `fixed: $${money(fixedPerHour)}/h${fixedParts}`,
    ...sized,
    `total: $${money(basePerHour + fixedPerHour)}/h at base, $${money(peakPerHour + fixedPerHour)}/h at peak`,
    `GPU utilisation at peak: ${plan.pools.some((p) => p.gpu !== null && p.maxNodes > 0) ? percent(plan.gpuUtilisationAtPeak) : "none (no GPU nodes at peak)"}`,
    pricesLine(plan),
  ];
}

/** Where the prices come from: the snapshot for the plan's region, or the catalogue's one region. */
function pricesLine(plan: CapacityPlan): string {
  const borrowed = [...new Set(plan.pools.filter((p) => p.priceRegion !== undefined).map((p) => `${p.instanceType} (${p.priceRegion})`))];
  if (plan.prices === undefined) {
    const other = plan.region === plan.catalog.priceRegion ? "" : `; the cluster is in ${plan.region}, whose prices differ: compare plans with these costs, do not budget from them`;
    return `prices: on-demand, ${plan.catalog.priceRegion}, ${plan.catalog.source} (${plan.catalog.date})${other}`;
  }
  const tail = borrowed.length > 0 ? `; no ${plan.region} price for ${borrowed.join(", ")}: priced in the region named` : "";
  return `prices: on-demand list prices in ${plan.region}, snapshot of ${plan.prices.asOf}${tail}`;
}

function adviceLines(plan: CapacityPlan): string[] {
  return (plan.advice ?? []).map((a) => `${a.path}: ${a.message} [${a.kind}]`);
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
  const lines = [...wrap(`Capacity plan for ${plan.cloud} ${plan.region}`), ""];
  if (plan.pools.length === 0) lines.push("no workloads: no worker pools");
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
  const advice = adviceLines(plan);
  if (advice.length > 0) lines.push("", "advice:", ...advice.flatMap((l) => wrap(`  ${l}`)));
  return `${lines.join("\n")}\n`;
}

/** The plan as markdown: the same table and totals, for capacity.md and PR comments. */
export function capacityMarkdown(plan: CapacityPlan): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [`## Capacity plan (${plan.cloud}, ${plan.region})`, ""];
  if (plan.pools.length === 0) lines.push("No workloads: no worker pools.");
  else {
    lines.push(`| ${HEADERS.join(" | ")} |`, `| ${HEADERS.map(() => "---").join(" | ")} |`);
    for (const r of rows(plan)) lines.push(`| ${r.map(cell).join(" | ")} |`);
  }
  lines.push("", ...totals(plan).map((l) => `- ${l}`));
  const replaced = replacementLines(plan);
  if (replaced.length > 0) lines.push("", "**Node pools replaced**:", "", ...replaced.map((l) => `- ${l}`));
  const advice = adviceLines(plan);
  if (advice.length > 0) lines.push("", "**Advice**:", "", ...advice.map((l) => `- ${l}`));
  return `${lines.join("\n")}\n`;
}
