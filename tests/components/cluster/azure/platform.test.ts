import assert from "node:assert/strict";
import { MlPlatform } from "../../../../components/platform";
import { POOL_LABEL } from "../../../../components/cluster/contract";
import { MockRun, RecordedResource, input, ofType, one, render } from "../../../helpers/mocks";

/** An Azure platform with a CPU service and a spot CPU service, built on AksCluster (the default factory). */
const SPEC = {
  name: "ml-azure",
  cloud: "azure",
  region: "eastus",
  namespaces: [{ name: "team-a" }],
  services: [
    { name: "api", namespace: "team-a", image: "registry.example.com/api:1.0", port: 8080, cpu: 3.5, memory: "8Gi", replicas: { min: 2, max: 6 } },
    { name: "batch", namespace: "team-a", image: "registry.example.com/batch:1.0", port: 8080, cpu: 2, memory: "8Gi", replicas: { min: 2, max: 4 }, spot: true },
  ],
};

function podSpec(run: MockRun, service: string): Record<string, any> {
  const deployment = ofType(run, "kubernetes:apps/v1:Deployment").find((d: RecordedResource) => (d.inputs as any).metadata?.name === service);
  assert.ok(deployment, `a Deployment for ${service}`);
  return (deployment.inputs as any).spec.template.spec;
}

describe("MlPlatform on AKS with CPU and spot workloads (mock engine)", () => {
  let run: MockRun;
  let platform!: MlPlatform;
  before(async () => {
    run = await render(() => {
      platform = new MlPlatform("ml", { spec: SPEC });
    });
  });

  it("plans a CPU pool and a CPU spot pool with its fallback, and creates an agent pool for each", () => {
    const pools = platform.capacityPlan.pools.map((p) => [p.name, p.gpu, p.spot, p.fallbackFor]);
    assert.deepEqual(pools, [
      ["cpu-1", null, false, undefined],
      ["cpu-spot-1", null, true, undefined],
      ["cpu-spot-1-fallback", null, false, "cpu-spot-1"],
    ]);
    const agentPools = ofType(run, "azure-native:containerservice:AgentPool");
    assert.deepEqual(
      agentPools.map((r) => [input(r, "nodeLabels"), input(r, "scaleSetPriority")]),
      [
        [{ [POOL_LABEL]: "cpu-1" }, "Regular"],
        [{ [POOL_LABEL]: "cpu-spot-1" }, "Spot"],
        [{ [POOL_LABEL]: "cpu-spot-1-fallback" }, "Regular"],
      ],
    );
  });

  it("puts the CPU service's pods on its CPU pool by the pool label, with no toleration", () => {
    const pod = podSpec(run, "api");
    assert.deepEqual(pod.nodeSelector, { [POOL_LABEL]: "cpu-1" });
    assert.equal(pod.affinity, undefined);
    assert.deepEqual(pod.tolerations, []);
  });

  it("lets the spot service's pods land on the spot pool or its fallback, tolerating AKS's Spot taint", () => {
    const pod = podSpec(run, "batch");
    assert.deepEqual(pod.nodeSelector, {});
    assert.deepEqual(pod.affinity, {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: POOL_LABEL, operator: "In", values: ["cpu-spot-1", "cpu-spot-1-fallback"] }] }],
        },
      },
    });
    assert.deepEqual(pod.tolerations, [{ key: "kubernetes.azure.com/scalesetpriority", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("has the autoscaler prefer the spot pool through the priority expander", () => {
    const profile = input(one(run, "azure-native:containerservice:ManagedCluster"), "autoScalerProfile") as Record<string, string>;
    assert.equal(profile.expander, "priority");
    assert.equal(ofType(run, "kubernetes:core/v1:ConfigMap").filter((c) => (c.inputs as any).metadata?.name === "cluster-autoscaler-priority-expander").length, 1);
  });
});
