/**
 * `ml-clusters validate FILE... | --stack ENV [--key KEY]`: the spec checks, then capacity
 * feasibility (the planner's SpecErrors count as problems of the spec). Per source, on stdout:
 *   `FILE: ok`, or `FILE: N problem(s)` and one `  <path>: <message>` line per problem;
 *   then one `  warning: <path>: <message>` line per warning.
 * A source that cannot be read prints `FILE: <why>` (a YAML error names its line and column).
 * Exit 0 when every source is ok, 1 when any has problems, 2 on a usage error (shared/DESIGN.md).
 */
import { planCapacity } from "../components/capacity/plan";
import type { CapacityPlan } from "../components/capacity/types";
import { clusterProblems } from "../components/cluster/checks";
import { formatProblem, SpecError } from "../components/spec/errors";
import type { SpecProblem, ValidSpec } from "../components/spec/types";
import { inspectSpec } from "../components/spec/validate";
import { CliIo, EXIT_OK, EXIT_PROBLEMS, InputError, UsageError } from "./io";
import { keyValue, onlyKey } from "./arguments";
import { readSpecFile, readStackSpec, SpecSource } from "./spec-source";

const USAGE = "usage: ml-clusters validate FILE... | --stack ENV [--key KEY]";

type Target = { readonly file: string } | { readonly stack: string; readonly key?: string };

export async function validate(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(USAGE);
    return EXIT_OK;
  }
  let allOk = true;
  for (const target of parseArguments(argv)) {
    allOk = validateTarget(target, io) && allOk;
  }
  return allOk ? EXIT_OK : EXIT_PROBLEMS;
}

/** Spec files, or one stack; never both. */
export function parseArguments(argv: readonly string[]): Target[] {
  const files: string[] = [];
  const stacks: string[] = [];
  const keys: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--stack") {
      const env = argv[i + 1];
      if (env === undefined || env.startsWith("-")) throw new UsageError("--stack needs a stack name, e.g. --stack dev");
      stacks.push(env);
      i++;
    } else if (arg.startsWith("--stack=")) {
      stacks.push(arg.slice("--stack=".length));
    } else if (arg === "--key" || arg.startsWith("--key=")) {
      keys.push(keyValue(argv, i));
      if (arg === "--key") i++;
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(`unknown option "${arg}" for validate`);
    } else {
      files.push(arg);
    }
  }
  if (stacks.length > 1) throw new UsageError("give --stack once; validate one stack per run, or list spec files");
  if (stacks.length === 1 && files.length > 0) throw new UsageError("give spec files or --stack ENV, not both");
  if (stacks.length === 0 && files.length === 0) throw new UsageError("validate needs a spec FILE or --stack ENV");
  const key = onlyKey(keys, stacks.length === 1);
  return stacks.length === 1 ? [{ stack: stacks[0]!, ...(key !== undefined ? { key } : {}) }] : files.map((file) => ({ file }));
}

/** Prints one source's report; true when it is ok. */
function validateTarget(target: Target, io: CliIo): boolean {
  let source: SpecSource;
  try {
    source = "file" in target ? readSpecFile(target.file, io) : readStackSpec(target.stack, io, target.key);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.out(e.message);
    return false;
  }
  const report = inspectSpec(source.spec);
  const built = report.spec === undefined ? { problems: report.errors, advice: [] } : buildProblems(report.spec);
  const problems = built.problems;
  if (problems.length === 0) io.out(`${source.label}: ok`);
  else {
    io.out(`${source.label}: ${problems.length} problem(s)`);
    for (const p of problems) io.out(formatProblem(p));
  }
  // The plan's advice reads as warnings: nothing is wrong, but the user may pay less or mean otherwise.
  for (const w of [...report.warnings, ...built.advice]) io.out(formatWarning(w));
  return problems.length === 0;
}

/** Past the spec checks: capacity feasibility, then what the spec's cluster would reject for that plan; and the plan's advice. */
function buildProblems(spec: ValidSpec): { problems: readonly SpecProblem[]; advice: readonly SpecProblem[] } {
  let plan: CapacityPlan;
  try {
    plan = planCapacity(spec);
  } catch (e) {
    if (e instanceof SpecError) return { problems: e.problems, advice: [] };
    throw e;
  }
  return { problems: clusterProblems(spec, plan), advice: (plan.advice ?? []).map((a) => ({ path: a.path, message: `${a.message} [${a.kind}]` })) };
}

/** `  warning: <path>: <message>`, set apart from problem lines by the word. */
export function formatWarning(w: SpecProblem): string {
  return w.path === "" ? `  warning: ${w.message}` : `  warning: ${w.path}: ${w.message}`;
}
