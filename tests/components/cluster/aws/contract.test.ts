import assert from "node:assert/strict";
import { EksCluster } from "../../../../components/cluster/aws";
import { BadInputError } from "../../../../components/bad-input";
import { render } from "../../../helpers/mocks";
import { planPool } from "../../../helpers/builders";
import { allowLbIngress, ingressFrom, internalService } from "../../../helpers/load-balancer";
import { eksArgs, one, renderEks } from "./fixtures";

describe("EksCluster with bad args", () => {
  it("throws one BadInputError (a pulumi.RunError) listing every problem, and registers nothing, not even itself", async () => {
    let caught: unknown;
    const args = eksArgs({}, { apiAccess: { allowedCidrs: ["0.0.0.0/0"] } }, [planPool({ instanceType: "m5.large" }), planPool({ name: "h", gpu: "a100-80gb", instanceType: "p4de.24xlarge", gpusPerNode: 8 })]);
    const run = await render(() => {
      try {
        new EksCluster("ml", { ...args, spec: { ...args.spec, region: "eu-central-1" }, plan: { ...args.plan, region: "eu-central-1" } });
      } catch (e) {
        caught = e;
      }
      return {};
    });
    assert.ok(caught instanceof BadInputError);
    assert.equal(
      caught.message,
      [
        'EksCluster "ml": 3 problem(s)',
        '  apiAccess.allowedCidrs[0]: "0.0.0.0/0" would open the public API endpoint to the internet (CIS EKS 5.4.1): networks wider than /8 are refused; list only the networks that need the API (office, VPN or CI runner CIDRs), or remove apiAccess to keep the endpoint private',
        '  plan.pools[0].instanceType: "m5.large" is not a GPU instance type in the AWS catalogue; for l4 in eu-central-1 use one of: g6.xlarge, g6.2xlarge, g6.4xlarge, g6.8xlarge',
        "  plan.pools[1].gpu: a100-80gb GPUs are not offered on AWS in eu-central-1 (the catalogue has them only in us-east-1, us-west-2); choose another region or another GPU model",
      ].join("\n"),
    );
    assert.deepEqual(run.resources, []);
  });
});

describe("EksCluster as a ClusterContract", () => {
  it("tells workloads where the system pool is, and needs no toleration there", async () => {
    const { cluster } = await renderEks();
    assert.deepEqual(cluster.system, { nodeSelector: { "ml-clusters.io/pool": "system" }, tolerations: [] });
  });

  it("makes load balancers NLBs, internal unless asked otherwise", async () => {
    const { cluster } = await renderEks();
    assert.deepEqual(cluster.internalLoadBalancerAnnotations, {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    });
    assert.deepEqual(cluster.publicLoadBalancerAnnotations, {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
    });
  });

  it("exposes the cluster's name, the EKS cluster resource, and what workloads must wait for", async () => {
    const { run, cluster } = await renderEks();
    assert.equal(await new Promise((resolve) => cluster.name.apply(resolve)), "ml-dev");
    assert.equal(await new Promise((resolve) => cluster.arn.apply(resolve)), "arn:aws:eks:us-east-1:123456789012:cluster/ml-dev");
    assert.equal(await new Promise((resolve) => cluster.clusterResource.urn.apply(resolve)), one(run, "aws:eks/cluster:Cluster").urn);
    const readyUrns = await Promise.all(cluster.ready.map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));
    const expected = [
      ["aws:eks/nodeGroup:NodeGroup", "ml-system"],
      ["aws:eks/nodeGroup:NodeGroup", "ml-l4-1"],
      ["aws:eks/nodeGroup:NodeGroup", "ml-train"],
      ["aws:eks/addon:Addon", "ml-coredns"],
      ["aws:eks/addon:Addon", "ml-aws-ebs-csi-driver"],
      ["aws:eks/addon:Addon", "ml-aws-efs-csi-driver"],
      ["aws:eks/addon:Addon", "ml-metrics-server"],
      ["aws:efs/mountTarget:MountTarget", "ml-shared-0"],
      ["aws:efs/mountTarget:MountTarget", "ml-shared-1"],
      ["aws:efs/mountTarget:MountTarget", "ml-shared-2"],
      ["kubernetes:helm.sh/v3:Release", "ml-nvidia-device-plugin"],
      ["kubernetes:helm.sh/v3:Release", "ml-cluster-autoscaler"],
    ].map(([type, name]) => one(run, type, name).urn);
    assert.deepEqual(readyUrns, expected);
  });
});

describe("EksCluster's internal load balancer sources", () => {
  async function policyOn(spec: Parameters<typeof eksArgs>[1]): Promise<unknown> {
    const run = await render(() => {
      internalService(new EksCluster("ml", eksArgs({}, spec)));
      return {};
    });
    return allowLbIngress(run);
  }

  it("admits an internal service's load balancer from the VPC's range only, where kube-proxy's masquerade puts every source", async () => {
    assert.deepEqual(await policyOn({}), ingressFrom(["10.0.0.0/16"]));
    assert.deepEqual(await policyOn({ network: { cidr: "10.42.0.0/16" } }), ingressFrom(["10.42.0.0/16"]));
  });

  it("admits it from every associated range of the existing subnets' VPC", async () => {
    const subnets = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];
    assert.deepEqual(await policyOn({ network: { cidr: "10.0.0.0/16", existingSubnetIds: subnets } }), ingressFrom(["10.30.0.0/16", "100.64.0.0/16"]));
  });
});
