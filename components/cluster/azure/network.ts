/**
 * The AKS node network: a VNet with one private node subnet whose only way out is a NAT gateway
 * the package owns, or the user's existing subnet. Nodes never get public IPs.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import ipaddr from "ipaddr.js";
import type { ValidSpec } from "../../spec/types";
import type { ExistingSubnetOutboundType, ResolvedAksOptions } from "./args";

export interface AksNetwork {
  readonly subnetId: pulumi.Output<string>;
  /**
   * Where the control-plane identity needs Network Contributor: the VNet. A private cluster links
   * its private DNS zone to the VNet, which a subnet-scoped grant does not allow
   * (learn.microsoft.com/azure/aks/private-clusters, "Configure a private DNS zone").
   */
  readonly roleScope: pulumi.Output<string>;
  readonly outboundType: "userAssignedNATGateway" | ExistingSubnetOutboundType;
  /** The NAT gateway's public IP as a /32, for the API server's authorized ranges; absent for an existing subnet. */
  readonly egressCidr?: pulumi.Output<string | undefined>;
  /** What the cluster must wait for (the subnet with its NAT gateway). */
  readonly resources: readonly pulumi.Resource[];
  /** The VNet's address space: the spec's network, or the existing subnet's VNet's prefixes. */
  readonly vnetCidrs: pulumi.Output<string[]>;
}

export interface NetworkArgs {
  readonly spec: ValidSpec;
  readonly options: ResolvedAksOptions;
  readonly resourceGroupName: pulumi.Input<string>;
}

/**
 * Azure Files NFS volumes reach their storage account through the subnet's Microsoft.Storage
 * service endpoint; the file CSI driver adds it when missing, and Pulumi would then remove it on
 * the next update, so the package declares it (learn.microsoft.com/azure/aks/azure-files-csi, NFS).
 */
const STORAGE_SERVICE_ENDPOINT = "Microsoft.Storage";

export function aksNetwork(name: string, args: NetworkArgs, parent: pulumi.Resource): AksNetwork {
  const { spec, options } = args;
  const existing = spec.network.existingSubnetIds?.[0];
  if (existing !== undefined) {
    return {
      subnetId: pulumi.output(existing),
      roleScope: pulumi.output(vnetIdOfSubnet(existing)),
      outboundType: options.existingSubnetOutboundType,
      resources: [],
      vnetCidrs: existingVnetCidrs(existing, parent),
    };
  }
  const common = { resourceGroupName: args.resourceGroupName, location: spec.region, tags: options.tags };
  const ip = new network.PublicIPAddress(
    `${name}-egress-ip`,
    { ...common, sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4" },
    { parent },
  );
  const nat = new network.NatGateway(
    `${name}-nat`,
    // 4 minutes: Azure's default TCP idle timeout for NAT gateway flows.
    { ...common, sku: { name: "Standard" }, idleTimeoutInMinutes: 4, publicIpAddresses: [{ id: ip.id }] },
    { parent },
  );
  const vnet = new network.VirtualNetwork(
    `${name}-vnet`,
    { ...common, addressSpace: { addressPrefixes: [spec.network.cidr] } },
    // Subnets are separate resources; a VNet update must never rewrite them.
    { parent, ignoreChanges: ["subnets"] },
  );
  const subnet = new network.Subnet(
    `${name}-nodes`,
    {
      resourceGroupName: args.resourceGroupName,
      virtualNetworkName: vnet.name,
      addressPrefix: nodeSubnetCidr(spec.network.cidr),
      natGateway: { id: nat.id },
      serviceEndpoints: [{ service: STORAGE_SERVICE_ENDPOINT }],
      // A private subnet: no implicit Azure default outbound IP, egress only through the NAT gateway.
      defaultOutboundAccess: false,
    },
    { parent },
  );
  return {
    subnetId: subnet.id,
    roleScope: vnet.id,
    outboundType: "userAssignedNATGateway",
    egressCidr: ip.ipAddress.apply((a) => (a ? `${a}/32` : undefined)),
    resources: [subnet, nat],
    vnetCidrs: pulumi.output([spec.network.cidr]),
  };
}

/** The IPv4 prefixes of the VNet an existing subnet belongs to (its ID names the group and VNet). */
function existingVnetCidrs(subnetId: string, parent: pulumi.Resource): pulumi.Output<string[]> {
  const m = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\//i.exec(subnetId);
  if (m === null) throw new Error(`bug: subnet ID "${subnetId}" passed validation without a VNet in it`);
  const vnet = network.getVirtualNetworkOutput({ resourceGroupName: m[1], virtualNetworkName: m[2] }, { parent });
  return vnet.apply((v) => (v.addressSpace?.addressPrefixes ?? []).filter((p) => ipaddr.IPv4.isValidCIDRFourPartDecimal(p)));
}

/**
 * The node subnet: the first half of the VNet. With Azure CNI Overlay pods take no VNet addresses,
 * so half a /16 is 32k node IPs; the other half stays free for private endpoints and API server
 * VNet integration.
 */
export function nodeSubnetCidr(vnetCidr: string): string {
  const [address, prefix] = ipaddr.IPv4.parseCIDR(vnetCidr);
  return `${address.toString()}/${prefix + 1}`;
}

/** The VNet of a subnet resource ID (`.../virtualNetworks/<vnet>/subnets/<subnet>`). */
export function vnetIdOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/, "");
}
