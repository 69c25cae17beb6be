import assert from "node:assert/strict";
import { instanceTypes } from "../../../components/catalog/instances";
import { instanceCatalog } from "../../../components/capacity/catalog-view";
import { parseLock, serializeLock } from "../../../components/capacity/lock";
import { planCapacity } from "../../../components/capacity/plan";
import { SpecError } from "../../../components/spec/errors";
import { pool, service, spec } from "./builder";

const SPOT_ONLY_GCP = ["a3-highgpu-1g", "a3-highgpu-2g", "a3-highgpu-4g"];
const h100 = (max = 1, spot = false) => service("chat", { min: 1, max }, { model: "h100", gpus: 1, cpu: 20, memory: "200Gi", spot });

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (e) {
    if (e instanceof SpecError) return e.problems;
    throw e;
  }
  assert.fail("expected a SpecError");
}

describe("spot-only instance types", () => {
  it("marks exactly GKE's 1-, 2- and 4-GPU A3 High types as spot-only, in the catalogue and its view", () => {
    assert.deepEqual(instanceTypes("gcp").filter((t) => t.spotOnly === true).map((t) => t.name), SPOT_ONLY_GCP);
    assert.deepEqual(instanceCatalog("gcp").instanceTypes.filter((t) => t.spotOnly).map((t) => t.name), SPOT_ONLY_GCP);
    for (const cloud of ["aws", "azure"] as const) assert.equal(instanceTypes(cloud).some((t) => t.spotOnly === true), false);
  });

  it("plans a 1-GPU H100 service on GCP onto the on-demand a3-highgpu-8g, though a3-highgpu-1g costs less per node", () => {
    const plan = planCapacity(spec({ cloud: "gcp", services: [h100()] }));
    assert.deepEqual(plan.pools.map((p) => [p.instanceType, p.spot]), [["a3-highgpu-8g", false]]);
  });

  it("rejects a spot-only type in a declared on-demand pool, naming the spot setting and an on-demand type", () => {
    const problems = problemsOf(() => planCapacity(spec({ cloud: "gcp", gpuPools: [pool("h100", "h100", ["a3-highgpu-1g"])], services: [h100()] })));
    assert.deepEqual(problems[0], {
      path: "gpuPools[0].instanceTypes[0]",
      message: "a3-highgpu-1g is sold only as Spot or Flex-start VMs, never on-demand, and this pool is on-demand; set spot: true on the pool, or use a3-highgpu-8g",
    });
  });

  it("plans a spot-only type in a declared spot pool, with an on-demand fallback of another type", () => {
    const plan = planCapacity(spec({ cloud: "gcp", gpuPools: [pool("h100", "h100", ["a3-highgpu-1g", "a3-highgpu-8g"], true)], services: [h100(2, true)] }));
    assert.deepEqual(
      plan.pools.map((p) => [p.name, p.instanceType, p.spot, p.fallbackFor, p.maxNodes]),
      [
        ["h100", "a3-highgpu-1g", true, undefined, 2],
        ["h100-fallback", "a3-highgpu-8g", false, "h100", 1],
      ],
    );
  });

  it("plans a spot workload with no declared pools onto a derived spot pool that may use a spot-only type", () => {
    // us-central1 spot (catalog/prices/gcp.json): a3-highgpu-1g 6.326193, a3-highgpu-2g 12.652385.
    // Two 1-GPU pods: two 1g nodes at peak (12.652386) cost a micro-dollar more than one 2g node.
    const plan = planCapacity(spec({ cloud: "gcp", services: [h100(2, true)] }));
    assert.deepEqual(
      plan.pools.map((p) => [p.name, p.instanceType, p.spot, p.fallbackFor ?? null, p.minNodes, p.maxNodes, p.spotPricePerHour ?? null]),
      [
        ["h100-spot-1", "a3-highgpu-2g", true, null, 1, 1, 12.652385],
        ["h100-spot-1-fallback", "a3-highgpu-8g", false, "h100-spot-1", 0, 1, null],
      ],
    );
    // Worst case: the fallback's one a3-highgpu-8g at base and at peak; with spot: one 2g node.
    assert.deepEqual(plan.cost, { basePerHour: 88.49, peakPerHour: 88.49, fixedPerHour: plan.cost.fixedPerHour, spotBasePerHour: 12.652385, spotPeakPerHour: 12.652385 });
    assert.deepEqual(plan.workloads.map((w) => [w.pool, w.fallbackPool]), [["h100-spot-1", "h100-spot-1-fallback"]]);
  });

  it("rejects an on-demand workload whose declared pools are all spot, instead of failing the search", () => {
    const problems = problemsOf(() => planCapacity(spec({ cloud: "gcp", gpuPools: [pool("h100", "h100", ["a3-highgpu-1g"], true)], services: [h100(2)] })));
    assert.deepEqual(problems, [
      {
        path: "services[0].spot",
        message: "is false, but the declared pools that can hold research/chat (h100) are spot pools, which take only workloads with spot: true; declare an on-demand pool for it, or set spot: true",
      },
    ]);
  });

  it("re-plans an on-demand pool that a lock left on a spot-only type, and says why it is replaced", () => {
    const s = spec({ cloud: "gcp", services: [h100()] });
    const planned = planCapacity(s);
    const stale = JSON.parse(serializeLock(planned));
    stale.pools[0].instanceType = "a3-highgpu-1g";
    const plan = planCapacity(s, parseLock(JSON.stringify(stale), "stacks/capacity.staging.json"));
    assert.deepEqual(plan.pools.map((p) => [p.name, p.instanceType]), [[planned.pools[0]!.name, "a3-highgpu-8g"]]);
    assert.deepEqual(plan.replacements, [
      { pool: planned.pools[0]!.name, from: "a3-highgpu-1g", to: "a3-highgpu-8g", reason: "a3-highgpu-1g is sold only as Spot or Flex-start VMs, never on-demand" },
    ]);
  });
});
