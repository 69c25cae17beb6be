/**
 * Where workloads land: a CPU workload on its CPU pool, a spot workload on its spot pool or its
 * on-demand fallback, both through the ClusterContract and never by asking which cloud it is.
 */
import assert from "node:assert/strict";
import { FakeCluster } from "../../../components/cluster/fake";
import { POOL_LABEL, defaultPlacementFor, placementOf } from "../../../components/cluster/contract";
import { ModelService } from "../../../components/k8s/model-service";
import { TrainingJob } from "../../../components/k8s/training-job";
import { BadInputError } from "../../../components/bad-input";
import { render, input, one } from "../../helpers/mocks";
import { cpu } from "../../helpers/builders";
import { addons, k8sPool, service, trainingJob } from "./fixtures";

const CPU_POOL = k8sPool({ name: "cpu-1", gpu: null, instanceType: "m7i.xlarge", gpusPerNode: 0, pricePerHour: 0.2016 });
const SPOT = k8sPool({ name: "l4-spot-1", spot: true });
const FALLBACK = k8sPool({ name: "l4-spot-1-fallback", fallbackFor: "l4-spot-1", minNodes: 0 });

function cluster(): FakeCluster {
  return new FakeCluster("test", { pools: [k8sPool(), CPU_POOL, SPOT, FALLBACK] });
}

const podSpecOf = (run: Awaited<ReturnType<typeof render>>, type: string) => input(one(run, type), "spec.template.spec");

describe("workload placement", () => {
  it("puts a service without GPUs on its CPU pool, with no GPU request and no GPU toleration", async () => {
    const run = await render(() => {
      new ModelService("api", { contract: cluster(), service: service({ name: "api", gpu: undefined, cpu: cpu("1") }), pool: "cpu-1", addons: addons() });
    });
    const pod = podSpecOf(run, "kubernetes:apps/v1:Deployment");
    assert.deepEqual(pod.nodeSelector, { [POOL_LABEL]: "cpu-1" });
    assert.deepEqual(pod.tolerations, []);
    assert.equal(pod.affinity, undefined);
    assert.equal(pod.containers[0].resources.limits["nvidia.com/gpu"], undefined);
  });

  it("lets a spot service land on its spot pool or its fallback, tolerating the taints of both", async () => {
    const run = await render(() => {
      new ModelService("chat", {
        contract: cluster(),
        service: service({ replicas: { min: 2, max: 4 }, spot: true }),
        pool: "l4-spot-1",
        fallbackPool: "l4-spot-1-fallback",
        addons: addons(),
      });
    });
    const pod = podSpecOf(run, "kubernetes:apps/v1:Deployment");
    assert.deepEqual(pod.nodeSelector, {});
    assert.deepEqual(pod.affinity, {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: POOL_LABEL, operator: "In", values: ["l4-spot-1", "l4-spot-1-fallback"] }] }],
        },
      },
    });
    assert.deepEqual(pod.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("places a spot training job over both pools too", async () => {
    const run = await render(() => {
      new TrainingJob("train", { contract: cluster(), job: trainingJob({ gpu: { model: "l4", count: 1 }, spot: true }), pool: "l4-spot-1", fallbackPool: "l4-spot-1-fallback", addons: addons() });
    });
    const pod = podSpecOf(run, "kubernetes:batch/v1:Job");
    assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values, ["l4-spot-1", "l4-spot-1-fallback"]);
  });

  it("uses a contract's own placement over several pools when it has one", () => {
    const contract = cluster();
    const own = Object.assign(Object.create(Object.getPrototypeOf(contract)), contract, {
      placementFor: (pools: readonly string[]) => ({ nodeSelector: { "example.com/class": pools.join("+") }, tolerations: [] }),
    });
    assert.deepEqual(placementOf(own, ["l4-spot-1", "l4-spot-1-fallback"]), { nodeSelector: { "example.com/class": "l4-spot-1+l4-spot-1-fallback" }, tolerations: [] });
    // One pool needs no answer of the contract's own: its node selector suffices.
    assert.deepEqual(placementOf(own, ["cpu-1"]), { nodeSelector: { [POOL_LABEL]: "cpu-1" }, tolerations: [] });
    assert.deepEqual(placementOf(own, ["cpu-1"]), defaultPlacementFor(own, ["cpu-1"]));
  });

  it("rejects a GPU service on a CPU pool and a fallback pool without its spot pool", async () => {
    let thrown: unknown;
    await render(() => {
      try {
        new ModelService("chat", { contract: cluster(), service: service(), pool: "cpu-1", addons: addons() });
      } catch (e) {
        thrown = e;
      }
    });
    assert.ok(thrown instanceof BadInputError);
    assert.deepEqual(thrown.problems, [{ path: "pool", message: '"cpu-1" is a CPU pool but research/chat asks for 1 GPU(s); pass the GPU pool the capacity plan assigned to it' }]);
    thrown = undefined;
    await render(() => {
      try {
        new ModelService("chat", { contract: cluster(), service: service(), fallbackPool: "l4-spot-1-fallback", addons: addons() });
      } catch (e) {
        thrown = e;
      }
    });
    assert.ok(thrown instanceof BadInputError);
    assert.deepEqual(
      thrown.problems.map((p) => p.path),
      ["fallbackPool", "pool"],
    );
  });
});
