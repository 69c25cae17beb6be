import assert from "node:assert/strict";
import { FakeCluster, fakePools } from "../../../components/cluster/fake";
import { POOL_LABEL } from "../../../components/cluster/contract";
import { SpecError } from "../../../components/spec/errors";
import type { CapacityPlan } from "../../../components/capacity/types";
import { input, isSecretValue, one, render, unwrapSecrets } from "../../helpers/mocks";
import { k8sPool, POOLS } from "../k8s/fixtures";

describe("FakeCluster", () => {
  it("registers only itself and an explicit Kubernetes provider pinned to a fake cluster identity", async () => {
    const run = await render(() => {
      new FakeCluster("dev", { pools: POOLS });
    });
    assert.deepEqual(run.resources.map((r) => r.type).sort(), ["ml-clusters:cluster:FakeCluster", "pulumi:providers:kubernetes"]);
    const provider = one(run, "pulumi:providers:kubernetes");
    assert.equal(provider.parent, one(run, "ml-clusters:cluster:FakeCluster").urn);
    assert.equal(input(provider, "clusterIdentifier"), "fake-dev");
    assert.ok(isSecretValue(provider.inputs.kubeconfig), "the kubeconfig goes to the engine as a secret");
    const kubeconfig = unwrapSecrets(provider.inputs.kubeconfig) as string;
    assert.match(kubeconfig, /server: "https:\/\/dev\.fake-cluster\.invalid"/);
    assert.match(kubeconfig, /current-context: dev/);
  });

  it("places pods on a pool by the pool label and tolerates every taint of the pool", async () => {
    let cluster: FakeCluster | undefined;
    await render(() => {
      cluster = new FakeCluster("dev", { pools: POOLS, extraTaints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }] });
    });
    const l4 = cluster!.pools["l4-1"];
    assert.deepEqual(l4.nodeSelector, { [POOL_LABEL]: "l4-1" });
    assert.deepEqual(l4.labels, { [POOL_LABEL]: "l4-1", "ml-clusters.io/gpu": "l4" });
    assert.deepEqual(l4.taints, [
      { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
      { key: "sku", value: "gpu", effect: "NoSchedule" },
    ]);
    assert.deepEqual(l4.tolerations, [
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
      { key: "sku", operator: "Exists", effect: "NoSchedule" },
    ]);
    assert.equal(cluster!.pools["a100-1"].gpusPerNode, 8);
    assert.deepEqual(Object.keys(cluster!.pools).sort(), ["a100-1", "l4-1"]);
    assert.equal(cluster!.clusterResource, cluster);
    assert.deepEqual(cluster!.gpuDriver, { driverRoot: "/", devicePluginManaged: false });
  });

  it("reports its internal load balancers' sources: the default network, the ones given, or none", async () => {
    const built: FakeCluster[] = [];
    await render(() => {
      built.push(new FakeCluster("a", { pools: POOLS }));
      built.push(new FakeCluster("b", { pools: POOLS, internalLoadBalancerSourceRanges: ["192.168.0.0/16"] }));
      built.push(new FakeCluster("c", { pools: POOLS, internalLoadBalancerSourceRanges: null }));
    });
    assert.deepEqual(
      built.map((c) => c.internalLoadBalancerSourceRanges),
      [["10.0.0.0/16"], ["192.168.0.0/16"], undefined],
    );
  });

  it("takes its pools from a capacity plan", () => {
    const plan = { pools: [k8sPool({ name: "h100-1", gpu: "h100", gpusPerNode: 8 })] } as unknown as CapacityPlan;
    assert.deepEqual(
      fakePools({ plan }).map((p) => p.name),
      ["h100-1"],
    );
  });

  it("rejects pools given both through a plan and a list, and two pools with one name", () => {
    const plan = { pools: [k8sPool(), k8sPool()] } as unknown as CapacityPlan;
    assert.throws(
      () => fakePools({ plan, pools: [k8sPool()] }),
      (e: unknown) => {
        assert.ok(e instanceof SpecError);
        assert.deepEqual(e.problems, [
          { path: "pools", message: "give the pools through plan or pools, not both; drop one of them" },
          { path: "pools[1].name", message: '"l4-1" names two pools; pool names must be unique' },
        ]);
        return true;
      },
    );
  });
});
