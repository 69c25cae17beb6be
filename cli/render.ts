/**
 * `ml-clusters render (--stack ENV [--key KEY] | --spec FILE) --out DIR`: runs the stacks program
 * on Pulumi's mock engine and writes what it would create (shared/DESIGN.md, "Offline render").
 * In a consumer's own Pulumi project, `--stack` renders MlPlatform from that stack's spec, lock and
 * secrets: what the package creates, not the rest of the consumer's program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inspectSpec } from "../components/spec/validate";
import { formatProblem, SpecError } from "../components/spec/errors";
import type { SpecProblem } from "../components/spec/types";
import type { CapacityPlan } from "../components/capacity/types";
import { capacityMarkdown } from "../components/capacity/report";
import { onlyKey } from "./arguments";
import { CliIo, EXIT_OK, EXIT_PROBLEMS, InputError, UsageError } from "./io";
import { runOnMocks } from "./engine";
import { renderFiles, writeRender } from "./render-write";
import { readSpecFile, relativeLabel, StackLocation } from "./spec-source";
import { formatWarning } from "./validate";
import { readStackConfig, specConfig, StackConfig, withSecretPlaceholders } from "./stack-config";
import { secretConfigKeys } from "../components/platform";
import { apiKeysConfigKey } from "../components/spec/rules/api-keys";
import { capacityLockFile } from "../components/stack-files";
import { PLATFORM_CONFIG_KEY } from "../components/spec/defaults";

/** Project name of the stacks program (Pulumi.yaml). */
export const PROJECT = "ml-clusters";
/** Stack name used when rendering a bare spec file (no lock file, no per-stack config). */
export const SPEC_STACK = "spec";

interface RenderArgs {
  readonly stack?: string;
  readonly key?: string;
  readonly spec?: string;
  readonly out: string;
}

