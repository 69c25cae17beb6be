import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

import { planPool } from "../../../helpers/builders";
import { eksArgs, one, renderEks, typeCounts } from "./fixtures";

/** What every EKS cluster creates whatever its network: control plane, identities, add-ons, storage, in-cluster pieces. */
const CORE = {
  "ml-clusters:index:EksCluster": 1,
  "aws:kms/key:Key": 1,
  "aws:kms/alias:Alias": 1,
  "aws:cloudwatch/logGroup:LogGroup": 1,
  "aws:eks/cluster:Cluster": 1,
  "aws:eks/accessEntry:AccessEntry": 1,
  "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": 1,
  // cluster, node, vpc-cni, ebs-csi, efs-csi, cluster-autoscaler
  "aws:iam/role:Role": 6,
  // the cluster's key access and the autoscaler's policy
  "aws:iam/rolePolicy:RolePolicy": 2,
  // cluster 1, node 2, vpc-cni 1, ebs-csi 1, efs-csi 1
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 6,
  // pod identity agent, vpc-cni, kube-proxy, coredns, ebs-csi, efs-csi, metrics-server, node monitoring agent
  "aws:eks/addon:Addon": 8,
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": 1,
  "aws:efs/fileSystem:FileSystem": 1,
  "aws:ec2/securityGroup:SecurityGroup": 1,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
  "pulumi:providers:kubernetes": 1,
  "kubernetes:storage.k8s.io/v1:StorageClass": 2,
};

/** A VPC over three zones with a NAT gateway in each. */
const VPC_PER_ZONE_NAT = {
  "aws:ec2/vpc:Vpc": 1,
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
  "aws:ec2/internetGateway:InternetGateway": 1,
  "aws:ec2/subnet:Subnet": 6,
  "aws:ec2/routeTable:RouteTable": 4,
  "aws:ec2/route:Route": 4,
  "aws:ec2/routeTableAssociation:RouteTableAssociation": 6,
  "aws:ec2/eip:Eip": 3,
  "aws:ec2/natGateway:NatGateway": 3,
};

/** System pool plus the two planned GPU pools, each with its launch template; 8 CA tags per GPU pool. */
const TWO_GPU_POOLS = {
  "aws:eks/nodeGroup:NodeGroup": 3,
  "aws:ec2/launchTemplate:LaunchTemplate": 3,
  "aws:autoscaling/tag:Tag": 16,
  // the device plugin and cluster-autoscaler
  "kubernetes:helm.sh/v3:Release": 2,
};

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

describe("EksCluster resource graph", () => {
  it("creates exactly the VPC, control plane, add-ons and one node group per planned pool", async () => {
    const { run } = await renderEks();
    assert.deepEqual(sorted(typeCounts(run.resources)), sorted({ ...CORE, ...VPC_PER_ZONE_NAT, ...TWO_GPU_POOLS, "aws:efs/mountTarget:MountTarget": 3 }));
  });

  it("renders the same graph in preview, where the cluster's and node groups' computed outputs are unknown", async () => {
    // Fakes that compute nothing: in preview, every output the engine does not return is unknown.
    const nothingComputed = { outputs: { "aws:eks/cluster:Cluster": () => ({}), "aws:eks/nodeGroup:NodeGroup": () => ({}) }, invokes: {} };
    const { run } = await renderEks(eksArgs(), { preview: true, fakes: nothingComputed });
    assert.deepEqual(sorted(typeCounts(run.resources)), sorted({ ...CORE, ...VPC_PER_ZONE_NAT, ...TWO_GPU_POOLS, "aws:efs/mountTarget:MountTarget": 3 }));
    const tag = run.resources.find((r) => r.type === "aws:autoscaling/tag:Tag")!;
    assert.ok(pulumi.isUnknown(tag.inputs.autoscalingGroupName), "the ASG name is not known before the node group exists");
  });

  it("parents every resource to the component and names it after the component", async () => {
    const { run } = await renderEks();
    const component = one(run, "ml-clusters:index:EksCluster");
    const children = run.resources.filter((r) => r !== component);
    assert.deepEqual(children.filter((r) => r.parent !== component.urn).map((r) => r.name), []);
    assert.deepEqual(children.filter((r) => !r.name.startsWith("ml-")).map((r) => r.name), []);
  });

  it("shares one NAT gateway across zones when asked to", async () => {
    const counts = typeCounts((await renderEks(eksArgs({ natGateways: "single" }))).run.resources);
    assert.equal(counts["aws:ec2/natGateway:NatGateway"], 1);
    assert.equal(counts["aws:ec2/eip:Eip"], 1);
    assert.equal(counts["aws:ec2/route:Route"], 4);
  });

  it("creates no network with existing subnets, and a mount target in each of them", async () => {
    const subnets = ["subnet-0123456789abcdef0", "subnet-1123456789abcdef0"];
    const { run } = await renderEks(eksArgs({}, { network: { cidr: "10.0.0.0/16", existingSubnetIds: subnets } }));
    assert.deepEqual(sorted(typeCounts(run.resources)), sorted({ ...CORE, ...TWO_GPU_POOLS, "aws:efs/mountTarget:MountTarget": 2 }));
    assert.deepEqual(one(run, "aws:eks/cluster:Cluster").inputs.vpcConfig.subnetIds, subnets);
    assert.deepEqual(run.resources.filter((r) => r.type === "aws:efs/mountTarget:MountTarget").map((r) => r.inputs.subnetId), subnets);
  });

  it("spans two zones in us-west-1, where new accounts get two", async () => {
    const counts = typeCounts((await renderEks(eksArgs({}, { region: "us-west-1" }, [planPool({ instanceType: "g4dn.xlarge", gpu: "t4" })]))).run.resources);
    assert.equal(counts["aws:ec2/subnet:Subnet"], 4);
    assert.equal(counts["aws:ec2/natGateway:NatGateway"], 2);
  });

  it("installs no device plugin and tags no group when the plan has no GPU pool", async () => {
    const { run, cluster } = await renderEks(eksArgs({}, {}, []));
    const counts = typeCounts(run.resources);
    assert.equal(counts["aws:eks/nodeGroup:NodeGroup"], 1);
    assert.equal(counts["aws:autoscaling/tag:Tag"], undefined);
    assert.deepEqual(run.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart), ["cluster-autoscaler"]);
    assert.deepEqual(cluster.pools, {});
  });

  it("never asks for delete-before-replace or forced replacement", async () => {
    const { run } = await renderEks();
    assert.deepEqual(run.resources.filter((r) => r.options.deleteBeforeReplace || r.options.replaceOnChanges).map((r) => r.name), []);
  });
});
