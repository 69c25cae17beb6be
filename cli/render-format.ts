/**
 * The on-disk shape of a render (shared/DESIGN.md, "Offline render"): written by `render`, read by
 * `diff`. Deterministic: keys sorted, two-space indent, one trailing newline.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CapacityPlan } from "../components/capacity/types";
import { InputError } from "./io";

export const RENDER_FILES = Object.freeze({
  resources: "resources.json",
  outputs: "outputs.json",
  capacity: "capacity.json",
  capacityMarkdown: "capacity.md",
  manifests: "manifests",
});

/** What the render records of one resource. */
export interface RenderedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly provider?: string;
  readonly inputs: Record<string, unknown>;
  readonly options: Record<string, unknown>;
  /** Read from the cluster, not created (`Resource.get`). */
  readonly read?: true;
}

export interface Render {
  readonly dir: string;
  readonly resources: readonly RenderedResource[];
  readonly outputs: Record<string, unknown>;
  readonly capacity?: CapacityPlan;
}

/** JSON with object keys sorted at every level, so equal data gives equal bytes. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Reads a render directory; a missing or malformed file is an InputError naming it. */
export function readRender(dir: string): Render {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new InputError(`${dir}: not a render directory (run \`ml-clusters render --out ${dir}\` first)`);
  }
  const resources = readJson(dir, RENDER_FILES.resources, true);
  if (!Array.isArray(resources)) throw new InputError(`${path.join(dir, RENDER_FILES.resources)}: expected a JSON array of resources`);
  const outputs = readJson(dir, RENDER_FILES.outputs, false) ?? {};
  const capacity = readJson(dir, RENDER_FILES.capacity, false) as CapacityPlan | undefined;
  return { dir, resources: resources as RenderedResource[], outputs: outputs as Record<string, unknown>, capacity };
}

function readJson(dir: string, file: string, required: boolean): unknown {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) {
    if (required) throw new InputError(`${p}: missing (is ${dir} the output of \`ml-clusters render\`?)`);
    return undefined;
  }
  try {
    return JSON.parse(fs.readFileSync(p, "utf8"));
  } catch (e) {
    throw new InputError(`${p}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}
