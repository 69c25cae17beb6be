/**
 * Where a platform spec comes from on the command line: a YAML or JSON file, or the structured
 * config of a stack file of the Pulumi project around the working directory (its
 * `Pulumi.<env>.yaml`, key `<project>:platform` or `ml-clusters:platform`). Shared by
 * validate, plan and render. Returns the raw, unvalidated spec; every failure is an InputError
 * whose message starts with the file's name, so no input ever prints a stack trace.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { PLATFORM_CONFIG_KEY, PLATFORM_CONFIG_NAME } from "../components/spec/defaults";
import { SpecError } from "../components/spec/errors";
import { capacityLockFile, findPulumiProject, PulumiProject, stackConfigFile } from "../components/stack-files";
import { CliIo, InputError, UsageError } from "./io";

export interface SpecSource {
  /** The spec as written, not yet validated (validateSpec takes it from here). */
  readonly spec: unknown;
  /** How messages name the source: the path as given, or the stack file's path from the working directory. */
  readonly label: string;
}

/**
 * A platform spec is a few KiB; anything past this is the wrong file, and reading it whole would
 * only delay the message saying so.
 */
const MAX_SPEC_BYTES = 4 * 1024 * 1024;

/** Alias expansions allowed while reading a spec: a real spec has a handful; more is an expansion bomb. */
const MAX_ALIAS_COUNT = 100;

/** Pulumi stack names: letters, digits, `-`, `_`, `.` (the `org/project/` qualifier is not part of the file name). */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** Reads a spec file (YAML or JSON; JSON is read as YAML 1.2, of which it is a subset). */
export function readSpecFile(file: string, io: CliIo): SpecSource {
  const label = file;
  const text = readText(path.resolve(io.cwd, file), label);
  const spec = parseSpecText(text, label);
  if (isStackFile(spec)) {
    const env = /^Pulumi\.(.+)\.(?:ya?ml|json)$/.exec(path.basename(file))?.[1];
    const flag = env !== undefined && STACK_NAME.test(env) ? `--stack ${env}` : "--stack ENV";
    throw new InputError(`${label}: is a Pulumi stack file, not a platform spec; use ${flag}, which reads the spec from the stack's config`);
  }
  return { spec, label };
}

/**
 * A stack file's top level is `config:` and Pulumi's own keys (encryption salt, secrets
 * provider, environment), never a spec's `name` or `cloud`.
 */
function isStackFile(v: unknown): boolean {
  return isMapping(v) && isMapping(v.config) && !("cloud" in v) && !("name" in v);
}

/** A stack of the Pulumi project around the working directory, and where its files are. */
export interface StackLocation {
  readonly env: string;
  readonly project: PulumiProject;
  /** Absolute path of `Pulumi.<env>.yaml`. */
  readonly file: string;
  /** The stack file as messages name it: relative to the working directory, forward slashes. */
  readonly label: string;
  /** Absolute path of the stack's capacity lock, next to the stack file. */
  readonly lockFile: string;
  readonly lockLabel: string;
}

