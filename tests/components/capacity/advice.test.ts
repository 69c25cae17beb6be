import assert from "node:assert/strict";
import { AMBIGUOUS_ALIASES, resolveGpuModel } from "../../../components/catalog/gpus";
import { LOW_UTILISATION_BELOW } from "../../../components/capacity/advice";
import { planCapacity } from "../../../components/capacity/plan";
import { validateSpec } from "../../../components/spec/validate";
import { awsSpec, set, unset } from "../spec/fixtures";
import { service, spec } from "./builder";

/** The aws fixture with one service on `gpu` (1 to 2 replicas) and no training job. */
function oneService(gpu: object) {
  const s = awsSpec();
  unset(s, "trainingJobs");
  set(s, "services[0].gpu", gpu);
  set(s, "services[0].replicas", { min: 1, max: 2 });
  return planCapacity(validateSpec(s));
}

describe("plan advice", () => {
  it("reads every ambiguous alias as its first meaning, as the advice says", () => {
    for (const [alias, meanings] of Object.entries(AMBIGUOUS_ALIASES)) assert.equal(resolveGpuModel(alias), meanings[0], alias);
  });

  it("says an ambiguous alias was taken as the 40 GB A100, and how to write either part", () => {
    const plan = oneService({ model: "a100", count: 1 });
    assert.deepEqual(
      plan.advice!.filter((a) => a.kind === "ambiguous-model"),
      [
        {
          path: "services[0].gpu.model",
          kind: "ambiguous-model",
          message: '"a100" names more than one part (a100-40gb, a100-80gb) and is taken as a100-40gb (40 GiB); write a100-40gb, or a100-80gb for the larger part',
          savingPerHour: null,
        },
      ],
    );
  });

  it("names a cheaper model with at least the memory, with the saving per hour and per month", () => {
    // a100-40gb on aws is p4d.24xlarge only: both pods on one node, $21.957642/h at peak. l40s
    // (48 GiB) on g6e.xlarge, one pod per node: 2 × $1.861 = $3.722/h. Saving $18.235642/h,
    // × 730 = $13,312 a month.
    const plan = oneService({ model: "a100-40gb", count: 1 });
    assert.deepEqual(
      plan.advice!.filter((a) => a.kind === "cheaper-model"),
      [
        {
          path: "services[0].gpu.model",
          kind: "cheaper-model",
          message:
            "research/chat asks for a100-40gb (40 GiB); l40s (48 GiB) on g6e.xlarge serves it for $18.24/h ($13,312 a month) less at peak; set gpu.minMemoryGiB: 40 instead of model to let the planner choose",
          savingPerHour: 18.235642,
        },
      ],
    );
  });

  it("says when a pool's node shape leaves most of its GPUs idle at peak, though no other shape of the model is cheaper", () => {
    // 2 one-GPU pods on one 8-GPU p4d: 25 % at peak, under the 50 % line.
    assert.ok(0.25 < LOW_UTILISATION_BELOW);
    const plan = oneService({ model: "a100-40gb", count: 1 });
    assert.deepEqual(
      plan.advice!.filter((a) => a.kind === "low-utilisation"),
      [
        {
          path: "services[0].gpu.model",
          kind: "low-utilisation",
          message:
            "a100-40gb-1 uses 13% of its GPUs at base (1 of 8 GPUs): each p4d.24xlarge node has 8 GPUs; no other a100-40gb shape on aws in us-east-1 serves these pods for less: let the planner choose the model (gpu.minMemoryGiB) or give each node more work",
          savingPerHour: 0,
        },
      ],
    );
  });

  it("names a cheaper shape of the same model when a kept pool holds its pods on larger nodes than they need", () => {
    // A lock kept l4 pods on g6.12xlarge (4 GPUs, $4.6016/h); one 1-GPU pod at peak needs one
    // g6.xlarge ($0.8048/h): $3.7968/h less.
    const s = spec({ services: [service("chat", { min: 1, max: 1 }, { cpu: 3, memory: "12Gi" })] });
    const planned = planCapacity(s);
    const stale = { ...planned, pools: planned.pools.map((p) => ({ ...p, instanceType: "g6.12xlarge" })) };
    const plan = planCapacity(s, stale);
    assert.deepEqual(plan.pools.map((p) => p.instanceType), ["g6.12xlarge"]);
    assert.deepEqual(
      plan.advice!.filter((a) => a.kind === "low-utilisation").map((a) => [a.path, a.savingPerHour, a.message]),
      [
        [
          "services[0].gpu.model",
          3.7968,
          "l4-1 uses 25% of its GPUs at peak (1 of 4 GPUs): each g6.12xlarge node has 4 GPUs; 1 × g6.xlarge (1 GPUs each) serves the same pods for $3.80/h ($2,772 a month) less at peak",
        ],
      ],
    );
  });

  it("says per type when the snapshot has no price in the spec's region, instead of silently using another region's", () => {
    const s = awsSpec();
    set(s, "region", "us-west-2");
    const plan = planCapacity(validateSpec(s));
    assert.deepEqual(
      plan.advice!.filter((a) => a.kind === "price-region").map((a) => [a.path, a.message]),
      plan.pools.map((p) => [
        "region",
        `${p.instanceType} (pool ${p.name}) has no published us-west-2 price in the snapshot; it is priced at its us-east-1 price, which us-west-2 may not match`,
      ]),
    );
    assert.ok(plan.pools.length > 0 && plan.pools.every((p) => p.priceRegion === "us-east-1"));
  });

  it("gives no advice on a plan whose pools are full and priced in its own region", () => {
    const plan = planCapacity(spec({ services: [service("chat", { min: 1, max: 2 }, { cpu: 3, memory: "12Gi" })] }));
    assert.deepEqual(plan.advice, []);
  });
});
