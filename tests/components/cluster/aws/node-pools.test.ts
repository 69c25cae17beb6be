import assert from "node:assert/strict";
import { fakeAwsId } from "../../../../cli/engine/answers/aws";
import { input, MockRun } from "../../../helpers/mocks";
import { eksArgs, ofType, one, Recorded, renderEks, PRIVATE_SUBNET_IDS } from "./fixtures";

const GPU_TAINT_EKS = [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }];

function nodeGroup(run: MockRun, pool: string): Recorded {
  return one(run, "aws:eks/nodeGroup:NodeGroup", `ml-${pool}`);
}

function launchTemplateOf(run: MockRun, pool: string): Recorded {
  return one(run, "aws:ec2/launchTemplate:LaunchTemplate", `ml-${pool}`);
}

/** The CA tags of one pool's ASG, as `{ key: value }`, and the ASG names they point at. */
function autoscalerTags(run: MockRun, pool: string): { tags: Record<string, string>; groups: string[] } {
  const found = ofType(run, "aws:autoscaling/tag:Tag").filter((r) => r.name.startsWith(`ml-${pool}-`));
  return {
    tags: Object.fromEntries(found.map((r) => [r.inputs.tag.key, r.inputs.tag.value])),
    groups: [...new Set(found.map((r) => r.inputs.autoscalingGroupName as string))],
  };
}

