/** Properties over random mutations of valid specs: validateSpec answers a ValidSpec or a SpecError, never anything else. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { SpecError } from "../../../components/spec/errors";
import { inspectSpec, validateSpec } from "../../../components/spec/validate";
import { awsIdentitySpec, awsSpec, azureIdentitySpec, azureSpec, gcpIdentitySpec, gcpSpec, Json, SpecObject } from "./fixtures";

/** Every path of a JSON tree, as key lists, the root excluded; a node met again (a cycle) is not entered twice. */
function paths(node: Json, prefix: (string | number)[] = [], seen = new Set<object>()): (string | number)[][] {
  if (node === null || typeof node !== "object" || seen.has(node)) return [];
  seen.add(node);
  const entries: [string | number, Json][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k], seen)]);
}

/** Values that sit near the edges of what the spec accepts. */
const EDGY: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  "",
  " ",
  0,
  -1,
  1.5,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  null,
  true,
  [],
  {},
  "latest",
  "500m",
  "16Gi",
  "1e3",
  "0.0.0.0/0",
  "kube-system",
  "default",
  "h100",
  "a100",
  "minMemoryGiB",
  "us-central1",
  "azure",
  { count: 1 },
  { min: 0, max: 0 },
  ["x"],
  "x".repeat(300),
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
);

type Mutation = { readonly kind: "delete" | "set" | "add" | "duplicate"; readonly pick: number; readonly value: unknown; readonly key: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("delete" as const, "set" as const, "add" as const, "duplicate" as const),
  pick: fc.nat(),
  value: fc.oneof(EDGY, fc.jsonValue({ maxDepth: 2 }), fc.anything({ maxDepth: 2 })),
  key: fc.oneof(fc.constantFrom("name", "gpu", "replica", "cpu", "memory", "__proto__", "constructor", "count"), fc.string({ maxLength: 6 })),
});

function apply(spec: SpecObject, m: Mutation): void {
  const all = paths(spec);
  if (all.length === 0) return;
  const path = all[m.pick % all.length]!;
  const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string | number, Json>)[k]!, spec) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  switch (m.kind) {
    case "delete":
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      return;
    case "set":
      parent[last] = m.value;
      return;
    case "add": {
      const target = parent[last];
      if (Array.isArray(target)) target.push(m.value);
      else if (target !== null && typeof target === "object") Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      else parent[last] = m.value;
      return;
    }
    case "duplicate":
      if (Array.isArray(parent)) parent.push(structuredClone(parent[last as number]));
      return;
    default: {
      const never: never = m.kind;
      throw new Error(`unknown mutation ${String(never)}`);
    }
  }
}

const base = fc.constantFrom(awsSpec, gcpSpec, azureSpec, awsIdentitySpec, gcpIdentitySpec, azureIdentitySpec);

describe("validateSpec on random mutations of valid specs", () => {
  it("answers a spec that refers to itself, as YAML aliases allow", () => {
    const spec = awsSpec() as Record<string, unknown>;
    const services = spec.services as Record<string, unknown>[];
    services[0]!.env = spec;
    services.push(services[0]!);
    spec.monitoring = spec;
    const env = ["apiAccess", "namespaces", "services", "trainingJobs", "monitoring"];
    const fields = ["name", "cloud", "region", "apiAccess", "namespaces", "services", "trainingJobs", "monitoring"];
    assert.deepEqual(
      inspectSpec(spec).errors.map((p) => p.path),
      [...env.map((k) => `services[0].env.${k}`), ...env.map((k) => `services[1].env.${k}`), ...fields.map((k) => `monitoring.${k}`), "services[1].name"],
    );
  });

  it("returns a ValidSpec or throws a SpecError, never anything else", () => {
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), (make, mutations) => {
        const spec = make();
        for (const m of mutations) apply(spec, m);
        try {
          const valid = validateSpec(spec);
          assert.ok(Object.isFrozen(valid));
        } catch (e) {
          if (!(e instanceof SpecError)) throw e;
          assert.ok(e.problems.length > 0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("writes every problem as a path and a message without placeholders", () => {
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 3 }), (make, mutations) => {
        const spec = make();
        for (const m of mutations) apply(spec, m);
        const { errors, warnings } = inspectSpec(spec);
        for (const p of [...errors, ...warnings]) {
          assert.equal(typeof p.path, "string");
          assert.ok(p.message.length > 0);
          assert.doesNotMatch(p.message, /\bundefined\b|\[object Object\]|"NaN"|"Infinity"/, `${p.path}: ${p.message}`);
          assert.match(p.path, /^$|^[A-Za-z_]/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("throws exactly when inspectSpec reports errors, with the same problems", () => {
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 0, maxLength: 3 }), (make, mutations) => {
        const spec = make();
        for (const m of mutations) apply(spec, m);
        const report = inspectSpec(spec);
        try {
          validateSpec(spec);
          assert.deepEqual(report.errors, []);
        } catch (e) {
          assert.ok(e instanceof SpecError);
          assert.deepEqual(e.problems, report.errors);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("answers any JSON value at all without throwing anything but a SpecError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => {
        try {
          validateSpec(value);
        } catch (e) {
          if (!(e instanceof SpecError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });
});
