/**
 * `ml-clusters plan FILE | --stack ENV [--key KEY] [--json] [--write] [--replan]`: the capacity
 * plan of a spec, as a table per pool with totals, or as the plan JSON (shared/DESIGN.md,
 * "Capacity semantics").
 *
 * With `--stack ENV` the plan starts from the stack's lock, `capacity.<env>.json` next to the
 * stack file, when there is one, so pools keep their names and instance types; `--write` writes
 * the new plan to the lock; `--replan` lets every pool take a new type (the plan lists the pools
 * it replaces).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { planCapacity } from "../components/capacity/plan";
import { compareClouds, Comparison } from "../components/capacity/compare";
import { comparisonText } from "../components/capacity/compare-report";
import { CLOUD_FACTS } from "../components/catalog/clouds";
import { isRegion } from "../components/catalog/regions";
import { withArticle } from "../components/spec/rules/problems";
import { CLOUDS, Cloud } from "../components/catalog/types";
import { serializeLock, serializePlan } from "../components/capacity/lock";
import { capacityText } from "../components/capacity/report";
import type { CapacityPlan } from "../components/capacity/types";
import { validateSpec } from "../components/spec/validate";
import { SpecError, formatProblem } from "../components/spec/errors";
import { readCapacityLock } from "../components/stack-files";
import { keyValue, onlyKey } from "./arguments";
import { CliIo, EXIT_OK, EXIT_PROBLEMS, InputError, UsageError } from "./io";
import { readSpecFile, readStackSpec, SpecSource, StackLocation } from "./spec-source";

const USAGE =
  "usage: ml-clusters plan FILE | --stack ENV [--key KEY] [--json] [--write] [--replan] [--compare [--aws-region R] [--gcp-region R] [--azure-region R]]";

export interface PlanArguments {
  readonly file?: string;
  readonly stack?: string;
  readonly key?: string;
  readonly json: boolean;
  readonly write: boolean;
  readonly replan: boolean;
  /** Plan on every cloud side by side (`--compare`), with regions chosen per cloud. */
  readonly compare?: { readonly regions: Readonly<Partial<Record<Cloud, string>>> };
}

export async function plan(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const args = parsePlanArguments(argv);
  let source: SpecSource;
  let stack: StackLocation | undefined;
  if (args.stack !== undefined) {
    const read = readStackSpec(args.stack, io, args.key);
    source = read;
    stack = read.stack;
  } else source = readSpecFile(args.file!, io);
  const previous = stack !== undefined ? readCapacityLock(stack.lockFile, stack.lockLabel) : undefined;
  if (args.compare !== undefined) {
    let comparison: Comparison;
    try {
      comparison = compareClouds(source.spec, { regions: args.compare.regions, ...(previous !== undefined ? { previous } : {}), replan: args.replan });
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      io.err(`${source.label}: ${e.problems.length} problem(s)`);
      for (const p of e.problems) io.err(formatProblem(p));
      return EXIT_PROBLEMS;
    }
    io.out(args.json ? JSON.stringify(comparison, null, 2) : comparisonText(comparison).trimEnd());
    return EXIT_OK;
  }
  let result: CapacityPlan;
  try {
    result = planCapacity(validateSpec(source.spec), previous, { replan: args.replan });
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    // As validate prints them: the spec's name first, so the problems point at a file.
    io.err(`${source.label}: ${e.problems.length} problem(s)`);
    for (const p of e.problems) io.err(formatProblem(p));
    return EXIT_PROBLEMS;
  }
  io.out(args.json ? serializePlan(result).trimEnd() : capacityText(result).trimEnd());
  if (args.write) {
    const note = writeLock(stack!.lockFile, stack!.lockLabel, result);
    (args.json ? io.err : io.out)(note);
  }
  return EXIT_OK;
}

/** `FILE` or `--stack ENV`, and the flags; anything else is a usage error. */
export function parsePlanArguments(argv: readonly string[]): PlanArguments {
  const files: string[] = [];
  const stacks: string[] = [];
  const keys: string[] = [];
  let json = false;
  let write = false;
  let replan = false;
  let compare = false;
  const regions: Partial<Record<Cloud, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--key" || arg.startsWith("--key=")) {
      keys.push(keyValue(argv, i));
      if (arg === "--key") i++;
    }
    else if (arg === "--write") write = true;
    else if (arg === "--replan") replan = true;
    else if (arg === "--compare") compare = true;
    else if (REGION_FLAGS.some((f) => arg === f || arg.startsWith(`${f}=`))) {
      const flag = REGION_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`))!;
      const value = arg === flag ? argv[i + 1] : arg.slice(flag.length + 1);
      if (value === undefined || value === "" || value.startsWith("-")) throw new UsageError(`${flag} needs a region, e.g. ${flag} ${CLOUD_FACTS[cloudOfFlag(flag)].priceRegion}`);
      const cloud = cloudOfFlag(flag);
      if (!isRegion(cloud, value)) throw new UsageError(`${flag} takes ${withArticle(cloud)} region, got "${value}"`);
      regions[cloud] = value;
      if (arg === flag) i++;
    }
    else if (arg === "--stack") {
      const env = argv[i + 1];
      if (env === undefined || env.startsWith("-")) throw new UsageError("--stack needs a stack name, e.g. --stack dev");
      stacks.push(env);
      i++;
    } else if (arg.startsWith("--stack=")) stacks.push(arg.slice("--stack=".length));
    else if (arg.startsWith("-")) throw new UsageError(`unknown option "${arg}" for plan`);
    else files.push(arg);
  }
  if (stacks.length + files.length === 0) throw new UsageError("plan needs a spec FILE or --stack ENV");
  if (stacks.length + files.length > 1) throw new UsageError("plan takes one spec: a FILE or --stack ENV");
  const stack = stacks[0];
  const key = onlyKey(keys, stack !== undefined);
  if (stack === undefined && write) throw new UsageError("--write needs --stack ENV: the plan is locked per stack, in capacity.<env>.json next to the stack file");
  if (stack === undefined && replan) throw new UsageError("--replan needs --stack ENV: it re-plans against the stack's lock, capacity.<env>.json next to the stack file");
  if (Object.keys(regions).length > 0 && !compare) throw new UsageError("--aws-region, --gcp-region and --azure-region go with --compare");
  if (compare && write) throw new UsageError("--compare writes no lock: the comparison plans other clouds than the stack's; drop --write");
  return {
    ...(stack !== undefined ? { stack, ...(key !== undefined ? { key } : {}) } : { file: files[0]! }),
    json,
    write,
    replan,
    ...(compare ? { compare: { regions } } : {}),
  };
}

const REGION_FLAGS = CLOUDS.map((c) => `--${c}-region`);

function cloudOfFlag(flag: string): Cloud {
  return CLOUDS.find((c) => flag === `--${c}-region`)!;
}

function readLock(file: string, label: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`${label}: cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Writes the lock when it changes; says what it did. */
function writeLock(file: string, label: string, result: CapacityPlan): string {
  const text = serializeLock(result);
  const before = existsSync(file) ? readLock(file, label) : undefined;
  if (before === text) return `${label} is up to date`;
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new InputError(`${label}: cannot be written (${e instanceof Error ? e.message : String(e)})`);
  }
  return `wrote ${label}`;
}
