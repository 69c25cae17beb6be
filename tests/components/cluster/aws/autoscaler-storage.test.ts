import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { fakeAwsId } from "../../../../cli/engine/answers/aws";
import { MockRun } from "../../../helpers/mocks";
import { eksArgs, ofType, one, renderEks, PRIVATE_SUBNET_IDS } from "./fixtures";

const RELEASE = "kubernetes:helm.sh/v3:Release";

describe("EksCluster autoscaler wiring", () => {
  let run: MockRun;
  before(async () => {
    ({ run } = await renderEks());
  });

  it("installs cluster-autoscaler pinned to the chart for the cluster's minor, discovering this cluster's groups", () => {
    const ca = one(run, RELEASE, "ml-cluster-autoscaler");
    assert.deepEqual(
      { chart: ca.inputs.chart, version: ca.inputs.version, repo: ca.inputs.repositoryOpts.repo, namespace: ca.inputs.namespace, name: ca.inputs.name },
      { chart: "cluster-autoscaler", version: "9.51.0", repo: "https://kubernetes.github.io/autoscaler", namespace: "kube-system", name: "cluster-autoscaler" },
    );
    const values = ca.inputs.values;
    assert.deepEqual([values.cloudProvider, values.awsRegion, values.autoDiscovery], ["aws", "us-east-1", { clusterName: "ml-dev" }]);
    assert.deepEqual(values.rbac.serviceAccount, { create: true, name: "cluster-autoscaler" });
    assert.deepEqual(values.nodeSelector, { "ml-clusters.io/pool": "system" });
  });

  it("runs CA with the priority expander before least-waste, a 10-minute provision timeout and GPU-aware scale-down timing", () => {
    assert.deepEqual(one(run, RELEASE, "ml-cluster-autoscaler").inputs.values.extraArgs, {
      expander: "priority,least-waste",
      "scale-down-unneeded-time": "15m",
      "scale-down-delay-after-add": "15m",
      "max-node-provision-time": "10m",
      "skip-nodes-with-local-storage": false,
      "ignore-daemonsets-utilization": true,
      "balance-similar-node-groups": false,
    });
  });

  it("follows the Kubernetes version: 1.35 gets the 1.35 chart", async () => {
    const { run: next } = await renderEks(eksArgs({}, { kubernetesVersion: "1.35" }));
    assert.equal(one(next, RELEASE, "ml-cluster-autoscaler").inputs.version, "9.59.0");
  });

  it("gives CA a Pod Identity role that may resize only groups owned by this cluster", () => {
    const association = one(run, "aws:eks/podIdentityAssociation:PodIdentityAssociation");
    assert.deepEqual([association.inputs.clusterName, association.inputs.namespace, association.inputs.serviceAccount], ["ml-dev", "kube-system", "cluster-autoscaler"]);
    assert.match(association.inputs.roleArn, /:role\/ml-cluster-autoscaler-/);
    const policy = JSON.parse(one(run, "aws:iam/rolePolicy:RolePolicy", "ml-cluster-autoscaler").inputs.policy);
    const resize = policy.Statement.find((s: { Sid: string }) => s.Sid === "ResizeOwnGroups");
    assert.deepEqual(resize, {
      Sid: "ResizeOwnGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/ml-dev": "owned" } },
    });
    const discover = policy.Statement.find((s: { Sid: string }) => s.Sid === "Discover");
    assert.ok(discover.Action.every((a: string) => /:(Describe|Get)/.test(a)), "the unconditioned statement only reads");
    // The README's full-features read list, without DescribeTags, which CA has not called since 1.25.
    assert.deepEqual(discover.Action, [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
      "eks:DescribeNodegroup",
    ]);
    assert.equal(policy.Statement.length, 2);
  });

  it("starts CA after its identity, the system nodes and CoreDNS", () => {
    const deps = one(run, RELEASE, "ml-cluster-autoscaler").options.dependsOn ?? [];
    for (const [type, name] of [
      ["aws:eks/podIdentityAssociation:PodIdentityAssociation", "ml-cluster-autoscaler"],
      ["aws:eks/nodeGroup:NodeGroup", "ml-system"],
      ["aws:eks/addon:Addon", "ml-coredns"],
    ]) {
      assert.ok(deps.includes(one(run, type, name).urn), `${name}`);
    }
  });

  it("installs the NVIDIA device plugin, since the AL2023 NVIDIA AMI does not ship it", async () => {
    const plugin = one(run, RELEASE, "ml-nvidia-device-plugin");
    assert.equal(plugin.inputs.chart, "nvidia-device-plugin");
    assert.deepEqual(plugin.inputs.values.tolerations[0], { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    const { cluster } = await renderEks();
    assert.deepEqual(cluster.gpuDriver, { driverRoot: "/", devicePluginManaged: false });
  });
});

