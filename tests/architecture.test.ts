/**
 * The layering rules of DESIGN.md, checked on the source: the pure core imports no Pulumi
 * package, and no module imports itself back through others (a circle makes load order matter
 * and hides which file owns what).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports, type-only ones included. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)].map((m) => m[1]!);
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  // A data file imported by its full name (the price snapshot's JSON) is a leaf of the graph.
  if (path.extname(base) === ".json" && fs.existsSync(base)) return base;
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`${path.relative(ROOT, from)} imports ${spec}, which resolves to no file`);
}

/** The first circle found in the import graph, as a list of files, or undefined. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}

describe("the layering rules", () => {
  const files = sources(path.join(ROOT, "components"));

  for (const layer of ["catalog", "spec", "capacity"]) {
    it(`keeps components/${layer} free of Pulumi packages`, () => {
      const offenders = files
        .filter((f) => f.startsWith(path.join(ROOT, "components", layer) + path.sep))
        .flatMap((f) => specifiers(f).filter((s) => s.startsWith("@pulumi/")).map((s) => `${path.relative(ROOT, f)} imports ${s}`));
      assert.deepEqual(offenders, []);
    });
  }

  it("has no circle of imports among the components' modules", () => {
    const graph = new Map(files.map((f) => [f, specifiers(f).flatMap((s) => resolveLocal(f, s) ?? [])]));
    const cycle = findCycle(graph);
    assert.equal(cycle?.map((f) => path.relative(ROOT, f)).join(" -> "), undefined);
  });

  it("finds a circle when there is one", () => {
    const graph = new Map([
      ["solver", ["exact", "heuristic"]],
      ["heuristic", ["exact", "problem"]],
      ["exact", ["solver", "problem"]],
      ["problem", []],
    ]);
    assert.deepEqual(findCycle(graph), ["exact", "solver", "exact"]);
    assert.equal(findCycle(new Map([["a", ["b"]], ["b", []]])), undefined);
  });
});
