/**
 * Turns a mock run into the files of a render: resources.json, outputs.json, manifests/,
 * capacity.json and capacity.md. Same run, same bytes: keys sorted, secrets masked, no clocks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { serializePlan } from "../components/capacity/lock";
import type { CapacityPlan } from "../components/capacity/types";
import { maskSecrets, MockRun, RecordedResource } from "./engine";
import { RENDER_FILES, RenderedResource, sortKeys, stableJson } from "./render-format";

/** Kubernetes types that are not objects applied to the cluster (a provider, a Helm release). */
const NOT_MANIFESTS = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);

export interface RenderFiles {
  /** Relative path to file contents. */
  readonly files: ReadonlyMap<string, string>;
  readonly resources: readonly RenderedResource[];
}

/** Everything a render writes, as path -> contents (pure: the caller writes them). */
export function renderFiles(run: MockRun, capacity: CapacityPlan | undefined, capacityMarkdown: string | undefined): RenderFiles {
  const resources = run.resources.map(rendered);
  const files = new Map<string, string>();
  files.set(RENDER_FILES.resources, stableJson(resources));
  files.set(RENDER_FILES.outputs, stableJson(maskSecrets(run.outputs)));
  // The plan in DESIGN's key order, exactly as `plan --json` prints it and the lock stores it.
  if (capacity) files.set(RENDER_FILES.capacity, serializePlan(capacity));
  if (capacityMarkdown !== undefined) files.set(RENDER_FILES.capacityMarkdown, capacityMarkdown.endsWith("\n") ? capacityMarkdown : `${capacityMarkdown}\n`);
  for (const r of resources) {
    const manifest = manifestOf(r);
    if (manifest) files.set(manifest.path, manifest.yaml);
  }
  return { files, resources };
}

/** Writes a render to `dir`, replacing what a previous render left there. */
export function writeRender(dir: string, files: ReadonlyMap<string, string>): void {
  for (const name of [RENDER_FILES.resources, RENDER_FILES.outputs, RENDER_FILES.capacity, RENDER_FILES.capacityMarkdown]) {
    fs.rmSync(path.join(dir, name), { force: true });
  }
  fs.rmSync(path.join(dir, RENDER_FILES.manifests), { recursive: true, force: true });
  for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

function rendered(r: RecordedResource): RenderedResource {
  return sortKeys({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    provider: r.provider,
    inputs: maskSecrets(r.inputs),
    options: r.options,
    read: r.read,
  }) as RenderedResource;
}

/** The object a Kubernetes resource would apply, at `manifests/<namespace|_cluster>/<kind>-<name>.yaml`. */
function manifestOf(r: RenderedResource): { path: string; yaml: string } | undefined {
  if (!r.type.startsWith("kubernetes:") || NOT_MANIFESTS.has(r.type)) return undefined;
  const { apiVersion, kind, metadata, ...rest } = r.inputs as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const name = metadata?.name ?? r.name;
  const namespace = metadata?.namespace ?? "_cluster";
  // apiVersion, kind and metadata first, as people write manifests; the rest sorted.
  const object = { apiVersion, kind, metadata, ...(sortKeys(rest) as Record<string, unknown>) };
  const yaml = stringify(object, { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false });
  return { path: path.posix.join(RENDER_FILES.manifests, namespace, `${kind.toLowerCase()}-${name}.yaml`), yaml };
}
