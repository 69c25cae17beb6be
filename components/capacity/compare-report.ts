/**
 * `plan --compare` for people: one row per cloud with its region and costs per hour, then, per
 * cloud, why it cannot run the spec and what was left out of the spec there.
 */
import type { Comparison } from "./compare";
import { alignedTable, TERMINAL_WIDTH, wrapWords } from "./text-layout";

const HEADERS = ["CLOUD", "REGION", "$/H BASE", "$/H PEAK", "$/H FIXED", "$/H PEAK WITH SPOT", "$/H TOTAL AT PEAK"] as const;

function money(n: number): string {
  return n.toFixed(2);
}

export function comparisonText(c: Comparison, width: number = TERMINAL_WIDTH): string {
  // Every column but the last; alignedTable lays the last out in the width the others leave.
  const rows = c.comparisons.map((r) =>
    r.cost === undefined
      ? [r.cloud, r.region, "-", "-", "-", "-"]
      : [r.cloud, r.region, money(r.cost.basePerHour), money(r.cost.peakPerHour), money(r.cost.fixedPerHour), r.cost.spotPeakPerHour === undefined ? "-" : money(r.cost.spotPeakPerHour)],
  );
  const total = (i: number) => {
    const cost = c.comparisons[i]!.cost;
    return [cost === undefined ? "cannot run this spec (below)" : money(cost.peakPerHour + cost.fixedPerHour)];
  };
  const intro = "The spec planned on each cloud (worst case: no spot capacity; fixed: the system pool and the control plane)";
  const lines = [...wrapWords(intro, width, "  "), "", ...alignedTable([...HEADERS], rows, { width, lastColumn: total })];
  for (const r of c.comparisons) {
    if (r.problems.length === 0 && r.notes.length === 0) continue;
    lines.push("", `${r.cloud} ${r.region}:`);
    for (const p of r.problems) lines.push(...wrapWords(`  cannot run: ${p.path === "" ? "" : `${p.path}: `}${p.message}`, width, "    "));
    for (const n of r.notes) lines.push(...wrapWords(`  note: ${n}`, width, "    "));
  }
  return `${lines.join("\n")}\n`;
}
