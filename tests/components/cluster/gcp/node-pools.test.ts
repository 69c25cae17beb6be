import assert from "node:assert/strict";
import { GKE_NODE_POOL_IGNORE_CHANGES, GkeCluster, gkePoolPlacement } from "../../../../components/cluster/gcp";
import { nodePoolPrefix } from "../../../../components/cluster/gcp/gke-facts";
import { findInstanceType } from "../../../../components/catalog";
import { MockRun, input, ofType, one } from "../../../helpers/mocks";
import { gcpPool, gcpSpec, gkeArgs, renderGke, TWO_POOLS, valueOf } from "./fixtures";

const POOL = "gcp:container/nodePool:NodePool";

describe("GkeCluster node pools", () => {
  let run: MockRun;
  let component: GkeCluster;

  before(async () => {
    const out: { cluster?: GkeCluster } = {};
    run = await renderGke(gkeArgs(), { out });
    component = out.cluster!;
  });

  it("creates one pool per planned GPU pool plus the system pool, each a separate resource", async () => {
    assert.deepEqual(ofType(run, POOL).map((p) => p.name), ["ml-dev-gpu-l4-1", "ml-dev-gpu-train", "ml-dev-system"]);
    const cluster = one(run, "gcp:container/cluster:Cluster");
    const clusterName = await valueOf(component.name);
    ofType(run, POOL).forEach((p) => {
      assert.equal(input(p, "cluster"), clusterName, p.name);
      assert.equal(input(p, "location"), "us-central1", p.name);
      assert.equal(input(p, "name"), undefined, "no fixed name: a replacement must not collide");
      assert.equal(p.parent, cluster.parent);
    });
  });

  it("puts the planned machine type, accelerator and managed driver on each GPU pool", () => {
    const l4 = one(run, POOL, "ml-dev-gpu-l4-1");
    assert.equal(input(l4, "nodeConfig.machineType"), "g2-standard-8");
    assert.deepEqual(input(l4, "nodeConfig.guestAccelerators"), [{ type: "nvidia-l4", count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }]);
    const train = one(run, POOL, "ml-dev-gpu-train");
    assert.equal(input(train, "nodeConfig.machineType"), "a2-ultragpu-8g");
    assert.deepEqual(input(train, "nodeConfig.guestAccelerators"), [{ type: "nvidia-a100-80gb", count: 8, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }]);
  });

  it("takes the GPU driver version from the args", async () => {
    const other = await renderGke(gkeArgs({ gpuDriverVersion: "DEFAULT" }, [gcpPool()]));
    assert.equal(input(one(other, POOL, "ml-dev-gpu-l4-1"), "nodeConfig.guestAccelerators")[0].gpuDriverInstallationConfig.gpuDriverVersion, "DEFAULT");
  });

  it("gives the GKE autoscaler the plan's total bounds, from zero where planned, in any zone with capacity", () => {
    assert.deepEqual(input(one(run, POOL, "ml-dev-gpu-l4-1"), "autoscaling"), { totalMinNodeCount: 1, totalMaxNodeCount: 3, locationPolicy: "ANY" });
    assert.deepEqual(input(one(run, POOL, "ml-dev-gpu-train"), "autoscaling"), { totalMinNodeCount: 0, totalMaxNodeCount: 2, locationPolicy: "ANY" });
    assert.deepEqual(input(one(run, POOL, "ml-dev-system"), "autoscaling"), { totalMinNodeCount: 2, totalMaxNodeCount: 4, locationPolicy: "BALANCED" });
    ofType(run, POOL).forEach((p) => assert.equal(input(p, "nodeCount"), undefined, p.name));
  });

  it("leaves node pools to the plan (no auto-provisioning) and removes idle nodes quickly", () => {
    assert.deepEqual(input(one(run, "gcp:container/cluster:Cluster"), "clusterAutoscaling"), { enabled: false, autoscalingProfile: "OPTIMIZE_UTILIZATION" });
  });

  it("starts GPU pools empty and the system pool with a node per zone", () => {
    assert.equal(input(one(run, POOL, "ml-dev-gpu-l4-1"), "initialNodeCount"), 0);
    assert.equal(input(one(run, POOL, "ml-dev-gpu-train"), "initialNodeCount"), 0);
    assert.equal(input(one(run, POOL, "ml-dev-system"), "initialNodeCount"), 1);
  });

  it("ignores the autoscaler's node count, the initial count and the channel's version", () => {
    ofType(run, POOL).forEach((p) => assert.deepEqual(p.options.ignoreChanges, ["nodeCount", "initialNodeCount", "version"], p.name));
    assert.deepEqual(GKE_NODE_POOL_IGNORE_CHANGES, ["nodeCount", "initialNodeCount", "version"]);
  });

  it("places GPU pools only in zones whose Compute Engine offers the machine type", () => {
    // The fake offers GPU families in zones a-c of a region, not in zone f.
    assert.deepEqual(input(one(run, POOL, "ml-dev-gpu-l4-1"), "nodeLocations"), ["us-central1-a", "us-central1-b", "us-central1-c"]);
    assert.equal(input(one(run, POOL, "ml-dev-system"), "nodeLocations"), undefined);
  });

  it("labels and taints GPU nodes, with the taint in GKE's enum spelling", () => {
    const l4 = one(run, POOL, "ml-dev-gpu-l4-1");
    assert.deepEqual(input(l4, "nodeConfig.labels"), { "ml-clusters.io/pool": "l4-1", "ml-clusters.io/gpu": "l4" });
    assert.deepEqual(input(l4, "nodeConfig.taints"), [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
    const system = one(run, POOL, "ml-dev-system");
    assert.deepEqual(input(system, "nodeConfig.labels"), { "ml-clusters.io/pool": "system" });
    assert.equal(input(system, "nodeConfig.taints"), undefined);
    assert.equal(input(system, "nodeConfig.guestAccelerators"), undefined);
  });

  it("runs Spot pools on Spot VMs and on-demand pools on on-demand VMs", () => {
    assert.equal(input(one(run, POOL, "ml-dev-gpu-train"), "nodeConfig.spot"), true);
    assert.equal(input(one(run, POOL, "ml-dev-gpu-l4-1"), "nodeConfig.spot"), false);
    assert.equal(input(one(run, POOL, "ml-dev-gpu-train"), "nodeConfig.preemptible"), undefined);
  });

  it("sizes boot disks for model images: 200 GB pd-ssd on GPU nodes, hyperdisk on A3 Ultra, 100 GB pd-balanced on system nodes", async () => {
    for (const name of ["ml-dev-gpu-l4-1", "ml-dev-gpu-train"]) {
      const p = one(run, POOL, name);
      assert.equal(input(p, "nodeConfig.diskType"), "pd-ssd", name);
      assert.equal(input(p, "nodeConfig.diskSizeGb"), 200, name);
    }
    const system = one(run, POOL, "ml-dev-system");
    assert.equal(input(system, "nodeConfig.diskType"), "pd-balanced");
    assert.equal(input(system, "nodeConfig.diskSizeGb"), 100);
    assert.equal(input(system, "nodeConfig.machineType"), "e2-standard-4");
    const h200 = await renderGke(gkeArgs({}, [gcpPool({ name: "h200", gpu: "h200", instanceType: "a3-ultragpu-8g", gpusPerNode: 8, minNodes: 0, maxNodes: 1 })]));
    assert.equal(input(one(h200, POOL, "ml-dev-gpu-h200"), "nodeConfig.diskType"), "hyperdisk-balanced");
  });

  it("hardens every node: dedicated account, shielded VM with Secure Boot, COS, no legacy metadata, auto-repair and upgrade", () => {
    for (const p of ofType(run, POOL)) {
      assert.equal(input(p, "nodeConfig.serviceAccount"), "ml-dev-nodes@ml-clusters-project.iam.gserviceaccount.com", p.name);
      assert.deepEqual(input(p, "nodeConfig.oauthScopes"), ["https://www.googleapis.com/auth/cloud-platform"], p.name);
      assert.deepEqual(input(p, "nodeConfig.shieldedInstanceConfig"), { enableSecureBoot: true, enableIntegrityMonitoring: true }, p.name);
      assert.equal(input(p, "nodeConfig.imageType"), "COS_CONTAINERD", p.name);
      assert.deepEqual(input(p, "nodeConfig.metadata"), { "disable-legacy-endpoints": "true" }, p.name);
      assert.deepEqual(input(p, "management"), { autoRepair: true, autoUpgrade: true }, p.name);
    }
  });

  it("upgrades GPU pools one node at a time without surge capacity, the system pool with one surge node", () => {
    assert.deepEqual(input(one(run, POOL, "ml-dev-gpu-l4-1"), "upgradeSettings"), { strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 });
    assert.deepEqual(input(one(run, POOL, "ml-dev-system"), "upgradeSettings"), { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 });
  });

  it("prefixes pool names so that GKE's 40 characters hold the 26-character suffix", () => {
    assert.equal(input(one(run, POOL, "ml-dev-gpu-l4-1"), "namePrefix"), "l4-1-");
    assert.equal(input(one(run, POOL, "ml-dev-system"), "namePrefix"), "system-");
    assert.equal(nodePoolPrefix("a100-80gb-training-pool"), "a100-80gb-tra-");
    assert.equal(nodePoolPrefix("inference-l4-x"), "inference-l4-");
    assert.ok(nodePoolPrefix("a".repeat(63)).length <= 14);
  });

  describe("placements", () => {
    it("lists every label and taint the GPU nodes carry, GKE's accelerator and Spot labels included", () => {
      assert.deepEqual(component.pools["train"], {
        pool: "train",
        gpu: "a100-80gb",
        gpusPerNode: 8,
        instanceType: "a2-ultragpu-8g",
        labels: {
          "ml-clusters.io/pool": "train",
          "ml-clusters.io/gpu": "a100-80gb",
          "cloud.google.com/gke-accelerator": "nvidia-a100-80gb",
          "cloud.google.com/gke-spot": "true",
        },
        taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
        nodeSelector: { "ml-clusters.io/pool": "train" },
        tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      });
      assert.deepEqual(Object.keys(component.pools).sort(), ["l4-1", "train"]);
      assert.equal(component.pools["l4-1"].labels["cloud.google.com/gke-spot"], undefined);
    });

    it("lists GKE's own GPU taint once, since the pool sets the same one", () => {
      const placement = gkePoolPlacement(TWO_POOLS[0], findInstanceType("gcp", "g2-standard-8")!);
      assert.equal(placement.taints.filter((t) => t.key === "nvidia.com/gpu").length, 1);
    });

    it("keeps every label the node pool sets in the placement", () => {
      for (const [i, pool] of TWO_POOLS.entries()) {
        const labels = input(one(run, POOL, `ml-dev-gpu-${pool.name}`), "nodeConfig.labels") as Record<string, string>;
        for (const [k, v] of Object.entries(labels)) assert.equal(component.pools[pool.name].labels[k], v, `${i}: ${k}`);
      }
    });
  });

  it("renders a cluster with no GPU pools: the system pool alone", async () => {
    const none = await renderGke(gkeArgs({ spec: gcpSpec() }, []));
    assert.deepEqual(ofType(none, POOL).map((p) => p.name), ["ml-dev-system"]);
  });
});
