/**
 * CPU pools, Spot pools over several types and their on-demand fallbacks on EKS: the node groups,
 * what the contract tells the Kubernetes layer, CA's scale-from-zero tags and its priority expander.
 */
import assert from "node:assert/strict";
import { ClusterContract, placementOf } from "../../../../components/cluster/contract";
import { input, MockRun } from "../../../helpers/mocks";
import { CPU_AND_SPOT_POOLS, eksArgs, ofType, one, Recorded, renderEks } from "./fixtures";
import type { EksCluster } from "../../../../components/cluster/aws";

const TAG = "k8s.io/cluster-autoscaler/node-template";

function nodeGroup(run: MockRun, pool: string): Recorded {
  return one(run, "aws:eks/nodeGroup:NodeGroup", `ml-${pool}`);
}

function autoscalerTags(run: MockRun, pool: string): Record<string, string> {
  const found = ofType(run, "aws:autoscaling/tag:Tag").filter((r) => r.name.startsWith(`ml-${pool}-`) && !r.name.startsWith(`ml-${pool}-fallback-`));
  return Object.fromEntries(found.map((r) => [r.inputs.tag.key, r.inputs.tag.value]));
}

/** The ASG name the mock engine gives a pool's node group, as the Tag resources carry it. */
function asgName(run: MockRun, pool: string): string {
  const tag = ofType(run, "aws:autoscaling/tag:Tag").find((r) => r.name === `ml-${pool}-label-ml-clusters-io-pool`);
  assert.ok(tag, `no pool label tag for ${pool}`);
  return tag.inputs.autoscalingGroupName as string;
}