describe("EksCluster add-ons", () => {
  let run: MockRun;
  before(async () => {
    ({ run } = await renderEks());
  });

  it("installs the core add-ons as EKS managed add-ons that overwrite conflicting edits", () => {
    const addons = ofType(run, "aws:eks/addon:Addon");
    assert.deepEqual(addons.map((a) => a.inputs.addonName).sort(), [
      "aws-ebs-csi-driver",
      "aws-efs-csi-driver",
      "coredns",
      "eks-node-monitoring-agent",
      "eks-pod-identity-agent",
      "kube-proxy",
      "metrics-server",
      "vpc-cni",
    ]);
    for (const a of addons) {
      assert.deepEqual([a.inputs.clusterName, a.inputs.resolveConflictsOnCreate, a.inputs.resolveConflictsOnUpdate], ["ml-dev", "OVERWRITE", "OVERWRITE"], a.name);
      assert.equal(a.inputs.resolveConflicts, undefined, "removed in aws v7");
    }
  });

  it("waits for the system nodes before the add-ons whose pods need them", () => {
    const system = one(run, "aws:eks/nodeGroup:NodeGroup", "ml-system").urn;
    for (const name of ["ml-coredns", "ml-aws-ebs-csi-driver", "ml-aws-efs-csi-driver", "ml-metrics-server", "ml-eks-node-monitoring-agent"]) {
      assert.ok(one(run, "aws:eks/addon:Addon", name).options.dependsOn?.includes(system), name);
    }
    for (const name of ["ml-vpc-cni", "ml-kube-proxy", "ml-eks-pod-identity-agent"]) {
      assert.ok(!(one(run, "aws:eks/addon:Addon", name).options.dependsOn ?? []).includes(system), `${name} comes before the nodes`);
    }
  });

  it("pins the node monitoring agent and lets its GPU host engine onto the tainted GPU nodes", () => {
    const agent = one(run, "aws:eks/addon:Addon", "ml-eks-node-monitoring-agent").inputs;
    assert.equal(agent.addonVersion, "v1.7.0-eksbuild.1");
    assert.deepEqual(JSON.parse(agent.configurationValues), {
      dcgmAgent: { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] },
    });
    const others = ofType(run, "aws:eks/addon:Addon").filter((a) => a.inputs.addonName !== "eks-node-monitoring-agent");
    assert.deepEqual(others.filter((a) => a.inputs.addonVersion !== undefined).map((a) => a.name), []);
  });

  it("gives the storage drivers their own Pod Identity roles with the AWS driver policies", () => {
    const ebs = one(run, "aws:eks/addon:Addon", "ml-aws-ebs-csi-driver").inputs.podIdentityAssociations;
    const efs = one(run, "aws:eks/addon:Addon", "ml-aws-efs-csi-driver").inputs.podIdentityAssociations;
    assert.equal(ebs[0].serviceAccount, "ebs-csi-controller-sa");
    assert.match(ebs[0].roleArn, /:role\/ml-ebs-csi-/);
    assert.equal(efs[0].serviceAccount, "efs-csi-controller-sa");
    assert.match(efs[0].roleArn, /:role\/ml-efs-csi-/);
    assert.equal(one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ml-ebs-csi-AmazonEBSCSIDriverPolicy").inputs.policyArn, "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
    assert.equal(one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ml-efs-csi-AmazonEFSCSIDriverPolicy").inputs.policyArn, "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy");
  });
});

describe("EksCluster storage", () => {
  let run: MockRun;
  let storageClasses: { checkpoint: string; sharedFile: string };
  before(async () => {
    const rendered = await renderEks();
    run = rendered.run;
    storageClasses = rendered.cluster.storageClasses;
  });

  it("offers an encrypted gp3 block class that keeps volumes and binds where the pod lands", () => {
    assert.equal(storageClasses.checkpoint, "ebs-gp3-retain");
    const sc = one(run, "kubernetes:storage.k8s.io/v1:StorageClass", "ml-ebs-gp3-retain").inputs;
    assert.deepEqual(
      { name: sc.metadata.name, provisioner: sc.provisioner, parameters: sc.parameters, reclaimPolicy: sc.reclaimPolicy, allowVolumeExpansion: sc.allowVolumeExpansion, volumeBindingMode: sc.volumeBindingMode },
      {
        name: "ebs-gp3-retain",
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        reclaimPolicy: "Retain",
        allowVolumeExpansion: true,
        volumeBindingMode: "WaitForFirstConsumer",
      },
    );
  });

  it("offers a shared EFS class with an access point per volume on the cluster's encrypted file system, keeping data", () => {
    assert.equal(storageClasses.sharedFile, "efs-retain");
    const fs = one(run, "aws:efs/fileSystem:FileSystem");
    assert.deepEqual([fs.inputs.encrypted, fs.inputs.throughputMode], [true, "elastic"]);
    const sc = one(run, "kubernetes:storage.k8s.io/v1:StorageClass", "ml-efs-retain").inputs;
    assert.deepEqual([sc.metadata.name, sc.provisioner, sc.reclaimPolicy], ["efs-retain", "efs.csi.aws.com", "Retain"]);
    assert.equal(sc.parameters.provisioningMode, "efs-ap");
    assert.equal(sc.parameters.fileSystemId, fakeAwsId("fs", "ml-shared"));
  });

  it("lets only the cluster's nodes reach the file system over NFS, in every private subnet", () => {
    const rule = one(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs;
    assert.deepEqual([rule.ipProtocol, rule.fromPort, rule.toPort], ["tcp", 2049, 2049]);
    assert.match(rule.referencedSecurityGroupId, /^sg-[0-9a-f]{17}$/);
    assert.equal(rule.cidrIpv4, undefined);
    const sg = one(run, "aws:ec2/securityGroup:SecurityGroup");
    assert.match(sg.inputs.vpcId, /^vpc-/);
    const targets = ofType(run, "aws:efs/mountTarget:MountTarget");
    assert.deepEqual(targets.map((t) => t.inputs.subnetId), PRIVATE_SUBNET_IDS);
    assert.ok(targets.every((t) => isDeepStrictEqual(t.inputs.securityGroups, [fakeAwsId("sg", "ml-efs")])));
  });
});