/** A spec read from a stack file, with the config it came from. */
export interface StackSpecSource extends SpecSource {
  readonly stack: StackLocation;
  /** The config key the spec was read from, `<namespace>:<name>`. */
  readonly key: string;
  /** The stack file's `config:`, every key namespaced (`<project>:` for a bare one). */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * Finds the stack file of `env` as `pulumi -s <env>` would: the nearest `Pulumi.yaml` at or above
 * the working directory, then `Pulumi.<env>.yaml` in its `stackConfigDir`.
 */
export function locateStack(env: string, io: CliIo): StackLocation {
  if (!STACK_NAME.test(env)) {
    throw new UsageError(`--stack takes a stack name (letters, digits, "-", "_", "."), got "${env}"`);
  }
  const project = projectAround(io);
  if (project === undefined) {
    throw new InputError(`--stack ${env}: no Pulumi.yaml in ${io.cwd} or any directory above it; run from inside the Pulumi project, or give the spec as a FILE`);
  }
  const file = stackConfigFile(project, env);
  const label = relativeLabel(io, file);
  if (!isFile(file)) {
    const known = stacksOf(project);
    const hint = known.length > 0 ? `stacks here: ${known.join(", ")}` : `no stack files in ${relativeLabel(io, project.stackConfigDir) || "."}/`;
    throw new InputError(`${label}: no such stack file (${hint})`);
  }
  const lockFile = capacityLockFile(project.stackConfigDir, env);
  return { env, project, file, label, lockFile, lockLabel: relativeLabel(io, lockFile) };
}

/**
 * The config keys a stack's spec is looked for under, in order: the project's own
 * `<project>:platform`, then `ml-clusters:platform`; or the one `--key` names (a bare name
 * takes the project's namespace, as `pulumi config get` does).
 */
export function specKeys(projectName: string, key?: string): readonly string[] {
  if (key !== undefined) return [key.includes(":") ? key : `${projectName}:${key}`];
  return [...new Set([`${projectName}:${PLATFORM_CONFIG_NAME}`, PLATFORM_CONFIG_KEY])];
}

/** Reads the spec from a stack file's `config:` under the first of `specKeys` that is set. */
export function readStackSpec(env: string, io: CliIo, key?: string): StackSpecSource {
  const stack = locateStack(env, io);
  const parsed = parseSpecText(readText(stack.file, stack.label), stack.label);
  const raw = isMapping(parsed) ? parsed.config : undefined;
  const config = isMapping(raw) ? namespaced(raw, stack.project.name) : {};
  const tried = specKeys(stack.project.name, key);
  const found = tried.find((k) => k in config);
  if (found === undefined) {
    const present = Object.keys(config);
    const there = present.length > 0 ? `; keys there: ${present.join(", ")}` : "";
    const fix = key === undefined ? `put the platform spec under ${tried.length > 1 ? "one of them" : "it"} as structured config, or name its key with --key` : "check the key, or put the platform spec under it as structured config";
    throw new InputError(`${stack.label}: no platform spec under "config:" (looked for ${tried.map((k) => `"${k}"`).join(" and ")}${there}); ${fix}`);
  }
  return { spec: config[found], label: stack.label, stack, key: found, config };
}

/** The stack names that have a stack file in the project around the working directory, sorted. */
export function listStacks(io: CliIo): readonly string[] {
  const project = projectAround(io);
  return project === undefined ? [] : stacksOf(project);
}

function stacksOf(project: PulumiProject): readonly string[] {
  let names: string[];
  try {
    names = readdirSync(project.stackConfigDir);
  } catch {
    return [];
  }
  const suffix = project.extension;
  return names
    .filter((n) => n.startsWith("Pulumi.") && n.endsWith(suffix) && n.length > "Pulumi.".length + suffix.length)
    .map((n) => n.slice("Pulumi.".length, -suffix.length))
    .sort();
}

function projectAround(io: CliIo): PulumiProject | undefined {
  try {
    return findPulumiProject(io.cwd);
  } catch (e) {
    if (e instanceof SpecError) throw new InputError(e.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
    throw e;
  }
}

/** Stack config keys as Pulumi reads them: `<namespace>:<name>`; a bare name is the project's. */
function namespaced(config: Record<string, unknown>, projectName: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `${projectName}:${k}`, v]));
}

/** A path as messages show it: relative to the working directory, with forward slashes. */
export function relativeLabel(io: CliIo, file: string): string {
  return path.relative(io.cwd, file).split(path.sep).join("/");
}

/**
 * Parses YAML (or JSON) text holding one document. Syntax errors name the line and column:
 * `spec.yaml: line 7, column 3: Map keys must be unique`.
 */
export function parseSpecText(text: string, label: string): unknown {
  // `merge`: YAML merge keys (`<<: *defaults`), the usual way to share settings between services.
  const docs = parseAllDocuments(text.startsWith("\uFEFF") ? text.slice(1) : text, { merge: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const first = doc.errors[0];
    if (first !== undefined) {
      const pos = first.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}: ` : "";
      throw new InputError(`${label}: ${where}${firstLine(first.message)}`);
    }
  }
  if (list.length === 0 || (list.length === 1 && list[0]!.contents === null)) {
    throw new InputError(`${label}: the file is empty; it should hold a platform spec (name, cloud, region, ...)`);
  }
  if (list.length > 1) {
    throw new InputError(`${label}: holds ${list.length} YAML documents; put one platform spec per file`);
  }
  try {
    return list[0]!.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml package throws (a ReferenceError) when aliases expand past the limit.
    throw new InputError(`${label}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function readText(file: string, label: string): string {
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_SPEC_BYTES) {
      throw new InputError(`${label}: larger than ${MAX_SPEC_BYTES / 1024 / 1024} MiB; a platform spec is a few KiB, is this the right file?`);
    }
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${label}: ${describeFsError(e)}`);
  }
  if (bytes.includes(0)) throw new InputError(`${label}: not a text file; expected YAML or JSON`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${label}: not valid UTF-8 text; expected YAML or JSON`);
  }
}

function describeFsError(e: unknown): string {
  const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory, not a spec file";
    case "EACCES":
    case "EPERM":
      return "cannot be read (permission denied)";
    default:
      return `cannot be read (${code || (e instanceof Error ? e.message : String(e))})`;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The yaml package appends "at line L, column C:" and a code excerpt; the position is printed separately. */
function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