describe("EksCluster CPU and Spot pools", () => {
  let run: MockRun;
  let cluster: EksCluster;
  before(async () => {
    ({ run, cluster } = await renderEks(eksArgs({}, {}, CPU_AND_SPOT_POOLS)));
  });

  it("makes a CPU pool an on-demand group of the standard AL2023 AMI, labelled with its pool only and untainted", () => {
    const ng = nodeGroup(run, "cpu-1");
    assert.deepEqual(
      { ami: ng.inputs.amiType, types: ng.inputs.instanceTypes, capacity: ng.inputs.capacityType, scaling: ng.inputs.scalingConfig },
      { ami: "AL2023_x86_64_STANDARD", types: ["m7i.xlarge"], capacity: "ON_DEMAND", scaling: { minSize: 2, maxSize: 6, desiredSize: 2 } },
    );
    assert.deepEqual(ng.inputs.labels, { "ml-clusters.io/pool": "cpu-1" });
    assert.deepEqual(ng.inputs.taints, []);
    assert.deepEqual(ng.inputs.updateConfig, { maxUnavailablePercentage: 33 });
  });

  it("hardens CPU nodes like GPU nodes: IMDSv2 with one hop, an encrypted root volume, and CA left the desired size", () => {
    const template = one(run, "aws:ec2/launchTemplate:LaunchTemplate", "ml-cpu-spot-1");
    assert.deepEqual(template.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
    assert.deepEqual(input(template, "blockDeviceMappings"), [
      { deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
    ]);
    assert.equal(template.inputs.networkInterfaces, undefined);
    assert.deepEqual(nodeGroup(run, "cpu-spot-1").options.ignoreChanges, ["scalingConfig.desiredSize"]);
  });

  it("makes a Spot pool a SPOT group over every planned type, the planned one first", () => {
    const cpu = nodeGroup(run, "cpu-spot-1");
    assert.deepEqual([cpu.inputs.capacityType, cpu.inputs.instanceTypes, cpu.inputs.amiType], ["SPOT", ["m7i.xlarge", "r7i.xlarge", "c7i.2xlarge"], "AL2023_x86_64_STANDARD"]);
    const gpu = nodeGroup(run, "l4-spot-1");
    assert.deepEqual([gpu.inputs.capacityType, gpu.inputs.instanceTypes, gpu.inputs.amiType], ["SPOT", ["g6.xlarge", "g6.2xlarge"], "AL2023_x86_64_NVIDIA"]);
    assert.deepEqual(gpu.inputs.taints, [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
  });

  it("makes each fallback an on-demand group of the planned type alone, from zero", () => {
    for (const [pool, type, ami] of [
      ["cpu-spot-1-fallback", "m7i.xlarge", "AL2023_x86_64_STANDARD"],
      ["l4-spot-1-fallback", "g6.xlarge", "AL2023_x86_64_NVIDIA"],
    ]) {
      const ng = nodeGroup(run, pool!);
      assert.deepEqual([ng.inputs.capacityType, ng.inputs.instanceTypes, ng.inputs.amiType, ng.inputs.scalingConfig], ["ON_DEMAND", [type], ami, { minSize: 0, maxSize: 4, desiredSize: 0 }]);
    }
  });

  it("lists CPU pools in cpuPools and GPU pools in pools, with every label EKS sets and no instance-type label on a multi-type pool", () => {
    assert.deepEqual(Object.keys(cluster.pools).sort(), ["l4-spot-1", "l4-spot-1-fallback"]);
    assert.deepEqual(Object.keys(cluster.cpuPools).sort(), ["cpu-1", "cpu-spot-1", "cpu-spot-1-fallback"]);
    assert.deepEqual(cluster.cpuPools["cpu-1"], {
      pool: "cpu-1",
      instanceType: "m7i.xlarge",
      labels: { "ml-clusters.io/pool": "cpu-1", "eks.amazonaws.com/capacityType": "ON_DEMAND", "node.kubernetes.io/instance-type": "m7i.xlarge" },
      taints: [],
      nodeSelector: { "ml-clusters.io/pool": "cpu-1" },
      tolerations: [],
    });
    assert.deepEqual(cluster.cpuPools["cpu-spot-1"]!.labels, { "ml-clusters.io/pool": "cpu-spot-1", "eks.amazonaws.com/capacityType": "SPOT" });
    assert.deepEqual(cluster.pools["l4-spot-1"]!.labels, {
      "ml-clusters.io/pool": "l4-spot-1",
      "ml-clusters.io/gpu": "l4",
      "k8s.amazonaws.com/accelerator": "nvidia-l4",
      "eks.amazonaws.com/capacityType": "SPOT",
    });
  });

  it("places a Spot workload over its Spot pool and fallback with the contract's default: EKS adds no Spot taint", () => {
    const contract: ClusterContract = cluster;
    assert.equal(contract.placementFor, undefined);
    assert.deepEqual(placementOf(cluster, ["l4-spot-1", "l4-spot-1-fallback"]), {
      nodeSelector: {},
      requiredNodeAffinity: [{ matchExpressions: [{ key: "ml-clusters.io/pool", operator: "In", values: ["l4-spot-1", "l4-spot-1-fallback"] }] }],
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    });
    assert.deepEqual(placementOf(cluster, ["cpu-spot-1", "cpu-spot-1-fallback"]).tolerations, []);
  });

  it("tags a CPU Spot pool's ASG with its labels and ephemeral storage, and no GPU resource or taint", () => {
    assert.deepEqual(autoscalerTags(run, "cpu-spot-1"), {
      [`${TAG}/label/ml-clusters.io/pool`]: "cpu-spot-1",
      [`${TAG}/label/eks.amazonaws.com/capacityType`]: "SPOT",
      [`${TAG}/resources/ephemeral-storage`]: "40Gi",
    });
  });

  it("tags a GPU Spot pool's ASG with its labels, the GPU taint and its GPUs", () => {
    assert.deepEqual(autoscalerTags(run, "l4-spot-1"), {
      [`${TAG}/label/ml-clusters.io/pool`]: "l4-spot-1",
      [`${TAG}/label/ml-clusters.io/gpu`]: "l4",
      [`${TAG}/label/k8s.amazonaws.com/accelerator`]: "nvidia-l4",
      [`${TAG}/label/eks.amazonaws.com/capacityType`]: "SPOT",
      [`${TAG}/taint/nvidia.com/gpu`]: "present:NoSchedule",
      [`${TAG}/resources/nvidia.com/gpu`]: "1",
      [`${TAG}/resources/ephemeral-storage`]: "160Gi",
    });
  });

  it("gives the Spot pools' groups priority 50 and every other group 10 in CA's priority expander", () => {
    const values = one(run, "kubernetes:helm.sh/v3:Release", "ml-cluster-autoscaler").inputs.values;
    assert.equal(values.extraArgs.expander, "priority,least-waste");
    assert.deepEqual(values.expanderPriorities, {
      "10": [".*"],
      "50": ["^eks-cpu-spot-1-[0-9a-f]{26}-", "^eks-l4-spot-1-[0-9a-f]{26}-"],
    });
  });

  it("matches each Spot pool's ASG with its regex and never its fallback's or another pool's", () => {
    const [cpuSpot, l4Spot] = one(run, "kubernetes:helm.sh/v3:Release", "ml-cluster-autoscaler").inputs.values.expanderPriorities["50"].map((r: string) => new RegExp(r));
    const names = Object.fromEntries(CPU_AND_SPOT_POOLS.map((p) => [p.name, asgName(run, p.name)]));
    assert.deepEqual(
      Object.keys(names).filter((p) => cpuSpot.test(names[p]!)),
      ["cpu-spot-1"],
    );
    assert.deepEqual(
      Object.keys(names).filter((p) => l4Spot.test(names[p]!)),
      ["l4-spot-1"],
    );
  });

  it("installs the NVIDIA device plugin because GPU pools exist", () => {
    assert.equal(ofType(run, "kubernetes:helm.sh/v3:Release").filter((r) => r.name === "ml-nvidia-device-plugin").length, 1);
  });
});

describe("EksCluster with CPU pools only", () => {
  it("installs no NVIDIA device plugin and gives CA only the catch-all priority", async () => {
    const { run, cluster } = await renderEks(eksArgs({}, {}, CPU_AND_SPOT_POOLS.slice(0, 1)));
    assert.deepEqual(ofType(run, "kubernetes:helm.sh/v3:Release").map((r) => r.name), ["ml-cluster-autoscaler"]);
    assert.deepEqual(one(run, "kubernetes:helm.sh/v3:Release", "ml-cluster-autoscaler").inputs.values.expanderPriorities, { "10": [".*"] });
    assert.deepEqual(cluster.pools, {});
  });
});
