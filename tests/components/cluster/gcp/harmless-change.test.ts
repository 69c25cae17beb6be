import assert from "node:assert/strict";
import { GCP_FORCE_NEW } from "../../../../components/cluster/gcp";
import type { ValidService, ValidSpec } from "../../../../components/spec/types";
import { MockRun, input, one, unwrapSecrets } from "../../../helpers/mocks";
import { validNamespace, validService } from "../../../helpers/builders";
import { CPU_POOL, gcpPlan, gcpPool, gcpSpec, gkeArgs, gs, MIXED_POOLS, renderGke, renderGkeWithIdentities, SPOT_PAIR, TWO_POOLS } from "./fixtures";

/** Every ForceNew input that differs between two renders, as `type name path`. */
function forceNewChanges(before: MockRun, after: MockRun): string[] {
  const changes: string[] = [];
  for (const b of before.resources) {
    const paths = GCP_FORCE_NEW[b.type];
    if (paths === undefined) continue;
    const a = after.resources.find((r) => r.urn === b.urn);
    if (a === undefined) {
      changes.push(`${b.type} ${b.name} removed`);
      continue;
    }
    for (const path of paths) {
      if (JSON.stringify(unwrapSecrets(input(b, path))) !== JSON.stringify(unwrapSecrets(input(a, path)))) changes.push(`${b.type} ${b.name} ${path}`);
    }
  }
  return changes;
}

function chat(replicasMax: number, env: Record<string, string> = {}): ValidService {
  return validService({ replicas: { min: 1, max: replicasMax }, env });
}

function specWith(overrides: Partial<ValidSpec>): ValidSpec {
  return gcpSpec({
    apiAccess: { allowedCidrs: ["203.0.113.0/24"] },
    namespaces: [validNamespace()],
    services: [chat(3)],
    ...overrides,
  });
}