describe("EksCluster node pools", () => {
  let run: MockRun;
  let pools: Awaited<ReturnType<typeof renderEks>>["cluster"]["pools"];
  before(async () => {
    const rendered = await renderEks();
    run = rendered.run;
    pools = rendered.cluster.pools;
  });

  it("makes the L4 pool an on-demand NVIDIA AL2023 group of the planned type and bounds, desired size at the minimum", () => {
    const ng = nodeGroup(run, "l4-1");
    assert.equal(ng.inputs.amiType, "AL2023_x86_64_NVIDIA");
    assert.deepEqual(ng.inputs.instanceTypes, ["g6.xlarge"]);
    assert.equal(ng.inputs.capacityType, "ON_DEMAND");
    assert.deepEqual(ng.inputs.scalingConfig, { minSize: 1, maxSize: 3, desiredSize: 1 });
    assert.equal(ng.inputs.nodeGroupNamePrefix, "l4-1-");
    assert.equal(ng.inputs.nodeGroupName, undefined);
    assert.equal(ng.inputs.clusterName, "ml-dev");
    assert.equal(ng.inputs.version, "1.33");
    assert.deepEqual(ng.inputs.updateConfig, { maxUnavailable: 1 });
    assert.deepEqual(ng.inputs.nodeRepairConfig, { enabled: true });
  });

  it("makes the training pool a Spot group that scales from zero", () => {
    const ng = nodeGroup(run, "train");
    assert.deepEqual(ng.inputs.instanceTypes, ["p4de.24xlarge"]);
    assert.equal(ng.inputs.capacityType, "SPOT");
    assert.deepEqual(ng.inputs.scalingConfig, { minSize: 0, maxSize: 2, desiredSize: 0 });
  });

  it("labels GPU nodes with the pool, the GPU model and CA's accelerator label, and taints them with EKS's effect spelling", () => {
    assert.deepEqual(nodeGroup(run, "l4-1").inputs.labels, {
      "ml-clusters.io/pool": "l4-1",
      "ml-clusters.io/gpu": "l4",
      "k8s.amazonaws.com/accelerator": "nvidia-l4",
    });
    assert.deepEqual(nodeGroup(run, "train").inputs.labels["k8s.amazonaws.com/accelerator"], "nvidia-a100-80gb");
    assert.deepEqual(nodeGroup(run, "l4-1").inputs.taints, GPU_TAINT_EKS);
    assert.deepEqual(nodeGroup(run, "train").inputs.taints, GPU_TAINT_EKS);
  });

  it("leaves the desired size to the autoscaler and depends on NAT routes, the node role and the networking add-ons", () => {
    for (const pool of ["system", "l4-1", "train"]) {
      const ng = nodeGroup(run, pool);
      assert.deepEqual(ng.options.ignoreChanges, ["scalingConfig.desiredSize"]);
      const deps = ng.options.dependsOn ?? [];
      const named = (type: string, name: string) => one(run, type, name).urn;
      for (const urn of [
        named("aws:eks/addon:Addon", "ml-vpc-cni"),
        named("aws:eks/addon:Addon", "ml-kube-proxy"),
        named("aws:eks/addon:Addon", "ml-eks-pod-identity-agent"),
        named("aws:ec2/route:Route", "ml-private-0-nat"),
        named("aws:ec2/routeTableAssociation:RouteTableAssociation", "ml-private-2"),
        named("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ml-node-AmazonEKSWorkerNodePolicy"),
      ]) {
        assert.ok(deps.includes(urn), `${pool} depends on ${urn}`);
      }
    }
  });

  it("places every node group in the three private subnets with the node role", () => {
    const role = one(run, "aws:iam/role:Role", "ml-node");
    for (const pool of ["system", "l4-1", "train"]) {
      const ng = nodeGroup(run, pool);
      assert.deepEqual(ng.inputs.subnetIds, PRIVATE_SUBNET_IDS, `${pool} in the private subnets`);
      assert.match(ng.inputs.nodeRoleArn, new RegExp(`:role/${role.name}-`));
    }
  });

  it("gives each GPU group its own launch template: IMDSv2 only with hop limit 1, and a 200 GiB encrypted gp3 root volume", () => {
    for (const pool of ["l4-1", "train"]) {
      const lt = launchTemplateOf(run, pool);
      const ref = nodeGroup(run, pool).inputs.launchTemplate;
      assert.deepEqual(Object.keys(ref).sort(), ["id", "version"]);
      // The pool's own template, at its latest version.
      assert.equal(ref.id, fakeAwsId("lt", `ml-${pool}`));
      assert.equal(ref.version, "1");
      assert.deepEqual(lt.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
      assert.deepEqual(lt.inputs.blockDeviceMappings, [
        { deviceName: "/dev/xvda", ebs: { volumeSize: 200, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
      ]);
      assert.equal(lt.inputs.networkInterfaces, undefined, "no interfaces: no public address, the cluster security group applies");
      assert.equal(lt.inputs.namePrefix, `ml-dev-${pool}-`);
      assert.equal(nodeGroup(run, pool).inputs.diskSize, undefined, "diskSize conflicts with a launch template");
    }
  });

  it("runs the system pool on the standard AL2023 AMI, untainted, labelled as the system pool, with a 50 GiB root volume", () => {
    const ng = nodeGroup(run, "system");
    assert.equal(ng.inputs.amiType, "AL2023_x86_64_STANDARD");
    assert.deepEqual(ng.inputs.instanceTypes, ["m6i.xlarge"]);
    assert.equal(ng.inputs.capacityType, "ON_DEMAND");
    assert.deepEqual(ng.inputs.scalingConfig, { minSize: 2, maxSize: 4, desiredSize: 2 });
    assert.deepEqual(ng.inputs.labels, { "ml-clusters.io/pool": "system" });
    assert.deepEqual(ng.inputs.taints, []);
    assert.deepEqual(ng.inputs.updateConfig, { maxUnavailablePercentage: 33 });
    assert.equal(input(launchTemplateOf(run, "system"), "blockDeviceMappings")[0].ebs.volumeSize, 50);
  });

  it("tells the Kubernetes layer every label and taint of each GPU pool, in Kubernetes spelling", () => {
    assert.deepEqual(pools["l4-1"], {
      pool: "l4-1",
      gpu: "l4",
      gpusPerNode: 1,
      instanceType: "g6.xlarge",
      labels: {
        "ml-clusters.io/pool": "l4-1",
        "ml-clusters.io/gpu": "l4",
        "k8s.amazonaws.com/accelerator": "nvidia-l4",
        "eks.amazonaws.com/capacityType": "ON_DEMAND",
        "node.kubernetes.io/instance-type": "g6.xlarge",
      },
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
      nodeSelector: { "ml-clusters.io/pool": "l4-1" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    });
    assert.equal(pools.train.labels["eks.amazonaws.com/capacityType"], "SPOT");
    assert.equal(pools.train.gpusPerNode, 8);
  });

  it("tags each GPU pool's auto scaling group with its labels, taint, GPUs and ephemeral storage so CA can scale it from zero", () => {
    const train = autoscalerTags(run, "train");
    assert.deepEqual(train.tags, {
      "k8s.io/cluster-autoscaler/node-template/label/ml-clusters.io/pool": "train",
      "k8s.io/cluster-autoscaler/node-template/label/ml-clusters.io/gpu": "a100-80gb",
      "k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator": "nvidia-a100-80gb",
      "k8s.io/cluster-autoscaler/node-template/label/eks.amazonaws.com/capacityType": "SPOT",
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/instance-type": "p4de.24xlarge",
      "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
      "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "8",
      "k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage": "160Gi",
    });
    const l4 = autoscalerTags(run, "l4-1");
    assert.equal(l4.tags["k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu"], "1");
    // One ASG per pool: the name EKS reports in nodeGroup.resources[0].autoscalingGroups[0].
    assert.equal(train.groups.length, 1);
    assert.equal(l4.groups.length, 1);
    assert.match(train.groups[0], /^eks-train-[0-9]{26}-/);
    assert.match(l4.groups[0], /^eks-l4-1-[0-9]{26}-/);
    const tag = ofType(run, "aws:autoscaling/tag:Tag")[0];
    assert.equal(tag.inputs.tag.propagateAtLaunch, false);
  });

  it("sizes GPU root volumes and the CA ephemeral-storage hint from gpuRootVolumeGiB", async () => {
    const { run: big } = await renderEks(eksArgs({ gpuRootVolumeGiB: 500 }));
    assert.equal(input(launchTemplateOf(big, "l4-1"), "blockDeviceMappings")[0].ebs.volumeSize, 500);
    assert.equal(autoscalerTags(big, "l4-1").tags["k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage"], "400Gi");
  });

  it("picks the ARM AMI for a Graviton system pool", async () => {
    const { run: arm } = await renderEks(eksArgs({}, { systemPool: { instanceType: "m7g.large", minNodes: 2, maxNodes: 3 } }));
    assert.equal(nodeGroup(arm, "system").inputs.amiType, "AL2023_ARM_64_STANDARD");
  });
});
