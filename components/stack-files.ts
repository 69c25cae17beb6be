/**
 * Where a Pulumi project keeps a stack's files, found as the Pulumi CLI finds them, and the
 * capacity lock kept next to each stack file. This is the one rule for the lock's place: the
 * command line (`plan --write`, `render`), this repository's stacks program and a library user's
 * own program all go through it, so the lock the CLI writes is the lock the program reads.
 * It reads files, so it stays out of the pure `capacity/` layer.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { lockFileName, parseLock } from "./capacity/lock";
import type { CapacityPlan } from "./capacity/types";
import { SpecError } from "./spec/errors";

/**
 * Project file extensions in the order Pulumi tries them in each directory; a stack file takes
 * its project file's extension (pulumi/pulumi sdk/go/common/encoding/marshal.go `Exts`,
 * sdk/go/common/workspace/paths.go `findProjectInDir` and `ProjectStackPath`, read 2026-08).
 */
const PROJECT_FILE_EXTENSIONS = [".json", ".yaml", ".yml"] as const;

export interface PulumiProject {
  /** Absolute path of `Pulumi.yaml` (or `.yml`, `.json`). */
  readonly file: string;
  /** The directory holding it: the project root. */
  readonly dir: string;
  /** The project's `name`, the namespace of its own config keys (`<name>:platform`). */
  readonly name: string;
  /** Absolute directory of the stack files: `stackConfigDir` from the project root, else the root. */
  readonly stackConfigDir: string;
  /** The project file's extension, which its stack files share. */
  readonly extension: string;
}

/**
 * The nearest Pulumi project at or above `from`, as `pulumi` looks for it; undefined when there
 * is none. A project file that cannot be read, or has no name, throws a SpecError naming it.
 */
export function findPulumiProject(from: string): PulumiProject | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    for (const extension of PROJECT_FILE_EXTENSIONS) {
      const file = path.join(dir, `Pulumi${extension}`);
      if (isFile(file)) return readProject(file, extension);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `Pulumi.<stack>.yaml` in the project's stack config directory. */
export function stackConfigFile(project: PulumiProject, stack: string): string {
  return path.join(project.stackConfigDir, `Pulumi.${stack}${project.extension}`);
}

/** The lock of `stack`: `capacity.<stack>.json` in the directory of its stack file. */
export function capacityLockFile(stackConfigDir: string, stack: string): string {
  return path.join(stackConfigDir, path.posix.basename(lockFileName(stack)));
}

/**
 * The lock file of `stack` in the Pulumi project at or above `from`, which is where
 * `ml-clusters plan --stack <stack> --write` writes it. Inside `pulumi up` the working directory
 * is in the project (the directory of its `main`), so the default finds the running project.
 * Throws when no project is found.
 * @param from where to start looking. @default process.cwd()
 */
export function stackLockFile(stack: string, from: string = process.cwd()): string {
  const project = findPulumiProject(from);
  if (project === undefined) {
    throw new Error(`no Pulumi.yaml in ${path.resolve(from)} or any directory above it: the capacity lock of stack "${stack}" lives next to the stack's Pulumi.${stack}.yaml`);
  }
  return capacityLockFile(project.stackConfigDir, stack);
}

/**
 * Reads a capacity lock (the plan `ml-clusters plan --stack <env> --write` wrote), for
 * `MlPlatform`'s `lockedPlan`: undefined when the file does not exist (the first plan of a
 * stack), a SpecError naming the file and what is wrong when it cannot be read or is malformed.
 * @param label how messages name the file. @default file
 */
export function readCapacityLock(file: string, label: string = file): CapacityPlan | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = errorCode(e);
    if (code === "ENOENT") return undefined;
    const why = code === "EISDIR" ? "is a directory, not a lock file" : `cannot be read (${code || (e instanceof Error ? e.message : String(e))})`;
    throw new SpecError([{ path: label, message: why }], label);
  }
  return parseLock(text, label);
}

function readProject(file: string, extension: string): PulumiProject {
  const label = file;
  let value: unknown;
  try {
    value = parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new SpecError([{ path: label, message: `cannot be read as a Pulumi project file (${firstLine(e)})` }], label);
  }
  const project = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const problems = [];
  if (typeof project.name !== "string" || project.name === "") problems.push({ path: `${label} name`, message: "must name the project, as Pulumi requires" });
  if (project.stackConfigDir !== undefined && typeof project.stackConfigDir !== "string") {
    problems.push({ path: `${label} stackConfigDir`, message: `must be a directory path relative to the project, got ${JSON.stringify(project.stackConfigDir)}` });
  }
  if (problems.length > 0) throw new SpecError(problems, label);
  const dir = path.dirname(file);
  const stackConfigDir = typeof project.stackConfigDir === "string" ? path.resolve(dir, project.stackConfigDir) : dir;
  return { file, dir, name: project.name as string, stackConfigDir, extension };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function errorCode(e: unknown): string {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0] ?? message;
}
