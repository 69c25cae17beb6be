import assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import YAML from "yaml";
import { GPU_MODEL_LABEL } from "../../../../components/cluster/common";
import { POOL_LABEL, placementOf } from "../../../../components/cluster/contract";
import { EXPANDER_PRIORITY, expanderPriorities, scaleSetPattern } from "../../../../components/cluster/azure/autoscaler";
import { planAgentPools, resolveAksOptions } from "../../../../components/cluster/azure";
import { MockRun, input, ofType, one, render, unwrapSecrets } from "../../../helpers/mocks";
import { A100, Built, CPU_SPOT, D4, D8, MIXED_POOLS, T4, args, cpuPool, plan, pool, program } from "./fixtures";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const SPOT_TAINT = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" };
const SPOT_TOLERATION = { key: "kubernetes.azure.com/scalesetpriority", operator: "Exists", effect: "NoSchedule" };
const GPU_TOLERATION = { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" };

describe("AksCluster with CPU, spot and fallback pools (mock engine)", () => {
  let run: MockRun;
  const built: Built = {};
  const agentPool = (poolName: string) => one(run, AGENT_POOL, `ml-${poolName}`);
  const aksName = (poolName: string) => String(input(agentPool(poolName), "agentPoolName"));

  before(async () => {
    run = await render(program(args({ plan: plan(MIXED_POOLS) }), built));
  });

  describe("node pools", () => {
    it("creates one agent pool per planned pool, GPU and CPU, spot and fallback", () => {
      assert.deepEqual(ofType(run, AGENT_POOL).map((r) => r.name).sort(), [
        "ml-a100-80gb-1",
        "ml-cpu-1",
        "ml-cpu-spot-1",
        "ml-cpu-spot-1-fallback",
        "ml-t4-spot-1",
        "ml-t4-spot-1-fallback",
      ]);
    });

    it("runs a CPU pool on its planned size with Azure Linux, no GPU profile, no taint and only the package's pool label", () => {
      const r = agentPool("cpu-1");
      assert.deepEqual(
        [input(r, "vmSize"), input(r, "osType"), input(r, "osSKU"), input(r, "gpuProfile"), input(r, "nodeTaints"), input(r, "nodeLabels")],
        [D8, "Linux", "AzureLinux", undefined, [], { [POOL_LABEL]: "cpu-1" }],
      );
    });

    it("hardens CPU pools like GPU pools: host encryption, no public IP, no SSH, managed OS disk, the planner's max pods", () => {
      for (const name of ["cpu-1", "cpu-spot-1", "cpu-spot-1-fallback"]) {
        const r = agentPool(name);
        assert.deepEqual(
          [input(r, "enableEncryptionAtHost"), input(r, "enableNodePublicIP"), input(r, "securityProfile"), input(r, "osDiskType"), input(r, "osDiskSizeGB"), input(r, "maxPods"), input(r, "mode")],
          [true, false, { sshAccess: "Disabled" }, "Managed", 128, 250, "User"],
          name,
        );
      }
    });

    it("autoscales every pool between the plan's bounds and leaves the count to the autoscaler", () => {
      const bounds = MIXED_POOLS.map((p) => [p.name, input(agentPool(p.name), "enableAutoScaling"), input(agentPool(p.name), "minCount"), input(agentPool(p.name), "maxCount")]);
      assert.deepEqual(bounds, [
        ["a100-80gb-1", true, 1, 3],
        ["cpu-1", true, 1, 3],
        ["cpu-spot-1", true, 2, 4],
        ["cpu-spot-1-fallback", true, 0, 4],
        ["t4-spot-1", true, 0, 2],
        ["t4-spot-1-fallback", true, 0, 2],
      ]);
      for (const r of ofType(run, AGENT_POOL)) assert.deepEqual(r.options.ignoreChanges, ["count", "orchestratorVersion"], r.name);
    });

    it("makes both spot pools Spot scale sets evicted by deletion at any price up to on-demand, without surge upgrades", () => {
      for (const name of ["cpu-spot-1", "t4-spot-1"]) {
        const r = agentPool(name);
        assert.deepEqual(
          [input(r, "scaleSetPriority"), input(r, "scaleSetEvictionPolicy"), input(r, "spotMaxPrice"), input(r, "upgradeSettings")],
          ["Spot", "Delete", -1, undefined],
          name,
        );
      }
    });

    it("makes each fallback an on-demand pool of its spot pool's size", () => {
      for (const [fallback, size] of [["cpu-spot-1-fallback", D4], ["t4-spot-1-fallback", T4]] as const) {
        const r = agentPool(fallback);
        assert.deepEqual([input(r, "vmSize"), input(r, "scaleSetPriority"), input(r, "scaleSetEvictionPolicy"), input(r, "spotMaxPrice")], [size, "Regular", undefined, undefined], fallback);
      }
    });

    it("surges on-demand CPU pools by a third and upgrades on-demand GPU pools without a surge VM", () => {
      assert.deepEqual(input(agentPool("cpu-1"), "upgradeSettings"), { maxSurge: "33%" });
      assert.deepEqual(input(agentPool("cpu-spot-1-fallback"), "upgradeSettings"), { maxSurge: "33%" });
      assert.deepEqual(input(agentPool("t4-spot-1-fallback"), "upgradeSettings"), { maxSurge: "0", maxUnavailable: "1", drainTimeoutInMinutes: 30 });
    });

    it("keeps the GPU taint, driver and GPU label on GPU spot and fallback pools", () => {
      for (const name of ["t4-spot-1", "t4-spot-1-fallback"]) {
        const r = agentPool(name);
        assert.deepEqual([input(r, "gpuProfile"), input(r, "nodeTaints"), input(r, "nodeLabels")], [{ driver: "Install" }, ["nvidia.com/gpu=present:NoSchedule"], { [POOL_LABEL]: name, [GPU_MODEL_LABEL]: "t4" }], name);
      }
    });
  });

  describe("autoscaler", () => {
    it("switches the cluster's expander to priority and keeps the 25-minute provisioning timeout", () => {
      const profile = input(one(run, CLUSTER), "autoScalerProfile") as Record<string, string>;
      assert.equal(profile.expander, "priority");
      assert.equal(profile.maxNodeProvisionTime, "25m");
    });

    it("ranks each spot pool's scale set above its fallback's, and every other node group last", () => {
      const cm = one(run, CONFIG_MAP);
      assert.deepEqual(input(cm, "metadata"), { name: "cluster-autoscaler-priority-expander", namespace: "kube-system" });
      const priorities = String(unwrapSecrets(input(cm, "data.priorities")));
      assert.equal(
        priorities,
        [
          "30:",
          `  - '^aks-${aksName("cpu-spot-1")}-[0-9]+-vmss$'`,
          `  - '^aks-${aksName("t4-spot-1")}-[0-9]+-vmss$'`,
          "20:",
          `  - '^aks-${aksName("cpu-spot-1-fallback")}-[0-9]+-vmss$'`,
          `  - '^aks-${aksName("t4-spot-1-fallback")}-[0-9]+-vmss$'`,
          "10:",
          "  - '.*'",
          "",
        ].join("\n"),
      );
    });

    it("applies the ConfigMap with the cluster's provider, before workloads, deleted with the cluster", () => {
      const cm = one(run, CONFIG_MAP);
      assert.equal(cm.provider, one(run, "pulumi:providers:kubernetes").urn);
      assert.equal(cm.options.deletedWith, one(run, CLUSTER).urn);
      assert.equal(built.cluster!.ready.filter((r) => k8s.core.v1.ConfigMap.isInstance(r)).length, 1, "the ConfigMap is in ready");
    });
  });

  describe("contract", () => {
    it("lists GPU pools in pools and CPU pools in cpuPools", () => {
      assert.deepEqual(Object.keys(built.cluster!.pools).sort(), ["a100-80gb-1", "t4-spot-1", "t4-spot-1-fallback"]);
      assert.deepEqual(Object.keys(built.cluster!.cpuPools).sort(), ["cpu-1", "cpu-spot-1", "cpu-spot-1-fallback"]);
    });

    it("gives a CPU pool's placement every label its nodes carry, AKS's own included, and no taint", () => {
      const name = aksName("cpu-1");
      assert.deepEqual(built.cluster!.cpuPools["cpu-1"], {
        pool: "cpu-1",
        instanceType: D8,
        labels: { [POOL_LABEL]: "cpu-1", agentpool: name, "kubernetes.azure.com/agentpool": name, "kubernetes.azure.com/mode": "user" },
        taints: [],
        nodeSelector: { [POOL_LABEL]: "cpu-1" },
        tolerations: [],
      });
    });

    it("adds AKS's Spot label and taint, and a toleration for it, to a CPU spot pool's placement", () => {
      const name = aksName("cpu-spot-1");
      assert.deepEqual(built.cluster!.cpuPools["cpu-spot-1"], {
        pool: "cpu-spot-1",
        instanceType: D4,
        labels: {
          [POOL_LABEL]: "cpu-spot-1",
          agentpool: name,
          "kubernetes.azure.com/agentpool": name,
          "kubernetes.azure.com/mode": "user",
          "kubernetes.azure.com/scalesetpriority": "spot",
        },
        taints: [SPOT_TAINT],
        nodeSelector: { [POOL_LABEL]: "cpu-spot-1" },
        tolerations: [SPOT_TOLERATION],
      });
      assert.deepEqual(built.cluster!.cpuPools["cpu-spot-1-fallback"].taints, []);
    });

    it("places a spot workload on its spot pool or its fallback, tolerating AKS's Spot taint", () => {
      const c = built.cluster!;
      assert.deepEqual(placementOf(c, ["cpu-spot-1", "cpu-spot-1-fallback"]), {
        nodeSelector: {},
        requiredNodeAffinity: [{ matchExpressions: [{ key: POOL_LABEL, operator: "In", values: ["cpu-spot-1", "cpu-spot-1-fallback"] }] }],
        tolerations: [SPOT_TOLERATION],
      });
      assert.deepEqual(placementOf(c, ["t4-spot-1", "t4-spot-1-fallback"]), {
        nodeSelector: {},
        requiredNodeAffinity: [{ matchExpressions: [{ key: POOL_LABEL, operator: "In", values: ["t4-spot-1", "t4-spot-1-fallback"] }] }],
        tolerations: [GPU_TOLERATION, SPOT_TOLERATION],
      });
    });

    it("places a CPU workload on its CPU pool by the pool label alone", () => {
      assert.deepEqual(placementOf(built.cluster!, ["cpu-1"]), { nodeSelector: { [POOL_LABEL]: "cpu-1" }, tolerations: [] });
    });
  });
});

describe("AksCluster's autoscaler without spot pools (mock engine)", () => {
  it("keeps the least-waste expander and creates no priority ConfigMap", async () => {
    const run = await render(program(args({ plan: plan([pool("a100-80gb-1", A100, { min: 1, max: 3 }), cpuPool("cpu-1", D8)]) })));
    assert.equal((input(one(run, CLUSTER), "autoScalerProfile") as Record<string, string>).expander, "least-waste");
    assert.deepEqual(ofType(run, CONFIG_MAP), []);
  });

  it("installs no NVIDIA device plugin on a cluster with only CPU pools", async () => {
    const run = await render(program(args({ plan: plan([cpuPool("cpu-1", D8)]) })));
    assert.deepEqual(ofType(run, "kubernetes:helm.sh/v3:Release"), []);
    assert.deepEqual(ofType(run, AGENT_POOL).map((r) => input(r, "vmSize")), [D8]);
  });
});

describe("the priority expander's configuration", () => {
  const options = resolveAksOptions(args());

  it("matches exactly one pool's scale set, as AKS names them", () => {
    const re = new RegExp(scaleSetPattern("cpuspot1ab12"));
    assert.equal(re.test("aks-cpuspot1ab12-29141059-vmss"), true);
    assert.equal(re.test("aks-cpuspot1ab12x-29141059-vmss"), false);
    assert.equal(re.test("aks-cpuspot1ab1-29141059-vmss"), false);
    assert.equal(re.test("aks-system-29141059-vmss"), false);
  });

  it("parses as the expander reads it: integer priorities to lists of regular expressions", () => {
    const planned = planAgentPools(MIXED_POOLS, options);
    const parsed = YAML.parse(expanderPriorities(planned)!) as Record<string, string[]>;
    const name = (pool: string) => planned.find((p) => p.pool.name === pool)!.name;
    assert.deepEqual(parsed, {
      [EXPANDER_PRIORITY.spot]: [scaleSetPattern(name("cpu-spot-1")), scaleSetPattern(name("t4-spot-1"))],
      [EXPANDER_PRIORITY.fallback]: [scaleSetPattern(name("cpu-spot-1-fallback")), scaleSetPattern(name("t4-spot-1-fallback"))],
      [EXPANDER_PRIORITY.other]: [".*"],
    });
    for (const patterns of Object.values(parsed)) for (const re of patterns) assert.doesNotThrow(() => new RegExp(re));
  });

  it("still ranks a spot pool first when the plan gives it no fallback", () => {
    const planned = planAgentPools([CPU_SPOT], options);
    assert.equal(expanderPriorities(planned), `30:\n  - '${scaleSetPattern(planned[0].name)}'\n10:\n  - '.*'\n`);
  });

  it("is absent without a spot pool", () => {
    assert.equal(expanderPriorities(planAgentPools([cpuPool("cpu-1", D8), pool("a100-80gb-1", A100)], options)), undefined);
  });
});
