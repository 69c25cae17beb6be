/**
 * Where a platform spec comes from on the command line: a YAML or JSON file, or the structured
 * config of a stack file (`stacks/Pulumi.<env>.yaml`, key `ml-clusters:platform`). Shared by
 * validate, plan and render. Returns the raw, unvalidated spec; every failure is an InputError
 * whose message starts with the file's name, so no input ever prints a stack trace.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { PLATFORM_CONFIG_KEY } from "../components/spec/defaults";
import { CliIo, InputError, UsageError } from "./io";

export interface SpecSource {
  /** The spec as written, not yet validated (validateSpec takes it from here). */
  readonly spec: unknown;
  /** How messages name the source: the path as given, or `stacks/Pulumi.<env>.yaml`. */
  readonly label: string;
}

/** Directory of the stack files, relative to the working directory (Pulumi.yaml `stackConfigDir`). */
export const STACKS_DIR = "stacks";

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
  return { spec: parseSpecText(text, label), label };
}

/** `stacks/Pulumi.<env>.yaml`, with forward slashes whatever the platform. */
export function stackFileLabel(env: string): string {
  return `${STACKS_DIR}/Pulumi.${env}.yaml`;
}

/** Reads the spec from a stack file's `config:` under `ml-clusters:platform`. */
export function readStackSpec(env: string, io: CliIo): SpecSource {
  if (!STACK_NAME.test(env)) {
    throw new UsageError(`--stack takes a stack name (letters, digits, "-", "_", "."), got "${env}"`);
  }
  const label = stackFileLabel(env);
  const file = path.resolve(io.cwd, STACKS_DIR, `Pulumi.${env}.yaml`);
  if (!isFile(file)) {
    const known = listStacks(io);
    const hint = known.length > 0 ? `stacks here: ${known.join(", ")}` : `no stack files in ${STACKS_DIR}/`;
    throw new InputError(`${label}: no such stack file (${hint})`);
  }
  const stack = parseSpecText(readText(file, label), label);
  const config = isMapping(stack) ? stack.config : undefined;
  if (!isMapping(config) || !(PLATFORM_CONFIG_KEY in config)) {
    throw new InputError(`${label}: no "${PLATFORM_CONFIG_KEY}" under "config:"; put the platform spec there as structured config`);
  }
  return { spec: config[PLATFORM_CONFIG_KEY], label };
}

/** The stack names that have a `stacks/Pulumi.<env>.yaml`, sorted. */
export function listStacks(io: CliIo): readonly string[] {
  let names: string[];
  try {
    names = readdirSync(path.resolve(io.cwd, STACKS_DIR));
  } catch {
    return [];
  }
  return names
    .map((n) => /^Pulumi\.(.+)\.yaml$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
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
