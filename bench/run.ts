/**
 * `npm run bench [-- SUITE...] [--check]`: runs the benchmark suites and prints one table each.
 * Not a test: timings depend on the machine. `--check` exits 1 when a suite misses a target.
 * Suites register here and run one after the other, never in parallel, so they do not share cores.
 */
import { plannerSuite } from "./suites/planner";
import { renderSuite } from "./suites/render";
import { table, type Suite } from "./suite";

const SUITES: readonly Suite[] = [plannerSuite, renderSuite];

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes("--check");
  const names = argv.filter((a) => !a.startsWith("-"));
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no suite named ${unknown.join(", ")}; suites: ${SUITES.map((s) => s.name).join(", ")}\n`);
    return 2;
  }
  let missed = 0;
  for (const suite of SUITES.filter((s) => names.length === 0 || names.includes(s.name))) {
    const result = await suite.run();
    process.stdout.write(`## ${result.title}\n\n${table(result.columns, result.rows)}\n\n`);
    for (const note of result.notes) process.stdout.write(`- ${note}\n`);
    for (const m of result.missed) process.stdout.write(`- TARGET MISSED: ${m}\n`);
    if (result.missed.length === 0) process.stdout.write("- targets met\n");
    process.stdout.write("\n");
    missed += result.missed.length;
  }
  return check && missed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
