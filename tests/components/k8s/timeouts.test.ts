import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_DEPLOYMENT_WAIT_SECONDS } from "../../../components/k8s/defaults";
import { podReadySeconds, progressDeadlineSeconds, rolloutWaves, serviceTimeouts } from "../../../components/k8s/timeouts";
import { cpu, memory } from "../../helpers/builders";
import { service } from "./fixtures";

/** A small CPU service: one core, 60 s to start, up to 3 replicas. */
const SMALL_CPU = service({ gpu: undefined, cpu: cpu(1), memory: memory("2Gi"), health: { path: "/health", startupSeconds: 60 }, replicas: { min: 1, max: 3 } });
/** A big GPU service: 2 A100s per pod, a 70B model that may take 30 minutes to load, up to 6 replicas. */
const BIG_GPU = service({ gpu: { model: "a100-80gb", count: 2 }, health: { path: "/health", startupSeconds: 1800 }, replicas: { min: 2, max: 6 } });

describe("Deployment timeouts", () => {
  it("gives a small CPU deployment minutes, not hours: a node of its CPU pool, a small image, three short waves", () => {
    // create: 900 s node + 300 s image + 60 s start = 21 min; update: 900 + 3 waves x (135 s grace + 300 s image + 60 s start) = 39.75 min.
    assert.deepEqual(serviceTimeouts(SMALL_CPU), { create: "21m", update: "40m" });
    assert.equal(progressDeadlineSeconds(SMALL_CPU), 135 + 900 + 300 + 60);
  });

  it("gives the 1-CPU deployment of the issue (10 replicas, the default 10-minute start) the bound, not 238 minutes", () => {
    const tenReplicas = service({ gpu: undefined, cpu: cpu(1), replicas: { min: 1, max: 10 }, health: { startupSeconds: 600 } });
    // create: 900 + 300 + 600 s = 30 min; update: 900 + 10 x (135 + 300 + 600) s = 187.5 min, above the 2-hour bound.
    assert.deepEqual(serviceTimeouts(tenReplicas), { create: "30m", update: "120m" });
  });

  it("gives a big GPU deployment a node, the CUDA image and the model load on create, and stops its six waves at the bound", () => {
    // create: 900 s node + 600 s image + 1800 s load = 55 min; update: 900 + 6 x (135 + 600 + 1800) s = 268.5 min -> 120.
    assert.deepEqual(serviceTimeouts(BIG_GPU), { create: "55m", update: "120m" });
    assert.equal(podReadySeconds(BIG_GPU), 900 + 600 + 1800);
    assert.equal(progressDeadlineSeconds(BIG_GPU), 135 + 900 + 600 + 1800);
  });

  it("counts one node scale-up and one wave per replica for a GPU service under the bound", () => {
    // L4 at the defaults, 4 replicas: 900 + 4 x (135 + 600 + 600) s = 104 min.
    assert.deepEqual(serviceTimeouts(service()), { create: "35m", update: "104m" });
    assert.deepEqual(serviceTimeouts(service({ replicas: { min: 0, max: 1 }, health: { startupSeconds: 1800 } })), { create: "55m", update: "58m" });
  });

  it("rolls one replica per wave, at the most replicas the scaler may run", () => {
    assert.deepEqual([1, 2, 6].map((max) => rolloutWaves({ replicas: { min: 0, max } })), [1, 2, 6]);
  });

  it("never waits longer than the bound, and never less for an update than for a create", () => {
    const minutes = (t: string) => Number(t.replace(/m$/, ""));
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 1, max: 14_400 }), fc.integer({ min: 1, max: 1000 }), (gpu, startupSeconds, max) => {
        const s = service({ gpu: gpu ? { model: "l4", count: 1 } : undefined, health: { startupSeconds }, replicas: { min: 1, max } });
        const t = serviceTimeouts(s);
        assert.ok(minutes(t.update) <= MAX_DEPLOYMENT_WAIT_SECONDS / 60 && minutes(t.create) <= minutes(t.update));
      }),
    );
  });
});