describe("GkeCluster under harmless changes", () => {
  let base: MockRun;
  before(async () => {
    base = await renderGke(gkeArgs({ spec: specWith({}), plan: gcpPlan(TWO_POOLS) }));
  });

  it("keeps a ForceNew table for the cluster and the node pools", () => {
    assert.ok(GCP_FORCE_NEW["gcp:container/cluster:Cluster"].includes("datapathProvider"));
    assert.ok(GCP_FORCE_NEW["gcp:container/nodePool:NodePool"].includes("nodeConfig.guestAccelerators"));
  });

  it("changes no replacement-forcing input when replicas grow and the pool's bounds follow", async () => {
    const pools = [gcpPool({ maxNodes: 5 }), TWO_POOLS[1]];
    const after = await renderGke(gkeArgs({ spec: specWith({ services: [chat(5)] }), plan: gcpPlan(pools) }));
    assert.deepEqual(forceNewChanges(base, after), []);
    const pool = after.resources.find((r) => r.name === "ml-dev-gpu-l4-1")!;
    assert.equal(input(pool, "autoscaling.totalMaxNodeCount"), 5, "the change itself does reach the pool");
  });

  it("changes no replacement-forcing input for a new namespace, a workload label or a new authorised network", async () => {
    const after = await renderGke(
      gkeArgs({
        spec: specWith({
          namespaces: [validNamespace(), validNamespace({ name: "prod", groups: ["ml-prod"] })],
          services: [chat(3, { LOG_LEVEL: "debug" })],
          apiAccess: { allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] },
        }),
        plan: gcpPlan(TWO_POOLS),
      }),
    );
    assert.deepEqual(forceNewChanges(base, after), []);
  });

  it("changes no replacement-forcing input when a VPN range is added or the list turns private and closes the public endpoint", async () => {
    const withVpn = await renderGke(gkeArgs({ spec: specWith({ apiAccess: { allowedCidrs: ["203.0.113.0/24", "10.20.0.0/16"] } }), plan: gcpPlan(TWO_POOLS) }));
    assert.deepEqual(forceNewChanges(base, withVpn), []);
    const vpnOnly = await renderGke(gkeArgs({ spec: specWith({ apiAccess: { allowedCidrs: ["10.20.0.0/16"] } }), plan: gcpPlan(TWO_POOLS) }));
    assert.deepEqual(forceNewChanges(base, vpnOnly), []);
    const cluster = vpnOnly.resources.find((r) => r.type === "gcp:container/cluster:Cluster")!;
    assert.equal(input(cluster, "privateClusterConfig.enablePrivateEndpoint"), true, "the change itself does reach the cluster");
  });

  it("changes no replacement-forcing input of existing pools when a pool is added or the system pool grows", async () => {
    const pools = [...TWO_POOLS, gcpPool({ name: "l4-2", spot: true, minNodes: 0, maxNodes: 2 })];
    const after = await renderGke(gkeArgs({ spec: specWith({ systemPool: { instanceType: "e2-standard-4", minNodes: 3, maxNodes: 6 } }), plan: gcpPlan(pools) }));
    assert.deepEqual(forceNewChanges(base, after), []);
    assert.equal(after.resources.filter((r) => r.type === "gcp:container/nodePool:NodePool").length, 4);
  });

  it("reports the node pool replacement when a pool's GPU or capacity type changes", async () => {
    const pools = [gcpPool({ gpu: "a100-40gb", instanceType: "a2-highgpu-1g", spot: true }), TWO_POOLS[1]];
    const after = await renderGke(gkeArgs({ spec: specWith({}), plan: gcpPlan(pools) }));
    assert.deepEqual(forceNewChanges(base, after), [
      "gcp:container/nodePool:NodePool ml-dev-gpu-l4-1 nodeConfig.guestAccelerators",
      "gcp:container/nodePool:NodePool ml-dev-gpu-l4-1 nodeConfig.spot",
    ]);
  });

  it("reports the cluster replacement when the network changes", async () => {
    const after = await renderGke(gkeArgs({ spec: specWith({ network: { cidr: "10.8.0.0/16" } }), plan: gcpPlan(TWO_POOLS) }));
    assert.ok(forceNewChanges(base, after).includes("gcp:container/cluster:Cluster ml-dev privateClusterConfig.masterIpv4CidrBlock"));
  });

  describe("of identity: access, members, Google Groups for RBAC and registries", () => {
    const weights = { read: [gs("weights", "models/llama")], write: [] };
    let identityBase: MockRun;
    let withAccess: MockRun;
    before(async () => {
      identityBase = await renderGkeWithIdentities(gkeArgs({ spec: specWith({}), plan: gcpPlan(TWO_POOLS) }));
      withAccess = await renderGkeWithIdentities(gkeArgs({ spec: specWith({ services: [validService({ replicas: { min: 1, max: 3 }, access: weights })] }), plan: gcpPlan(TWO_POOLS) }));
    });

    it("changes no replacement-forcing input when a workload gains access", () => {
      assert.deepEqual(forceNewChanges(identityBase, withAccess), []);
      assert.equal(input(one(withAccess, "gcp:storage/bucketIAMMember:BucketIAMMember"), "bucket"), "weights", "the change itself does reach the grants");
    });

    it("removes only the workload's grant when it loses access", () => {
      assert.deepEqual(forceNewChanges(withAccess, identityBase), ["gcp:storage/bucketIAMMember:BucketIAMMember ml-dev-research-chat-weights-objectViewer removed"]);
    });

    it("replaces only the workload's bucket grant when its folders change: an IAM condition is ForceNew", async () => {
      const access = { read: [gs("weights", "models/llama"), gs("weights", "tokenizers")], write: [] };
      const after = await renderGkeWithIdentities(gkeArgs({ spec: specWith({ services: [validService({ replicas: { min: 1, max: 3 }, access })] }), plan: gcpPlan(TWO_POOLS) }));
      assert.deepEqual(forceNewChanges(withAccess, after), ["gcp:storage/bucketIAMMember:BucketIAMMember ml-dev-research-chat-weights-objectViewer condition"]);
    });

    it("changes no replacement-forcing input when members and Google Groups for RBAC are added", async () => {
      const spec = specWith({ googleGroupsForRbac: "gke-security-groups@example.com", namespaces: [validNamespace({ members: ["group:ml@example.com", "user:ada@example.com"] })] });
      const after = await renderGkeWithIdentities(gkeArgs({ spec, plan: gcpPlan(TWO_POOLS) }));
      assert.deepEqual(forceNewChanges(identityBase, after), []);
      const cluster = one(after, "gcp:container/cluster:Cluster");
      assert.deepEqual(input(cluster, "authenticatorGroupsConfig"), { securityGroup: "gke-security-groups@example.com" }, "the change itself does reach the cluster");
    });

    it("removes only the member's grant when a member leaves", async () => {
      const twoMembers = await renderGkeWithIdentities(gkeArgs({ spec: specWith({ namespaces: [validNamespace({ members: ["user:ada@example.com", "user:bob@example.com"] })] }), plan: gcpPlan(TWO_POOLS) }));
      const oneMember = await renderGkeWithIdentities(gkeArgs({ spec: specWith({ namespaces: [validNamespace({ members: ["user:ada@example.com"] })] }), plan: gcpPlan(TWO_POOLS) }));
      assert.deepEqual(forceNewChanges(twoMembers, oneMember), ["gcp:projects/iAMMember:IAMMember ml-dev-viewer-user-bob@example.com removed"]);
    });

    it("removes only the project-wide image pull grant when registries are listed", async () => {
      const registries = [{ written: "us-docker.pkg.dev/ml-images/serving", imagePrefix: "us-docker.pkg.dev/ml-images/serving/", project: "ml-images", location: "us", repository: "serving" }];
      const after = await renderGkeWithIdentities(gkeArgs({ spec: specWith({ registries }), plan: gcpPlan(TWO_POOLS) }));
      assert.deepEqual(forceNewChanges(identityBase, after), ["gcp:projects/iAMMember:IAMMember ml-dev-nodes-artifactregistry-reader removed"]);
    });
  });

  describe("with CPU, spot and fallback pools", () => {
    let mixed: MockRun;
    before(async () => {
      mixed = await renderGke(gkeArgs({ spec: specWith({}), plan: gcpPlan(MIXED_POOLS) }));
    });

    it("changes no replacement-forcing input when every pool's bounds follow new replicas", async () => {
      const pools = MIXED_POOLS.map((p) => ({ ...p, maxNodes: p.maxNodes + 2 }));
      const after = await renderGke(gkeArgs({ spec: specWith({ services: [chat(5)] }), plan: gcpPlan(pools) }));
      assert.deepEqual(forceNewChanges(mixed, after), []);
      assert.equal(input(after.resources.find((r) => r.name === "ml-dev-cpu-cpu-1")!, "autoscaling.totalMaxNodeCount"), 4, "the change itself does reach the pool");
    });

    it("changes no replacement-forcing input for a new namespace, a workload label or a new authorised network", async () => {
      const after = await renderGke(
        gkeArgs({
          spec: specWith({
            namespaces: [validNamespace(), validNamespace({ name: "prod", groups: ["ml-prod"] })],
            services: [chat(3, { LOG_LEVEL: "debug" })],
            apiAccess: { allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] },
          }),
          plan: gcpPlan(MIXED_POOLS),
        }),
      );
      assert.deepEqual(forceNewChanges(mixed, after), []);
    });

    it("changes no replacement-forcing input of a spot pool when it gains a fallback: the class label and taint update in place", async () => {
      const before = await renderGke(gkeArgs({ spec: specWith({}), plan: gcpPlan([SPOT_PAIR[0]]) }));
      const after = await renderGke(gkeArgs({ spec: specWith({}), plan: gcpPlan(SPOT_PAIR) }));
      assert.deepEqual(forceNewChanges(before, after), []);
      const spot = after.resources.find((r) => r.name === "ml-dev-gpu-l4-spot-1")!;
      assert.equal(input(spot, "nodeConfig.labels")["cloud.google.com/compute-class"], "l4-spot-1", "the change itself does reach the pool");
    });

    it("changes no replacement-forcing input of existing pools when a CPU pool is added", async () => {
      const after = await renderGke(gkeArgs({ spec: specWith({}), plan: gcpPlan([...MIXED_POOLS, { ...CPU_POOL, name: "cpu-2", instanceType: "n2-highmem-4" }]) }));
      assert.deepEqual(forceNewChanges(mixed, after), []);
    });

    it("reports the node pool replacement when a CPU pool turns spot", async () => {
      const pools = MIXED_POOLS.map((p) => (p.name === "cpu-1" ? { ...p, spot: true } : p));
      const after = await renderGke(gkeArgs({ spec: specWith({}), plan: gcpPlan(pools) }));
      assert.deepEqual(forceNewChanges(mixed, after), ["gcp:container/nodePool:NodePool ml-dev-cpu-cpu-1 nodeConfig.spot"]);
    });
  });
});
