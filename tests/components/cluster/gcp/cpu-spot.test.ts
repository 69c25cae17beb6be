/**
 * CPU pools, spot pools and their on-demand fallbacks on GKE: the node pools, the compute class
 * that makes the autoscaler prefer spot, and what the contract tells the Kubernetes layer.
 */
import assert from "node:assert/strict";
import { GkeCluster, computeClassSpec } from "../../../../components/cluster/gcp";
import { stableSuffix } from "../../../../cli/engine/answers/types";
import { MockRun, input, ofType, one } from "../../../helpers/mocks";
import { computeClassShapeProblems } from "./compute-class-schema";
import { CPU_POOL, gcpPool, gkeArgs, MIXED_POOLS, renderGke } from "./fixtures";

const POOL = "gcp:container/nodePool:NodePool";
const CLASS = "kubernetes:cloud.google.com/v1:ComputeClass";
const GPU_TOLERATION = { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" };

describe("GkeCluster CPU and spot pools", () => {
  let run: MockRun;
  let component: GkeCluster;

  before(async () => {
    const out: { cluster?: GkeCluster } = {};
    run = await renderGke(gkeArgs({}, MIXED_POOLS), { out });
    component = out.cluster!;
  });

  it("creates a node pool per planned pool, CPU pools under their own resource name", () => {
    assert.deepEqual(
      ofType(run, POOL).map((p) => p.name),
      ["ml-dev-cpu-cpu-1", "ml-dev-cpu-cpu-spot-1", "ml-dev-cpu-cpu-spot-1-fallback", "ml-dev-gpu-l4-1", "ml-dev-gpu-l4-spot-1", "ml-dev-gpu-l4-spot-1-fallback", "ml-dev-system"],
    );
  });

  it("builds a CPU pool on its N2 machine without accelerator or GPU taint, with the plan's bounds", () => {
    const cpu = one(run, POOL, "ml-dev-cpu-cpu-1");
    assert.equal(input(cpu, "nodeConfig.machineType"), "n2-standard-4");
    assert.equal(input(cpu, "nodeConfig.guestAccelerators"), undefined);
    assert.equal(input(cpu, "nodeConfig.spot"), false);
    assert.deepEqual(input(cpu, "nodeConfig.labels"), { "ml-clusters.io/pool": "cpu-1" });
    assert.deepEqual(input(cpu, "nodeConfig.taints"), []);
    assert.equal(input(cpu, "nodeConfig.diskType"), "pd-balanced");
    assert.equal(input(cpu, "nodeConfig.diskSizeGb"), 100);
    assert.deepEqual(input(cpu, "autoscaling"), { totalMinNodeCount: 1, totalMaxNodeCount: 2, locationPolicy: "ANY" });
    assert.equal(input(cpu, "initialNodeCount"), 0);
    assert.equal(input(cpu, "namePrefix"), "cpu-1-");
    assert.deepEqual(input(cpu, "upgradeSettings"), { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 });
  });

  it("places CPU pools in every zone offering N2, unlike GPU families the fake keeps out of zone f", () => {
    assert.deepEqual(input(one(run, POOL, "ml-dev-cpu-cpu-1"), "nodeLocations"), ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]);
  });

  it("hardens CPU, spot and fallback pools like GPU pools and leaves the autoscaler's fields alone", () => {
    for (const p of ofType(run, POOL)) {
      assert.equal(input(p, "nodeConfig.serviceAccount"), "ml-dev-nodes@ml-clusters-project.iam.gserviceaccount.com", p.name);
      assert.deepEqual(input(p, "nodeConfig.shieldedInstanceConfig"), { enableSecureBoot: true, enableIntegrityMonitoring: true }, p.name);
      assert.deepEqual(input(p, "nodeConfig.workloadMetadataConfig"), { mode: "GKE_METADATA" }, p.name);
      assert.equal(input(p, "nodeConfig.imageType"), "COS_CONTAINERD", p.name);
      assert.ok(String(input(p, "nodeConfig.bootDiskKmsKey")).length > 0, p.name);
      assert.deepEqual(input(p, "nodeConfig.metadata"), { "disable-legacy-endpoints": "true" }, p.name);
      assert.deepEqual(p.options.ignoreChanges, ["nodeCount", "initialNodeCount", "version"], p.name);
    }
  });

  it("runs a spot pool on Spot VMs and its fallback on demand, both joined to the spot pool's compute class by label and taint", () => {
    const spot = one(run, POOL, "ml-dev-gpu-l4-spot-1");
    const fallback = one(run, POOL, "ml-dev-gpu-l4-spot-1-fallback");
    assert.equal(input(spot, "nodeConfig.spot"), true);
    assert.equal(input(fallback, "nodeConfig.spot"), false);
    assert.equal(input(fallback, "nodeConfig.machineType"), "g2-standard-8");
    assert.deepEqual(input(fallback, "autoscaling"), { totalMinNodeCount: 0, totalMaxNodeCount: 3, locationPolicy: "ANY" });
    assert.deepEqual(input(spot, "nodeConfig.labels"), { "ml-clusters.io/pool": "l4-spot-1", "ml-clusters.io/gpu": "l4", "cloud.google.com/compute-class": "l4-spot-1" });
    assert.deepEqual(input(fallback, "nodeConfig.labels"), { "ml-clusters.io/pool": "l4-spot-1-fallback", "ml-clusters.io/gpu": "l4", "cloud.google.com/compute-class": "l4-spot-1" });
    const taints = [
      { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" },
      { key: "cloud.google.com/compute-class", value: "l4-spot-1", effect: "NO_SCHEDULE" },
    ];
    assert.deepEqual(input(spot, "nodeConfig.taints"), taints);
    assert.deepEqual(input(fallback, "nodeConfig.taints"), taints);
  });

  it("gives a CPU spot pool and its fallback the compute class taint alone", () => {
    const taints = [{ key: "cloud.google.com/compute-class", value: "cpu-spot-1", effect: "NO_SCHEDULE" }];
    assert.equal(input(one(run, POOL, "ml-dev-cpu-cpu-spot-1"), "nodeConfig.spot"), true);
    assert.deepEqual(input(one(run, POOL, "ml-dev-cpu-cpu-spot-1"), "nodeConfig.taints"), taints);
    assert.equal(input(one(run, POOL, "ml-dev-cpu-cpu-spot-1-fallback"), "nodeConfig.spot"), false);
    assert.deepEqual(input(one(run, POOL, "ml-dev-cpu-cpu-spot-1-fallback"), "nodeConfig.taints"), taints);
  });

  it("creates one compute class per spot pool that scales the spot pool first, then the fallback, and never creates pools", () => {
    const classes = ofType(run, CLASS);
    assert.deepEqual(classes.map((c) => c.name).sort(), ["ml-dev-class-cpu-spot-1", "ml-dev-class-l4-spot-1"]);
    const l4 = one(run, CLASS, "ml-dev-class-l4-spot-1");
    // The GKE names the fake engine gives the two node pools: their prefix and a generated suffix.
    const spotName = `l4-spot-1-${stableSuffix("ml-dev-gpu-l4-spot-1")}${"0".repeat(19)}`;
    const fallbackName = `l4-spot-1-fal-${stableSuffix("ml-dev-gpu-l4-spot-1-fallback")}${"0".repeat(19)}`;
    assert.deepEqual(l4.inputs, {
      apiVersion: "cloud.google.com/v1",
      kind: "ComputeClass",
      metadata: { name: "l4-spot-1", labels: { "app.kubernetes.io/managed-by": "ml-clusters" } },
      spec: {
        priorities: [{ nodepools: [spotName] }, { nodepools: [fallbackName] }],
        nodePoolAutoCreation: { enabled: false },
        whenUnsatisfiable: "DoNotScaleUp",
        activeMigration: { optimizeRulePriority: false },
      },
    });
    for (const c of classes) assert.deepEqual(computeClassShapeProblems(c.inputs), [], c.name);
  });

  it("applies the compute classes with the cluster's provider once the pools exist, and waits for them before workloads", () => {
    const l4 = one(run, CLASS, "ml-dev-class-l4-spot-1");
    assert.match(String(l4.provider), /::ml-dev-k8s$/);
    assert.deepEqual(l4.options.dependsOn?.filter((urn) => urn.includes("nodePool")).length, 6, "every worker pool, so the names are final");
    assert.ok(component.ready.includes(component.computeClasses[0]));
    assert.equal(component.computeClasses.length, 2);
  });

  it("schema-checks the class spec itself, and the check catches a rule that mixes node pools with machine fields", () => {
    const obj = { apiVersion: "cloud.google.com/v1", kind: "ComputeClass", metadata: { name: "x-spot" }, spec: computeClassSpec("a-1", "b-1") };
    assert.deepEqual(computeClassShapeProblems(obj), []);
    const bad = { ...obj, metadata: { name: "gke-x" }, spec: { ...obj.spec, priorities: [{ nodepools: ["a"], spot: true }], whenUnsatisfiable: "Wait", nodePoolAutoCreation: { enabled: "no" } } };
    assert.deepEqual(computeClassShapeProblems(bad), [
      "metadata.name: reserved prefix in gke-x",
      "spec.priorities[0]: nodepools with spot",
      "spec.whenUnsatisfiable: Wait",
      "spec.nodePoolAutoCreation.enabled: must be a boolean",
    ]);
  });

  it("creates no compute class for a spot pool without a fallback", async () => {
    const lone = await renderGke(gkeArgs({}, [gcpPool({ name: "l4-spot-1", spot: true })]));
    assert.deepEqual(ofType(lone, CLASS), []);
    assert.deepEqual(input(one(lone, POOL, "ml-dev-gpu-l4-spot-1"), "nodeConfig.taints"), [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
  });

  describe("contract", () => {
    it("lists CPU pools in cpuPools and GPU pools in pools, each with every label and taint its nodes carry", () => {
      assert.deepEqual(Object.keys(component.pools), ["l4-1", "l4-spot-1", "l4-spot-1-fallback"]);
      assert.deepEqual(Object.keys(component.cpuPools), ["cpu-1", "cpu-spot-1", "cpu-spot-1-fallback"]);
      assert.deepEqual(component.cpuPools["cpu-1"], {
        pool: "cpu-1",
        instanceType: "n2-standard-4",
        labels: { "ml-clusters.io/pool": "cpu-1" },
        taints: [],
        nodeSelector: { "ml-clusters.io/pool": "cpu-1" },
        tolerations: [],
      });
      assert.deepEqual(component.cpuPools["cpu-spot-1"], {
        pool: "cpu-spot-1",
        instanceType: "n2-standard-4",
        labels: { "ml-clusters.io/pool": "cpu-spot-1", "cloud.google.com/compute-class": "cpu-spot-1", "cloud.google.com/gke-spot": "true" },
        taints: [{ key: "cloud.google.com/compute-class", value: "cpu-spot-1", effect: "NoSchedule" }],
        nodeSelector: { "ml-clusters.io/pool": "cpu-spot-1" },
        tolerations: [{ key: "cloud.google.com/compute-class", operator: "Exists", effect: "NoSchedule" }],
      });
      assert.deepEqual(component.pools["l4-spot-1"].labels, {
        "ml-clusters.io/pool": "l4-spot-1",
        "ml-clusters.io/gpu": "l4",
        "cloud.google.com/compute-class": "l4-spot-1",
        "cloud.google.com/gke-accelerator": "nvidia-l4",
        "cloud.google.com/gke-spot": "true",
      });
      assert.equal(component.pools["l4-spot-1-fallback"].labels["cloud.google.com/gke-spot"], undefined);
    });

    it("keeps every label and taint each node pool sets in its placement", () => {
      for (const pool of MIXED_POOLS) {
        const where = component.pools[pool.name] ?? component.cpuPools[pool.name];
        const resource = one(run, POOL, `ml-dev-${pool.gpu === null ? "cpu" : "gpu"}-${pool.name}`);
        for (const [k, v] of Object.entries(input(resource, "nodeConfig.labels") as Record<string, string>)) assert.equal(where.labels[k], v, `${pool.name}: ${k}`);
        assert.equal(where.taints.length, (input(resource, "nodeConfig.taints") as unknown[]).length, pool.name);
      }
    });

    it("places pods over a spot pool and its fallback by the compute class, tolerating every taint of both", () => {
      assert.deepEqual(component.placementFor(["l4-spot-1", "l4-spot-1-fallback"]), {
        nodeSelector: { "cloud.google.com/compute-class": "l4-spot-1" },
        tolerations: [GPU_TOLERATION, { key: "cloud.google.com/compute-class", operator: "Exists", effect: "NoSchedule" }],
      });
      assert.deepEqual(component.placementFor(["cpu-spot-1", "cpu-spot-1-fallback"]), {
        nodeSelector: { "cloud.google.com/compute-class": "cpu-spot-1" },
        tolerations: [{ key: "cloud.google.com/compute-class", operator: "Exists", effect: "NoSchedule" }],
      });
    });

    it("places pods over pools that are not a spot pair by the contract's default affinity", () => {
      assert.deepEqual(component.placementFor(["l4-1", "l4-spot-1-fallback"]), {
        nodeSelector: {},
        requiredNodeAffinity: [{ matchExpressions: [{ key: "ml-clusters.io/pool", operator: "In", values: ["l4-1", "l4-spot-1-fallback"] }] }],
        tolerations: [GPU_TOLERATION, { key: "cloud.google.com/compute-class", operator: "Exists", effect: "NoSchedule" }],
      });
    });
  });

  it("builds a cluster of CPU pools alone", async () => {
    const cpuOnly = await renderGke(gkeArgs({}, [CPU_POOL]));
    assert.deepEqual(ofType(cpuOnly, POOL).map((p) => p.name), ["ml-dev-cpu-cpu-1", "ml-dev-system"]);
  });
});
