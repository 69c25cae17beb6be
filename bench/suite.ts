/** What a benchmark suite reports: one table, notes, and whether its targets were met. */
export interface SuiteResult {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes: readonly string[];
  /** Targets not met, in words; empty when all were. */
  readonly missed: readonly string[];
}

export interface Suite {
  readonly name: string;
  /** Suites that run child processes return a promise. */
  readonly run: () => SuiteResult | Promise<SuiteResult>;
}

/** An aligned plain-text table. */
export function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [columns, ...rows];
  const widths = columns.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  return all.map((r) => r.map((cell, c) => cell.padStart(c === 0 ? 0 : widths[c]!).padEnd(c === 0 ? widths[c]! : 0)).join("  ")).join("\n");
}
