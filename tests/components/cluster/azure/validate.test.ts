import assert from "node:assert/strict";
import { AksCluster, checkAgentPoolNames, checkAksOptions, checkApiAccess, checkKubernetesVersion, checkNetwork, checkPlanPools, checkSystemPool, checkTarget, resolveAksOptions } from "../../../../components/cluster/azure";
import { findInstanceType, instanceTypes, workerTypes } from "../../../../components/catalog";
import { BadInputError } from "../../../../components/bad-input";
import { render } from "../../../helpers/mocks";
import { A100, CPU_SPOT, D4, D8, MIXED_POOLS, T4, args, cpuPool, fallbackOf, plan, pool, spec } from "./fixtures";

const defaults = resolveAksOptions(args());

/** The catalogue's sizes of a GPU in a region, as the error lists them. */
function offered(gpu: string, region: string): string {
  return instanceTypes("azure").filter((t) => t.gpu === gpu && t.regions.includes(region)).map((t) => t.name).join(", ");
}

describe("AksCluster argument checks", () => {
  describe("target", () => {
    it("rejects a spec for another cloud and a plan for another cloud or region", () => {
      assert.deepEqual(checkTarget(spec({ cloud: "gcp" }), plan([], { cloud: "aws", region: "westus2" })), [
        { path: "cloud", message: 'AksCluster builds AKS clusters, got cloud "gcp"; set cloud: azure or use the gcp cluster' },
        { path: "plan.cloud", message: 'the capacity plan is for cloud "aws", not "azure"; plan capacity for the Azure spec' },
        { path: "plan.region", message: 'the capacity plan is for region "westus2" but the spec\'s region is "eastus"; plan capacity again for "eastus"' },
      ]);
    });
  });

  describe("API access", () => {
    it("accepts no apiAccess (private endpoint) and explicit networks", () => {
      assert.deepEqual(checkApiAccess(undefined), []);
      assert.deepEqual(checkApiAccess({ allowedCidrs: ["203.0.113.0/24", "198.51.100.7/32"] }), []);
    });

    it("rejects an endpoint open to the whole internet", () => {
      assert.deepEqual(checkApiAccess({ allowedCidrs: ["0.0.0.0/0"] }), [
        { path: "apiAccess.allowedCidrs[0]", message: '"0.0.0.0/0" opens the Kubernetes API to the internet (CIS AKS 5.4.1): networks wider than /8 are refused; list your own networks, or remove apiAccess for a private API endpoint' },
      ]);
    });

    it("rejects the internet split into wide halves, and accepts a /8", () => {
      const message = (cidr: string) =>
        `"${cidr}" opens the Kubernetes API to the internet (CIS AKS 5.4.1): networks wider than /8 are refused; list your own networks, or remove apiAccess for a private API endpoint`;
      assert.deepEqual(checkApiAccess({ allowedCidrs: ["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/7"] }), [
        { path: "apiAccess.allowedCidrs[0]", message: message("0.0.0.0/1") },
        { path: "apiAccess.allowedCidrs[1]", message: message("128.0.0.0/1") },
        { path: "apiAccess.allowedCidrs[2]", message: message("10.0.0.0/7") },
      ]);
      assert.deepEqual(checkApiAccess({ allowedCidrs: ["11.0.0.0/8"] }), []);
    });

    it("rejects private and shared ranges, which never reach the public API server, and points them at a private cluster", () => {
      const message = (cidr: string, rfc: string, block: string) =>
        `"${cidr}" is private address space (${rfc}, ${block}), which never reaches AKS's public API server; ` +
        "networks in the cluster's VNet or connected to it (peering, VPN, ExpressRoute) reach a private cluster instead: remove apiAccess for a private API server, " +
        "and link each peered VNet to the cluster's private DNS zone; or list the public address the network reaches the internet from";
      assert.deepEqual(checkApiAccess({ allowedCidrs: ["10.20.0.0/16", "198.51.100.0/24", "172.31.0.0/16", "192.168.10.0/24", "100.100.0.0/16"] }), [
        { path: "apiAccess.allowedCidrs[0]", message: message("10.20.0.0/16", "RFC 1918", "10.0.0.0/8") },
        { path: "apiAccess.allowedCidrs[2]", message: message("172.31.0.0/16", "RFC 1918", "172.16.0.0/12") },
        { path: "apiAccess.allowedCidrs[3]", message: message("192.168.10.0/24", "RFC 1918", "192.168.0.0/16") },
        { path: "apiAccess.allowedCidrs[4]", message: message("100.100.0.0/16", "RFC 6598", "100.64.0.0/10") },
      ]);
    });

    it("accepts public ranges that border private space", () => {
      assert.deepEqual(checkApiAccess({ allowedCidrs: ["172.32.0.0/11", "100.128.0.0/9", "192.169.0.0/16"] }), []);
    });

    it("rejects an empty list, malformed or IPv6 ranges and host addresses", () => {
      assert.deepEqual(checkApiAccess({ allowedCidrs: [] }), [
        { path: "apiAccess.allowedCidrs", message: "must list at least one network, got an empty list; list the networks that may reach the API, or remove apiAccess for a private API endpoint" },
      ]);
      assert.deepEqual(checkApiAccess({ allowedCidrs: ["10.0.0/8", "2001:db8::/32", "203.0.113.9/24"] }), [
        { path: "apiAccess.allowedCidrs[0]", message: 'must be an IPv4 network such as 203.0.113.0/24 (AKS authorized IP ranges are IPv4), got "10.0.0/8"' },
        { path: "apiAccess.allowedCidrs[1]", message: 'must be an IPv4 network such as 203.0.113.0/24 (AKS authorized IP ranges are IPv4), got "2001:db8::/32"' },
        { path: "apiAccess.allowedCidrs[2]", message: '"203.0.113.9/24" is not a network address; use 203.0.113.0/24' },
      ]);
    });

    it("rejects more authorized ranges than AKS accepts", () => {
      const cidrs = Array.from({ length: 201 }, (_, i) => `11.${Math.floor(i / 256)}.${i % 256}.0/24`);
      assert.deepEqual(checkApiAccess({ allowedCidrs: cidrs }), [
        { path: "apiAccess.allowedCidrs", message: "AKS accepts at most 200 authorized IP ranges, got 201; merge them into larger networks" },
      ]);
    });
  });

  describe("Kubernetes version", () => {
    it("accepts a minor version and rejects a patch version with the fix", () => {
      assert.deepEqual(checkKubernetesVersion("1.33"), []);
      assert.deepEqual(checkKubernetesVersion("1.33.2"), [
        { path: "kubernetesVersion", message: 'must be a Kubernetes minor version "<major>.<minor>", got "1.33.2"; use "1.33": AKS\'s patch upgrade channel keeps the cluster on the latest patch of that minor version' },
      ]);
      assert.deepEqual(checkKubernetesVersion("latest"), [
        { path: "kubernetesVersion", message: 'must be a Kubernetes minor version "<major>.<minor>", got "latest"; use a minor version such as "1.33"' },
      ]);
    });
  });

  describe("network", () => {
    it("accepts the default network and one existing subnet", () => {
      assert.deepEqual(checkNetwork({ cidr: "10.0.0.0/16" }, defaults), []);
      const id = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks";
      assert.deepEqual(checkNetwork({ cidr: "10.0.0.0/16", existingSubnetIds: [id] }, defaults), []);
    });

    it("rejects several or malformed existing subnets", () => {
      assert.deepEqual(checkNetwork({ cidr: "10.0.0.0/16", existingSubnetIds: ["subnet-123", "subnet-456"] }, defaults), [
        { path: "network.existingSubnetIds", message: "AKS nodes join one subnet: give exactly one Azure subnet resource ID, got 2" },
        { path: "network.existingSubnetIds[0]", message: 'must be an Azure subnet resource ID "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>", got "subnet-123"' },
        { path: "network.existingSubnetIds[1]", message: 'must be an Azure subnet resource ID "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>", got "subnet-456"' },
      ]);
    });

    it("rejects a node network that is too small, or overlaps the pod or service range", () => {
      assert.deepEqual(checkNetwork({ cidr: "10.0.0.0/26" }, defaults), [
        { path: "network.cidr", message: 'must be between /8 and /24 (the node subnet takes its first half, and needs room for every node of every pool), got "10.0.0.0/26"' },
      ]);
      assert.deepEqual(checkNetwork({ cidr: "10.0.0.0/8" }, defaults), [
        { path: "podCidr", message: '"10.244.0.0/16" overlaps network.cidr "10.0.0.0/8"; AKS needs the node, pod and service ranges apart, choose a range outside it' },
        { path: "serviceCidr", message: '"10.96.0.0/16" overlaps network.cidr "10.0.0.0/8"; AKS needs the node, pod and service ranges apart, choose a range outside it' },
      ]);
      assert.deepEqual(checkNetwork({ cidr: "192.168.0.0/16" }, resolveAksOptions(args({ podCidr: "10.96.0.0/12" }))), [
        { path: "serviceCidr", message: '"10.96.0.0/16" overlaps podCidr "10.96.0.0/12"; AKS needs the node, pod and service ranges apart, choose a range outside it' },
      ]);
    });
  });

  describe("system pool", () => {
    it("rejects a size that is not an Azure VM size, a GPU size, and bounds AKS refuses", () => {
      assert.deepEqual(checkSystemPool({ instanceType: "m6i.xlarge", minNodes: 0, maxNodes: 1001 }), [
        { path: "systemPool.instanceType", message: 'must be an Azure VM size such as Standard_D4s_v5, got "m6i.xlarge"' },
        { path: "systemPool.minNodes", message: "must be a whole number from 1 to 1000 (AKS system pools never scale to zero), got 0" },
        { path: "systemPool.maxNodes", message: "must be a whole number from systemPool.minNodes (0) to 1000, got 1001" },
      ]);
      assert.deepEqual(checkSystemPool({ instanceType: A100, minNodes: 3, maxNodes: 2 }), [
        { path: "systemPool.instanceType", message: `"${A100}" is a GPU VM size; the system pool runs cluster add-ons only, choose a general-purpose size such as Standard_D4s_v5` },
        { path: "systemPool.maxNodes", message: "must be a whole number from systemPool.minNodes (3) to 1000, got 2" },
      ]);
    });
  });

  describe("planned GPU pools", () => {
    it("accepts catalogue GPU sizes offered in the region", () => {
      assert.deepEqual(checkPlanPools(plan([pool("a", A100), pool("b", T4, { spot: true })]), "eastus"), []);
    });

    it("rejects a GPU pool on a VM size without GPUs", () => {
      assert.deepEqual(checkPlanPools(plan([pool("cpu", "Standard_D8s_v5", { gpu: "a100-80gb" })]), "eastus"), [
        {
          path: "plan.pools[0].instanceType",
          message: `"Standard_D8s_v5" has no GPUs; choose one of ${offered("a100-80gb", "eastus")}`,
        },
      ]);
    });

    it("rejects a GPU not offered in the region, naming where it is", () => {
      const h200Regions = findInstanceType("azure", "Standard_ND96isr_H200_v5")!.regions.join(", ");
      assert.ok(!h200Regions.split(", ").includes("eastus"), "the catalogue offers no H200 in eastus");
      assert.deepEqual(checkPlanPools(plan([pool("h200", "Standard_ND96isr_H200_v5", { min: 0, max: 1 })]), "eastus"), [
        {
          path: "plan.pools[0].instanceType",
          message: `"Standard_ND96isr_H200_v5" (GPU "h200") is not offered in region "eastus" (offered in ${h200Regions}); no catalogue size with GPU "h200" is offered in "eastus"; choose another GPU or region`,
        },
      ]);
    });

    it("rejects a GPU model that does not match the size, and bounds AKS refuses", () => {
      assert.deepEqual(checkPlanPools(plan([{ ...pool("x", T4, { gpu: "l4" }), minNodes: 3, maxNodes: 2 }]), "eastus"), [
        { path: "plan.pools[0].gpu", message: `pool asks for GPU "l4" but "${T4}" carries "t4"; no catalogue size with GPU "l4" is offered in "eastus"; choose another GPU or region` },
        { path: "plan.pools[0].maxNodes", message: "must be a whole number from 3 (at least 1 and at least minNodes) to 1000, got 2" },
      ]);
      assert.deepEqual(checkPlanPools(plan([{ ...pool("x", T4), minNodes: -1, maxNodes: 0 }]), "eastus"), [
        { path: "plan.pools[0].minNodes", message: "must be a whole number from 0 to 1000, got -1" },
        { path: "plan.pools[0].maxNodes", message: "must be a whole number from 1 (at least 1 and at least minNodes) to 1000, got 0" },
      ]);
    });

    it("rejects duplicate pool names and names that cannot be label values", () => {
      assert.deepEqual(checkPlanPools(plan([pool("GPU_1", T4), pool("GPU_1", T4)]), "eastus"), [
        { path: "plan.pools[0].name", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63) because it is a node label value, got "GPU_1"' },
        { path: "plan.pools[1].name", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63) because it is a node label value, got "GPU_1"' },
        { path: "plan.pools[1].name", message: 'pool "GPU_1" appears twice; pool names must be unique' },
      ]);
    });

    it("rejects a size the catalogue does not know, naming the sizes of the pool's kind", () => {
      assert.deepEqual(checkPlanPools(plan([pool("x", "Standard_NC999", { gpu: "t4" })]), "eastus"), [
        { path: "plan.pools[0].instanceType", message: `"Standard_NC999" is not an Azure VM size in the catalogue; choose one of ${offered("t4", "eastus")}` },
      ]);
    });

    it("rejects two pools whose AKS names collide", () => {
      const pools = [pool("inference-a", T4), pool("inference-a", T4)];
      const problems = checkAgentPoolNames(plan(pools), defaults);
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /^pools "inference-a" and "inference-a" get the same AKS pool name "inferenc[0-9a-f]{4}"; rename one so their first 8 letters and digits differ$/);
    });
  });

  describe("planned CPU, spot and fallback pools", () => {
    const cpuSizes = () => workerTypes("azure").filter((t) => t.gpu === null && t.regions.includes("eastus")).map((t) => t.name).join(", ");

    it("accepts CPU pools, spot pools and their on-demand fallbacks on catalogue sizes", () => {
      assert.deepEqual(checkPlanPools(plan(MIXED_POOLS), "eastus"), []);
      assert.deepEqual(checkAgentPoolNames(plan(MIXED_POOLS), defaults), []);
    });

    it("rejects a CPU pool on a GPU size, naming the CPU sizes offered", () => {
      assert.deepEqual(checkPlanPools(plan([{ ...cpuPool("cpu-1", D8), instanceType: T4 }]), "eastus"), [
        { path: "plan.pools[0].instanceType", message: `"${T4}" is a GPU size (GPU "t4") but the pool is a CPU pool; choose one of ${cpuSizes()}` },
      ]);
    });

    it("rejects a spot pool listing several sizes: an AKS agent pool has one", () => {
      assert.deepEqual(checkPlanPools(plan([{ ...CPU_SPOT, instanceTypes: [D4, D8] }]), "eastus"), [
        {
          path: "plan.pools[0].instanceTypes",
          message: `an AKS agent pool has one VM size, got 2 (${D4}, ${D8}); plan capacity again for Azure, which lists only "${D4}"`,
        },
      ]);
      assert.deepEqual(checkPlanPools(plan([{ ...CPU_SPOT, instanceTypes: [D4] }]), "eastus"), []);
    });

    it("rejects a fallback pool that is spot itself or backs no spot pool of the plan", () => {
      assert.deepEqual(checkPlanPools(plan([{ ...fallbackOf(CPU_SPOT), spot: true }]), "eastus"), [
        { path: "plan.pools[0].spot", message: 'fallback pool "cpu-spot-1-fallback" must be on-demand (it takes the pods when Spot capacity is missing), got spot: true; plan capacity again' },
        { path: "plan.pools[0].fallbackFor", message: '"cpu-spot-1" is not a spot pool of the plan (spot pools: cpu-spot-1-fallback); plan capacity again' },
      ]);
    });
  });

  describe("AKS options", () => {
    it("rejects bad resource group, login mode, disk size, vault name, workspace ID and zones", () => {
      const a = args({
        resourceGroupName: "rg.",
        kubeloginMode: "devicecode" as never,
        existingSubnetOutboundType: "loadBalancer" as never,
        gpuOsDiskSizeGB: 20,
        keyVaultName: "1-bad--name",
        logAnalyticsWorkspaceId: "logs",
        availabilityZones: { system: ["1", "4"], pools: { nope: ["1"] } },
      });
      assert.deepEqual(checkAksOptions(a, resolveAksOptions(a)), [
        { path: "resourceGroupName", message: 'must be 1-90 letters, digits, "-", "_", ".", "(" or ")", not ending in ".", got "rg."' },
        { path: "kubeloginMode", message: 'must be one of azurecli, workloadidentity, spn, msi, got "devicecode"' },
        { path: "existingSubnetOutboundType", message: 'must be one of userAssignedNATGateway, userDefinedRouting, got "loadBalancer"' },
        { path: "gpuOsDiskSizeGB", message: "must be a whole number of GB from 30 to 2048, got 20" },
        { path: "keyVaultName", message: 'must be 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit, got "1-bad--name"' },
        {
          path: "logAnalyticsWorkspaceId",
          message: 'must be a Log Analytics workspace resource ID "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>", got "logs"',
        },
        { path: "availabilityZones.system", message: 'zones must be among "1", "2", "3", got "4"' },
        { path: "availabilityZones.pools.nope", message: '"nope" is not a pool of the plan (pools: a100-80gb-1, batch); name a planned pool' },
      ]);
    });
  });

  describe("constructor", () => {
    it("throws one BadInputError (a pulumi.RunError) with every problem, before registering any resource", async () => {
      let caught: unknown;
      const run = await render(() => {
        try {
          new AksCluster("ml", args({ spec: spec({ apiAccess: { allowedCidrs: ["0.0.0.0/0"] }, kubernetesVersion: "1.33.1" }), plan: plan([pool("cpu", "Standard_D8s_v5")]) }));
        } catch (e) {
          caught = e;
        }
      });
      assert.ok(caught instanceof BadInputError);
      assert.deepEqual(caught.problems.map((p) => p.path), ["apiAccess.allowedCidrs[0]", "kubernetesVersion", "plan.pools[0].instanceType"]);
      assert.match(caught.message, /^AksCluster "ml": 3 problem\(s\)\n/);
      assert.deepEqual(run.resources, []);
    });
  });
});