export async function render(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  const out = path.resolve(io.cwd, args.out);
  checkOutDir(out, args.out, io);
  let read: StackConfig;
  let stack: StackLocation | undefined;
  if (args.stack !== undefined) ({ config: read, stack } = readStackConfig(args.stack, io, args.key));
  else read = specConfig(readSpecFile(args.spec!, io).spec);
  const label = args.stack !== undefined ? `stack ${args.stack}` : args.spec!;
  // As validate and plan print them, problems and warnings under the file they are about.
  const file = stack?.label ?? args.spec!;
  const report = inspectSpec(JSON.parse(read.config[PLATFORM_CONFIG_KEY]!));
  // Bad specs stop here, with every problem listed, before the mock engine starts.
  if (report.spec === undefined) return printProblems(file, report.errors, io);
  if (report.warnings.length > 0) {
    io.err(`${file}: ${report.warnings.length} warning(s)`);
    for (const w of report.warnings) io.err(formatWarning(w));
  }
  const valid = report.spec;
  const apiKeys = apiKeysConfigKey(valid);
  const { config: source, filled } = withSecretPlaceholders(read, secretConfigKeys(valid), apiKeys !== undefined ? [apiKeys] : []);
  for (const key of filled) {
    io.err(`warning: secret ${key} is not set in the stack file; rendered as a placeholder (set it with \`pulumi config set --secret ${key.split(":")[1]} <value>\`)`);
  }
  const started = Date.now();
  io.err(`rendering ${label} on Pulumi's mock engine ...`);
  let result: Awaited<ReturnType<typeof renderStack>>;
  try {
    result = await renderStack({
      stack: args.stack ?? SPEC_STACK,
      project: stack?.project.name,
      config: source,
      stacksDir: stack?.project.stackConfigDir,
      onProgress: (n) => io.err(`  ${n} resources registered ...`),
    });
  } catch (e) {
    // What the planner or a cluster finds inside the program (capacity, the network's size).
    // A component reports bad input as a BadInputError (a pulumi.RunError) with the SpecError as its cause.
    const problems = e instanceof SpecError ? e : e instanceof Error && e.cause instanceof SpecError ? e.cause : undefined;
    if (problems !== undefined) return printProblems(file, problems.problems, io);
    throw e;
  }
  try {
    writeRender(out, result.files);
  } catch (e) {
    throw new InputError(`--out ${args.out}: the render cannot be written there (${errorCode(e) || (e instanceof Error ? e.message : String(e))})`);
  }
  const manifests = [...result.files.keys()].filter((f) => f.startsWith("manifests/")).length;
  io.err(`wrote ${result.resourceCount} resources and ${manifests} manifests to ${args.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return EXIT_OK;
}

/** Runs the stacks program for one stack on the mocks; returns the files of the render. */
export async function renderStack(o: {
  stack: string;
  /** The Pulumi project's name, in every URN. @default PROJECT */
  project?: string;
  config: StackConfig;
  /** Where the stack's capacity lock is; none for a bare spec. */
  stacksDir?: string;
  onProgress?: (registered: number) => void;
}): Promise<{ files: ReadonlyMap<string, string>; resourceCount: number }> {
  const { platformProgram } = await import("../stacks/program.js");
  // The Pulumi SDK captures a stack trace for every promise and resource; with source maps on
  // (tsx turns them on) each is mapped back to TypeScript, a quarter of a large render's time.
  const sourceMaps = process.sourceMapsEnabled;
  if (!process.env.ML_CLUSTERS_DEBUG) process.setSourceMapsEnabled(false);
  const run = await runOnMocks(() => platformProgram({ lockFile: o.stacksDir !== undefined ? capacityLockFile(o.stacksDir, o.stack) : null }), {
    project: o.project ?? PROJECT,
    stack: o.stack,
    config: o.config.config,
    secretKeys: o.config.secretKeys,
    onProgress: o.onProgress,
  }).finally(() => process.setSourceMapsEnabled(sourceMaps));
  const capacity = run.outputs.capacityPlan as CapacityPlan | undefined;
  const rendered = renderFiles(run, capacity, capacity ? capacityMarkdown(capacity) : undefined);
  return { files: rendered.files, resourceCount: rendered.resources.length };
}

function parseArgs(argv: readonly string[]): RenderArgs {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag !== "--stack" && flag !== "--spec" && flag !== "--out" && flag !== "--key") throw new UsageError(`unexpected argument "${flag}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    if (flag in values) throw new UsageError(`${flag} given twice`);
    values[flag] = value;
    i++;
  }
  if (("--stack" in values) === ("--spec" in values)) throw new UsageError("give exactly one of --stack ENV or --spec FILE");
  if (!("--out" in values)) throw new UsageError("--out DIR is required");
  const key = onlyKey("--key" in values ? [values["--key"]!] : [], "--stack" in values);
  return { stack: values["--stack"], key, spec: values["--spec"], out: values["--out"]! };
}

/**
 * `--out` must be a directory, or a path where one can be made: a file on it would fail the
 * write only after the whole render, with the system's bare ENOTDIR.
 */
function checkOutDir(out: string, given: string, io: CliIo): void {
  for (let at = out; ; at = path.dirname(at)) {
    let isDirectory: boolean;
    try {
      isDirectory = fs.statSync(at).isDirectory();
    } catch (e) {
      if ((errorCode(e) === "ENOENT" || errorCode(e) === "ENOTDIR") && path.dirname(at) !== at) continue;
      throw new InputError(`--out ${given}: cannot be used (${errorCode(e) || (e instanceof Error ? e.message : String(e))})`);
    }
    if (isDirectory) return;
    const where = at === out ? "is a file" : `cannot hold a directory: ${relativeLabel(io, at)} is a file`;
    throw new UsageError(`--out ${given} ${where}; give a directory for the render (it is created if missing)`);
  }
}

function errorCode(e: unknown): string {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
}

function printProblems(file: string, problems: readonly SpecProblem[], io: CliIo): number {
  io.err(`${file}: ${problems.length} problem(s)`);
  for (const p of problems) io.err(formatProblem(p));
  return EXIT_PROBLEMS;
}
