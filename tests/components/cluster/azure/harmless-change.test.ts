import assert from "node:assert/strict";
import { AZURE_FORCE_NEW } from "../../../../components/cluster/azure";
import type { ValidService, ValidSpec } from "../../../../components/spec/types";
import { MockRun, input, render, unwrapSecrets } from "../../../helpers/mocks";
import { validNamespace, validService } from "../../../helpers/builders";
import { A100, CPU_SPOT, D8, MIXED_POOLS, T4_SPOT, args, cpuPool, fallbackOf, plan, pool, program, spec } from "./fixtures";

/** chat on one A100 80GB (the base plan's on-demand pool), with a 15-minute startup. */
function service(replicas: { min: number; max: number }, namespace = "research"): ValidService {
  return validService({ namespace, gpu: { model: "a100-80gb", count: 1 }, replicas, health: { startupSeconds: 900 } });
}

const BASE_SPEC: Partial<ValidSpec> = {
  apiAccess: { allowedCidrs: ["203.0.113.0/24"] },
  namespaces: [validNamespace()],
  services: [service({ min: 1, max: 3 })],
};

/** Every replacement-forcing input of every resource, by URN; inputs under ignoreChanges Pulumi never diffs. */
function forceNewInputs(run: MockRun): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const r of run.resources) {
    const paths = AZURE_FORCE_NEW[r.type];
    if (paths === undefined) continue;
    const ignored = r.options.ignoreChanges ?? [];
    const diffed = paths.filter((p) => !ignored.some((i) => p === i || p.startsWith(`${i}.`)));
    out.set(r.urn, Object.fromEntries(diffed.map((p) => [p, unwrapSecrets(input(r, p))])));
  }
  return out;
}

/** URNs whose replacement-forcing inputs differ between two renders (resources added or removed included). */
function replaced(before: MockRun, after: MockRun): string[] {
  const a = forceNewInputs(before);
  const b = forceNewInputs(after);
  const urns = new Set([...a.keys(), ...b.keys()]);
  return [...urns].filter((u) => JSON.stringify(a.get(u)) !== JSON.stringify(b.get(u))).sort();
}

describe("AksCluster replacement safety (mock engine)", () => {
  let base: MockRun;
  before(async () => {
    // Every kind of pool: GPU and CPU, spot pools with their fallbacks, the priority ConfigMap.
    base = await render(program(args({ spec: spec(BASE_SPEC), plan: plan(MIXED_POOLS) })));
  });

  it("covers every Azure and Kubernetes resource type the cluster registers in its replacement table", () => {
    const types = new Set(base.resources.filter((r) => r.custom).map((r) => r.type));
    assert.deepEqual([...types].filter((t) => AZURE_FORCE_NEW[t] === undefined), []);
  });

  it("replaces nothing when replica counts, namespaces and authorized networks change", async () => {
    const after = await render(
      program(
        args({
          spec: spec({
            ...BASE_SPEC,
            apiAccess: { allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] },
            namespaces: [validNamespace(), validNamespace({ name: "vision", groups: ["ml-vision"] })],
            services: [service({ min: 2, max: 8 }), service({ min: 1, max: 1 }, "vision")],
          }),
          plan: plan(MIXED_POOLS),
        }),
      ),
    );
    assert.deepEqual(replaced(base, after), []);
  });

  it("replaces nothing when a pool's or the system pool's bounds change, CPU, spot and fallback pools included", async () => {
    const cpuSpot = { ...CPU_SPOT, minNodes: 3, maxNodes: 9 };
    const t4Spot = { ...T4_SPOT, minNodes: 1, maxNodes: 5 };
    const after = await render(
      program(
        args({
          spec: spec({ ...BASE_SPEC, systemPool: { instanceType: "Standard_D4s_v5", minNodes: 3, maxNodes: 6 } }),
          plan: plan([
            pool("a100-80gb-1", A100, { min: 0, max: 6 }),
            cpuPool("cpu-1", D8, { min: 0, max: 12 }),
            cpuSpot,
            { ...fallbackOf(cpuSpot), maxNodes: 9 },
            t4Spot,
            { ...fallbackOf(t4Spot), maxNodes: 5 },
          ]),
        }),
      ),
    );
    assert.deepEqual(replaced(base, after), []);
  });

  it("replaces only that node pool, under a new AKS name, when a pool's VM size changes", async () => {
    const after = await render(
      program(args({ spec: spec(BASE_SPEC), plan: plan([pool("a100-80gb-1", "Standard_NC48ads_A100_v4", { min: 1, max: 3 }), ...MIXED_POOLS.slice(1)]) })),
    );
    const urns = replaced(base, after);
    assert.deepEqual(urns.map((u) => u.split("::").pop()), ["ml-a100-80gb-1"]);
    const name = (run: MockRun) => forceNewInputs(run).get(urns[0])!.agentPoolName;
    assert.notEqual(name(after), name(base));
  });

  it("replaces only that CPU pool when its VM size changes", async () => {
    const after = await render(
      program(args({ spec: spec(BASE_SPEC), plan: plan(MIXED_POOLS.map((p) => (p.name === "cpu-1" ? { ...p, instanceType: "Standard_D16s_v5" } : p))) })),
    );
    assert.deepEqual(replaced(base, after).map((u) => u.split("::").pop()), ["ml-cpu-1"]);
  });
});
