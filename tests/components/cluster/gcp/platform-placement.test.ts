/**
 * End to end on GKE: a spec with a CPU service and a spot service, planned, built by MlPlatform
 * with the real GkeCluster on the mock engine; each pod selects where the plan put it.
 */
import assert from "node:assert/strict";
import { MlPlatform } from "../../../../components/platform";
import { MockRun, input, ofType, render } from "../../../helpers/mocks";
import { GCP_CONFIG } from "./fixtures";

const SPEC = {
  name: "ml-test",
  cloud: "gcp",
  region: "us-central1",
  namespaces: [{ name: "research", quota: { gpu: 8 } }],
  services: [
    { name: "api", namespace: "research", image: "ghcr.io/acme/api:1.0", port: 8080, cpu: 2, memory: "4Gi", replicas: { min: 1, max: 2 } },
    {
      name: "chat", namespace: "research", image: "vllm/vllm-openai:v0.6.3", port: 8000,
      gpu: { model: "l4", count: 1 }, cpu: 3, memory: "12Gi", replicas: { min: 2, max: 3 }, spot: true,
    },
  ],
};

function podOf(run: MockRun, name: string): any {
  const deployment = ofType(run, "kubernetes:apps/v1:Deployment").find((d) => input(d, "metadata.name") === name);
  assert.ok(deployment, `a Deployment named ${name}`);
  return input(deployment, "spec.template.spec");
}

describe("MlPlatform on GKE with CPU and spot workloads", () => {
  let run: MockRun;
  let platform: MlPlatform;

  before(async () => {
    run = await render(() => {
      platform = new MlPlatform("ml", { spec: SPEC });
    }, { config: GCP_CONFIG });
  });

  it("plans a CPU pool and a spot pool with its fallback, and GKE builds all three", () => {
    assert.deepEqual(
      platform.capacityPlan.pools.map((p) => [p.name, p.instanceType, p.spot, p.fallbackFor ?? null]),
      [["cpu-1", "n2-standard-4", false, null], ["l4-spot-1", "g2-standard-8", true, null], ["l4-spot-1-fallback", "g2-standard-8", false, "l4-spot-1"]],
    );
    assert.deepEqual(
      ofType(run, "gcp:container/nodePool:NodePool").map((p) => p.name).sort(),
      ["ml-cluster-cpu-cpu-1", "ml-cluster-gpu-l4-spot-1", "ml-cluster-gpu-l4-spot-1-fallback", "ml-cluster-system"],
    );
    assert.deepEqual(ofType(run, "kubernetes:cloud.google.com/v1:ComputeClass").map((c) => input(c, "metadata.name")), ["l4-spot-1"]);
  });

  it("puts the CPU service's pods on the CPU pool, with no toleration and no GPU", () => {
    const pod = podOf(run, "api");
    assert.deepEqual(pod.nodeSelector, { "ml-clusters.io/pool": "cpu-1" });
    assert.deepEqual(pod.tolerations, []);
    assert.equal(pod.affinity, undefined);
    assert.equal(pod.containers[0].resources.limits["nvidia.com/gpu"], undefined);
  });

  it("puts the spot service's pods in the spot pool's compute class, tolerating the GPU and class taints", () => {
    const pod = podOf(run, "chat");
    assert.deepEqual(pod.nodeSelector, { "cloud.google.com/compute-class": "l4-spot-1" });
    assert.equal(pod.affinity, undefined);
    assert.deepEqual(pod.tolerations, [
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
      { key: "cloud.google.com/compute-class", operator: "Exists", effect: "NoSchedule" },
    ]);
  });
});
