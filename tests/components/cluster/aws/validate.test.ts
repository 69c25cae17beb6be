import assert from "node:assert/strict";
import {
  AWS_CATALOG,
  AwsCatalog,
  checkApiAccess,
  checkCloud,
  checkGpuPools,
  checkKubernetesVersion,
  checkNameAndRegion,
  checkNetwork,
  checkOptions,
  checkSystemPool,
  eksClusterProblems,
} from "../../../../components/cluster/aws";
import { planPool } from "../../../helpers/builders";
import { awsPlan, awsSpec, CPU_AND_SPOT_POOLS, eksArgs } from "./fixtures";

describe("EKS args validation", () => {
  it("accepts the default spec with an L4 and an A100 pool", () => {
    assert.deepEqual(eksClusterProblems(eksArgs()), []);
  });

  describe("cloud and plan", () => {
    it("rejects a spec for another cloud and a plan for another cloud or region", () => {
      assert.deepEqual(checkCloud(awsSpec({ cloud: "gcp" }), { ...awsPlan([]), cloud: "gcp", region: "us-west-2" }), [
        { path: "cloud", message: 'must be "aws" for an EKS cluster, got "gcp"; use the gcp cluster component, or set cloud: aws' },
        { path: "plan.cloud", message: 'the capacity plan is for "gcp", not "aws"; plan capacity again for this spec (ml-clusters plan)' },
        { path: "plan.region", message: 'the capacity plan is for region "us-west-2" but the spec says "us-east-1"; plan capacity again for this spec (ml-clusters plan)' },
      ]);
    });

    it("rejects an unknown region and suggests the closest one", () => {
      assert.deepEqual(checkNameAndRegion(awsSpec({ region: "us-east-9" })), [
        { path: "region", message: '"us-east-9" is not an AWS region the catalogue knows; did you mean "us-east-1"? (regions are spelled like us-east-1)' },
      ]);
    });

    it("rejects a cluster name EKS refuses", () => {
      assert.deepEqual(checkNameAndRegion(awsSpec({ name: "-dev" })), [
        { path: "name", message: '"-dev" is not a valid EKS cluster name: use 1 to 100 letters, digits, "-" or "_", starting with a letter or digit' },
      ]);
    });

    it("rejects a Kubernetes version without a pinned cluster-autoscaler", () => {
      assert.deepEqual(checkKubernetesVersion(awsSpec({ kubernetesVersion: "1.29" })), [
        {
          path: "kubernetesVersion",
          message: '"1.29" is not a Kubernetes version this package runs on EKS (supported: 1.30, 1.31, 1.32, 1.33, 1.34, 1.35); pick one of them, written as major.minor',
        },
      ]);
    });
  });

  describe("API endpoint access", () => {
    it("accepts no apiAccess (private endpoint) and explicit office CIDRs", () => {
      assert.deepEqual(checkApiAccess(awsSpec()), []);
      assert.deepEqual(checkApiAccess(awsSpec({ apiAccess: { allowedCidrs: ["203.0.113.0/24", "198.51.100.7/32"] } })), []);
    });

    it("rejects an endpoint open to the whole internet", () => {
      assert.deepEqual(checkApiAccess(awsSpec({ apiAccess: { allowedCidrs: ["203.0.113.0/24", "0.0.0.0/0"] } })), [
        {
          path: "apiAccess.allowedCidrs[1]",
          message:
            '"0.0.0.0/0" would open the public API endpoint to the internet (CIS EKS 5.4.1): networks wider than /8 are refused; list only the networks that need the API (office, VPN or CI runner CIDRs), or remove apiAccess to keep the endpoint private',
        },
      ]);
    });

    it("rejects the internet split into wide halves, and accepts a /8", () => {
      const message = (cidr: string) =>
        `"${cidr}" would open the public API endpoint to the internet (CIS EKS 5.4.1): networks wider than /8 are refused; list only the networks that need the API (office, VPN or CI runner CIDRs), or remove apiAccess to keep the endpoint private`;
      assert.deepEqual(checkApiAccess(awsSpec({ apiAccess: { allowedCidrs: ["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/7"] } })), [
        { path: "apiAccess.allowedCidrs[0]", message: message("0.0.0.0/1") },
        { path: "apiAccess.allowedCidrs[1]", message: message("128.0.0.0/1") },
        { path: "apiAccess.allowedCidrs[2]", message: message("10.0.0.0/7") },
      ]);
      assert.deepEqual(checkApiAccess(awsSpec({ apiAccess: { allowedCidrs: ["11.0.0.0/8"] } })), []);
    });

    it("rejects private and shared ranges, which never reach the public endpoint, and points them at the private endpoint", () => {
      const message = (cidr: string, rfc: string, block: string) =>
        `"${cidr}" is private address space (${rfc}, ${block}), which never reaches EKS's public endpoint; ` +
        "networks in the VPC or connected to it (peering, transit gateway, VPN, Direct Connect) reach the private endpoint, which this cluster always has: " +
        "allow them on TCP 443 in the cluster security group and remove this range, or list the public address the network reaches the internet from";
      assert.deepEqual(checkApiAccess(awsSpec({ apiAccess: { allowedCidrs: ["203.0.113.0/24", "10.20.0.0/16", "172.16.5.0/24", "192.168.0.0/16", "100.64.0.0/10"] } })), [
        { path: "apiAccess.allowedCidrs[1]", message: message("10.20.0.0/16", "RFC 1918", "10.0.0.0/8") },
        { path: "apiAccess.allowedCidrs[2]", message: message("172.16.5.0/24", "RFC 1918", "172.16.0.0/12") },
        { path: "apiAccess.allowedCidrs[3]", message: message("192.168.0.0/16", "RFC 1918", "192.168.0.0/16") },
        { path: "apiAccess.allowedCidrs[4]", message: message("100.64.0.0/10", "RFC 6598", "100.64.0.0/10") },
      ]);
    });

    it("accepts public ranges that border private space", () => {
      assert.deepEqual(checkApiAccess(awsSpec({ apiAccess: { allowedCidrs: ["172.32.0.0/11", "100.128.0.0/9", "192.169.0.0/16"] } })), []);
    });

    it("rejects an empty list, a non-CIDR, an IPv6 range and host bits, each at its own path", () => {
      assert.deepEqual(checkApiAccess(awsSpec({ apiAccess: { allowedCidrs: [] } })), [
        {
          path: "apiAccess.allowedCidrs",
          message: "must list at least one network when apiAccess is set, got an empty list; list the CIDRs that need the API, or remove apiAccess to keep the endpoint private",
        },
      ]);
      assert.deepEqual(checkApiAccess(awsSpec({ apiAccess: { allowedCidrs: ["office", "2001:db8::/32", "203.0.113.5/24"] } })), [
        { path: "apiAccess.allowedCidrs[0]", message: '"office" is not an IPv4 CIDR block; write each network (EKS takes IPv4 ranges for the public endpoint) like 203.0.113.0/24' },
        { path: "apiAccess.allowedCidrs[1]", message: '"2001:db8::/32" is not an IPv4 CIDR block; write each network (EKS takes IPv4 ranges for the public endpoint) like 203.0.113.0/24' },
        { path: "apiAccess.allowedCidrs[2]", message: '"203.0.113.5/24" has host bits set; write the network address, "203.0.113.0/24"' },
      ]);
    });
  });

  describe("network", () => {
    it("rejects a VPC range too small for pod addresses", () => {
      assert.deepEqual(checkNetwork(awsSpec({ network: { cidr: "10.0.0.0/24" } })), [
        {
          path: "network.cidr",
          message: '"10.0.0.0/24" has a /24 prefix; an EKS VPC here must be /16 to /20 (AWS allows /16 at most, and every pod takes a VPC address); use e.g. 10.0.0.0/16',
        },
      ]);
    });

    it("rejects existing subnets in one zone, malformed and repeated subnet IDs", () => {
      assert.deepEqual(checkNetwork(awsSpec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: ["subnet-0123456789abcdef0"] } })), [
        { path: "network.existingSubnetIds", message: "EKS needs subnets in at least two availability zones, got 1 subnet(s); list one private subnet per zone" },
      ]);
      assert.deepEqual(checkNetwork(awsSpec({ network: { cidr: "10.0.0.0/16", existingSubnetIds: ["subnet-0123456789abcdef0", "sub-1", "subnet-0123456789abcdef0"] } })), [
        { path: "network.existingSubnetIds[1]", message: '"sub-1" is not a subnet ID; subnet IDs look like subnet-0123456789abcdef0' },
        { path: "network.existingSubnetIds[2]", message: '"subnet-0123456789abcdef0" is listed twice; list each subnet once' },
      ]);
    });

    it("does not check the VPC range when existing subnets are used", () => {
      assert.deepEqual(checkNetwork(awsSpec({ network: { cidr: "bogus", existingSubnetIds: ["subnet-0123456789abcdef0", "subnet-1111111111abcdef0"] } })), []);
    });
  });

  describe("system pool", () => {
    it("rejects a GPU type, and a pool that could shrink to no nodes", () => {
      assert.deepEqual(checkSystemPool(awsSpec({ systemPool: { instanceType: "g6.xlarge", minNodes: 0, maxNodes: 0 } })), [
        {
          path: "systemPool.instanceType",
          message: '"g6.xlarge" is a GPU instance type; the system pool runs add-ons and CPU workloads, use a CPU type such as m6i.xlarge',
        },
        { path: "systemPool.minNodes", message: "must be a whole number of at least 1 (the system pool runs CoreDNS and the autoscaler), got 0" },
        { path: "systemPool.maxNodes", message: "must be a whole number of at least 1 (EKS node groups need maxSize >= 1), got 0" },
      ]);
    });

    it("rejects a name that is not an instance type, and max below min", () => {
      assert.deepEqual(checkSystemPool(awsSpec({ systemPool: { instanceType: "large", minNodes: 3, maxNodes: 2 } })), [
        { path: "systemPool.instanceType", message: '"large" is not an EC2 instance type name; use a name like m6i.xlarge' },
        { path: "systemPool.maxNodes", message: "must be at least minNodes (3), got 2; raise maxNodes or lower minNodes" },
      ]);
    });
  });

  describe("GPU pools", () => {
    const check = (pool: Parameters<typeof planPool>[0], region = "us-east-1", catalog: AwsCatalog = AWS_CATALOG) =>
      checkGpuPools(awsSpec({ region }), awsPlan([planPool(pool)], region), catalog);

    it("rejects an instance type the GPU catalogue does not have, suggesting the cheapest that fit", () => {
      assert.deepEqual(check({ instanceType: "m5.large" }), [
        {
          path: "plan.pools[0].instanceType",
          message: '"m5.large" is not a GPU instance type in the AWS catalogue; for l4 in us-east-1 use one of: g6.xlarge, g6.2xlarge, g6.4xlarge, g6.8xlarge',
        },
      ]);
    });

    it("rejects a type without whole GPUs", () => {
      const fractional = { ...AWS_CATALOG.findInstanceType("g6.xlarge")!, name: "g6f.xlarge", machineType: "g6f.xlarge", gpus: 0 };
      const catalog: AwsCatalog = { ...AWS_CATALOG, findInstanceType: (n) => (n === "g6f.xlarge" ? fractional : AWS_CATALOG.findInstanceType(n)) };
      assert.deepEqual(check({ instanceType: "g6f.xlarge" }, "us-east-1", catalog), [
        { path: "plan.pools[0].instanceType", message: '"g6f.xlarge" has no whole GPUs; for l4 in us-east-1 use one of: g6.xlarge, g6.2xlarge, g6.4xlarge, g6.8xlarge' },
      ]);
    });

    it("rejects a GPU model not offered in the region", () => {
      assert.deepEqual(check({ gpu: "a100-80gb", instanceType: "p4de.24xlarge", gpusPerNode: 8 }, "eu-west-1"), [
        {
          path: "plan.pools[0].gpu",
          message: "a100-80gb GPUs are not offered on AWS in eu-west-1 (the catalogue has them only in us-east-1, us-west-2); choose another region or another GPU model",
        },
      ]);
    });

    it("lists at most eight regions where a GPU is offered", () => {
      assert.deepEqual(check({}, "eu-west-1"), [
        {
          path: "plan.pools[0].gpu",
          message:
            "l4 GPUs are not offered on AWS in eu-west-1 (the catalogue has them only in ap-northeast-1, ap-northeast-2, ap-south-1, ap-southeast-2, ca-central-1, eu-central-1, eu-central-2, eu-north-1 and 6 more); choose another region or another GPU model",
        },
      ]);
    });

    it("rejects an instance type not offered in the region when another type with that GPU is", () => {
      assert.deepEqual(check({ gpu: "h200", instanceType: "p5e.48xlarge", gpusPerNode: 8 }, "ap-northeast-1"), [
        { path: "plan.pools[0].instanceType", message: '"p5e.48xlarge" is not offered in ap-northeast-1; h200 comes there on: p5en.48xlarge' },
      ]);
    });

    it("rejects a type whose GPU or GPU count differs from the plan", () => {
      assert.deepEqual(check({ instanceType: "g5.xlarge" }), [
        { path: "plan.pools[0].instanceType", message: '"g5.xlarge" carries a10g GPUs but the pool is planned for l4; plan capacity again' },
      ]);
      assert.deepEqual(check({ instanceType: "g6.12xlarge", gpusPerNode: 1 }), [
        { path: "plan.pools[0].gpusPerNode", message: 'is 1 but "g6.12xlarge" has 4 GPU(s) per node; plan capacity again' },
      ]);
    });

    it("rejects bounds EKS refuses: negative or fractional min, max of zero, max below min", () => {
      assert.deepEqual(check({ minNodes: -1, maxNodes: 0 }), [
        { path: "plan.pools[0].minNodes", message: "must be a whole number of at least 0, got -1" },
        { path: "plan.pools[0].maxNodes", message: "must be a whole number of at least 1 (EKS node groups need maxSize >= 1), got 0" },
      ]);
      assert.deepEqual(check({ minNodes: 1.5, maxNodes: 2 }), [{ path: "plan.pools[0].minNodes", message: "must be a whole number of at least 0, got 1.5" }]);
      assert.deepEqual(check({ minNodes: 3, maxNodes: 2 }), [
        { path: "plan.pools[0].maxNodes", message: "must be at least minNodes (3), got 2; raise maxNodes or lower minNodes" },
      ]);
    });

    it("accepts a pool that scales from zero", () => {
      assert.deepEqual(check({ minNodes: 0, maxNodes: 1 }), []);
    });

    it("rejects the system pool's name, repeated names, invalid and overlong names", () => {
      const pools = [planPool({ name: "system" }), planPool(), planPool(), planPool({ name: "L4" }), planPool({ name: "a".repeat(37) })];
      assert.deepEqual(
        checkGpuPools(awsSpec(), awsPlan(pools)).map((p) => p.path + ": " + p.message),
        [
          `plan.pools[0].name: "system" is the system pool's name; give the pool another name in gpuPools or cpuPools`,
          `plan.pools[2].name: "l4-1" names two pools; pool names must be unique`,
          `plan.pools[3].name: "L4" is not a valid pool name: use lower-case letters, digits and "-", starting and ending with a letter or digit`,
          `plan.pools[4].name: "${"a".repeat(37)}" is 37 characters; EKS node group names leave room for 36, so shorten it in gpuPools or cpuPools`,
        ],
      );
    });
  });

  describe("CPU and Spot pools", () => {
    const CPU = { name: "cpu-1", gpu: null, instanceType: "m7i.xlarge", gpusPerNode: 0 } as const;
    const check = (pool: Parameters<typeof planPool>[0], region = "us-east-1") => checkGpuPools(awsSpec({ region }), awsPlan([planPool(pool)], region));

    it("accepts CPU pools, Spot pools over several types and their fallbacks as the planner makes them", () => {
      assert.deepEqual(eksClusterProblems(eksArgs({}, {}, CPU_AND_SPOT_POOLS)), []);
    });

    it("rejects a GPU type or an unknown type on a CPU pool, listing the cheapest CPU types of the region", () => {
      const cheapest = AWS_CATALOG.cpuInstanceTypes()
        .filter((t) => t.regions.includes("us-east-1"))
        .sort((a, b) => a.pricePerHour - b.pricePerHour || a.name.localeCompare(b.name))
        .slice(0, 4)
        .map((t) => t.name)
        .join(", ");
      assert.deepEqual(check({ ...CPU, instanceType: "g6.xlarge" }), [
        { path: "plan.pools[0].instanceType", message: `"g6.xlarge" is a l4 GPU instance type, but the pool is planned without GPUs; plan capacity again (CPU types in us-east-1: ${cheapest})` },
      ]);
      assert.deepEqual(check({ ...CPU, instanceType: "m5.large" }), [
        { path: "plan.pools[0].instanceType", message: `"m5.large" is not a CPU instance type in the AWS catalogue; plan capacity again (CPU types in us-east-1: ${cheapest})` },
      ]);
    });

    it("rejects GPUs per node on a CPU pool", () => {
      assert.deepEqual(check({ ...CPU, gpusPerNode: 1 }), [{ path: "plan.pools[0].gpusPerNode", message: "is 1 but a CPU pool has 0 GPUs per node; plan capacity again" }]);
    });

    it("rejects a Spot pool's extra type with another GPU count, and a list that does not start with the planned type", () => {
      assert.deepEqual(check({ spot: true, instanceTypes: ["g6.2xlarge", "g6.12xlarge"] }), [
        { path: "plan.pools[0].instanceTypes[0]", message: 'must be the pool\'s instanceType "g6.xlarge", got "g6.2xlarge"; plan capacity again' },
        { path: "plan.pools[0].instanceTypes[1]", message: '"g6.12xlarge" must carry 1 l4 GPU(s) like "g6.xlarge"; plan capacity again' },
      ]);
    });

    it("rejects a GPU type among a CPU Spot pool's types, and several types on an on-demand pool", () => {
      assert.deepEqual(check({ ...CPU, spot: true, instanceTypes: ["m7i.xlarge", "g6.xlarge"] }), [
        { path: "plan.pools[0].instanceTypes[1]", message: '"g6.xlarge" is not a CPU instance type in the AWS catalogue; plan capacity again' },
      ]);
      assert.deepEqual(check({ ...CPU, instanceTypes: ["m7i.xlarge", "r7i.xlarge"] }), [
        { path: "plan.pools[0].instanceTypes", message: "lists 2 types on an on-demand pool; only Spot pools take several types, plan capacity again" },
      ]);
    });
  });

  describe("component options", () => {
    it("rejects unknown NAT and support modes and root volumes outside gp3 and AMI limits", () => {
      const args = eksArgs({ natGateways: "none" as never, supportType: "FREE" as never, gpuRootVolumeGiB: 20, systemRootVolumeGiB: 20000 });
      assert.deepEqual(checkOptions(args), [
        { path: "natGateways", message: 'must be one of "perZone", "single", got "none"' },
        { path: "supportType", message: 'must be one of "STANDARD", "EXTENDED", got "FREE"' },
        { path: "gpuRootVolumeGiB", message: "must be a whole number of GiB from 50 to 16384 (gp3 limits and the AMI's own size), got 20" },
        { path: "systemRootVolumeGiB", message: "must be a whole number of GiB from 20 to 16384 (gp3 limits and the AMI's own size), got 20000" },
      ]);
    });

    it("rejects a role session ARN as admin, naming the role to use instead, and a non-IAM ARN", () => {
      const args = eksArgs({
        adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform/admins", "arn:aws:sts::123456789012:assumed-role/admins/alice", "arn:aws:s3:::bucket"],
      });
      assert.deepEqual(checkOptions(args), [
        {
          path: "adminPrincipalArns[1]",
          message: '"arn:aws:sts::123456789012:assumed-role/admins/alice" is a role session, not a principal; use the role\'s ARN, arn:aws:iam::123456789012:role/admins (with its path, if it has one)',
        },
        { path: "adminPrincipalArns[2]", message: '"arn:aws:s3:::bucket" is not an IAM role or user ARN; write it like arn:aws:iam::123456789012:role/platform-admins' },
      ]);
    });
  });

  it("lists every problem of every section at once, in spec order", () => {
    const args = eksArgs(
      { gpuRootVolumeGiB: 1 },
      { kubernetesVersion: "1.20", apiAccess: { allowedCidrs: ["0.0.0.0/0"] }, systemPool: { instanceType: "m6i.xlarge", minNodes: 0, maxNodes: 2 } },
      [planPool({ instanceType: "m5.large" })],
    );
    assert.deepEqual(
      eksClusterProblems(args).map((p) => p.path),
      ["kubernetesVersion", "apiAccess.allowedCidrs[0]", "systemPool.minNodes", "plan.pools[0].instanceType", "gpuRootVolumeGiB"],
    );
  });
});
