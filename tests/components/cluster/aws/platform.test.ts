/**
 * A CPU service and a Spot service through MlPlatform on EKS (the default cluster factory): the
 * plan's pools become node groups and each Deployment selects its pool, or its Spot pool and
 * fallback, through EksCluster's contract.
 */
import assert from "node:assert/strict";
import { MlPlatform } from "../../../../components/platform";
import { input, MockRun, ofType, render } from "../../../helpers/mocks";

function spec(): Record<string, unknown> {
  return {
    name: "ml-test",
    cloud: "aws",
    region: "us-east-1",
    namespaces: [{ name: "research", quota: { gpu: 8 } }],
    services: [
      { name: "api", namespace: "research", image: "ghcr.io/acme/api:1.0", port: 8080, cpu: 3.5, memory: "8Gi", replicas: { min: 2, max: 6 } },
      { name: "chat", namespace: "research", image: "vllm/vllm-openai:v0.6.3", port: 8000, gpu: { model: "l4", count: 1 }, cpu: 3, memory: "12Gi", replicas: { min: 2, max: 4 }, spot: true },
    ],
  };
}

function podSpec(run: MockRun, deployment: string): Record<string, any> {
  const found = ofType(run, "kubernetes:apps/v1:Deployment").filter((d) => input(d, "metadata.name") === deployment);
  assert.equal(found.length, 1, `one Deployment ${deployment}`);
  return input(found[0]!, "spec.template.spec");
}

describe("MlPlatform on EKS with a CPU service and a Spot service", () => {
  let run: MockRun;
  let platform: MlPlatform;
  before(async () => {
    run = await render(() => {
      platform = new MlPlatform("ml", { spec: spec() });
    });
  });

  it("creates a node group for the CPU pool, the Spot pool and its fallback", () => {
    const pools = platform.capacityPlan.pools.map((p) => p.name);
    assert.deepEqual(pools, ["cpu-1", "l4-spot-1", "l4-spot-1-fallback"]);
    const groups = ofType(run, "aws:eks/nodeGroup:NodeGroup").map((g) => [g.name, g.inputs.capacityType, g.inputs.amiType]);
    assert.deepEqual(groups.sort(), [
      ["ml-cluster-cpu-1", "ON_DEMAND", "AL2023_x86_64_STANDARD"],
      ["ml-cluster-l4-spot-1", "SPOT", "AL2023_x86_64_NVIDIA"],
      ["ml-cluster-l4-spot-1-fallback", "ON_DEMAND", "AL2023_x86_64_NVIDIA"],
      ["ml-cluster-system", "ON_DEMAND", "AL2023_x86_64_STANDARD"],
    ]);
  });

  it("puts the CPU service's pods on the CPU pool by its label, with no toleration", () => {
    const pod = podSpec(run, "api");
    assert.deepEqual(pod.nodeSelector, { "ml-clusters.io/pool": "cpu-1" });
    assert.deepEqual(pod.tolerations, []);
    assert.equal(pod.affinity, undefined);
  });

  it("lets the Spot service's pods land on the Spot pool or its fallback, tolerating the GPU taint", () => {
    const pod = podSpec(run, "chat");
    assert.deepEqual(pod.nodeSelector, {});
    assert.deepEqual(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, {
      nodeSelectorTerms: [{ matchExpressions: [{ key: "ml-clusters.io/pool", operator: "In", values: ["l4-spot-1", "l4-spot-1-fallback"] }] }],
    });
    assert.deepEqual(pod.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });
});
