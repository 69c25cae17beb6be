/**
 * The AKS ManagedCluster: private (or authorized-range) API server, Entra ID with Azure RBAC and
 * no local accounts, OIDC issuer and workload identity, Azure CNI Overlay with Cilium network
 * policy, KMS, the patch upgrade channel, and the system pool, the one pool defined inline.
 *
 * The inline pool and the separate GPU AgentPools: AKS requires one pool in `agentPoolProfiles`
 * at creation and reports every pool of the cluster there afterwards; its API does not update
 * pools through that list (azure-native ManagedCluster docs; pulumi-azure-native #1808, #2719,
 * #4264). So `agentPoolProfiles` is ignored after creation, the system pool's settings are
 * create-time only, and every planned pool (GPU or CPU) is its own AgentPool resource.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import type { ValidSpec } from "../../spec/types";
import { ResolvedAksOptions, SYSTEM_OS_DISK_GB } from "./args";
import type { AksIdentities } from "./identity";
import type { AksNetwork } from "./network";
import type { AutoscalerProfile } from "./autoscaler";
import { AKS_MAX_PODS, SYSTEM_POOL_NAME, SYSTEM_TAINT, SYSTEM_UPGRADE_SETTINGS, aksTaint } from "./tables";

export interface ManagedClusterInputs {
  readonly spec: ValidSpec;
  readonly options: ResolvedAksOptions;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly tenantId: pulumi.Input<string>;
  readonly network: AksNetwork;
  readonly identities: AksIdentities;
  /** Versioned Key Vault key ID for KMS; absent when secrets encryption is off. */
  readonly kmsKeyId?: pulumi.Input<string>;
  /** Log Analytics workspace for Container Insights; absent when it is off. */
  readonly insightsWorkspaceId?: pulumi.Input<string>;
  /** The autoscaler profile for the plan's pools (autoscaler.ts autoscalerProfile). */
  readonly autoscalerProfile: AutoscalerProfile;
  /** Role assignments and network pieces that must exist first. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * What Pulumi must leave to Azure after creation: the pool list (see above) and the version the
 * patch channel moves (a minor upgrade is `az aks upgrade`, then the spec's version follows).
 */
export const MANAGED_CLUSTER_IGNORE_CHANGES = Object.freeze(["agentPoolProfiles", "kubernetesVersion"]);

export function managedCluster(name: string, inputs: ManagedClusterInputs, parent: pulumi.Resource): containerservice.ManagedCluster {
  const { spec, options, network, identities } = inputs;
  return new containerservice.ManagedCluster(
    `${name}-aks`,
    {
      resourceGroupName: inputs.resourceGroupName,
      location: spec.region,
      tags: options.tags,
      dnsPrefix: spec.name,
      kubernetesVersion: spec.kubernetesVersion,
      // Standard: the uptime SLA tier the catalogue prices the control plane at (catalog/clouds.ts).
      sku: { name: "Base", tier: "Standard" },
      identity: { type: "UserAssigned", userAssignedIdentities: [identities.controlPlane.id] },
      identityProfile: {
        kubeletidentity: { resourceId: identities.kubelet.id, clientId: identities.kubelet.clientId, objectId: identities.kubelet.principalId },
      },
      aadProfile: { managed: true, enableAzureRBAC: true, tenantID: inputs.tenantId },
      disableLocalAccounts: true,
      enableRBAC: true,
      oidcIssuerProfile: { enabled: true },
      securityProfile: {
        workloadIdentity: { enabled: true },
        ...(inputs.kmsKeyId !== undefined ? { azureKeyVaultKms: { enabled: true, keyId: inputs.kmsKeyId, keyVaultNetworkAccess: "Public" } } : {}),
      },
      networkProfile: {
        // Azure CNI Overlay powered by Cilium: pods outside the VNet's address space, Cilium
        // enforcing NetworkPolicy (the one valid policy engine with the Cilium dataplane).
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        podCidr: options.podCidr,
        serviceCidr: options.serviceCidr,
        dnsServiceIP: dnsServiceIp(options.serviceCidr),
        outboundType: network.outboundType,
        loadBalancerSku: "standard",
      },
      apiServerAccessProfile: apiServerAccess(spec, network),
      autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
      autoScalerProfile: { ...inputs.autoscalerProfile },
      storageProfile: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
      ...(inputs.insightsWorkspaceId !== undefined
        ? { addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: inputs.insightsWorkspaceId, useAADAuth: "true" } } } }
        : {}),
      agentPoolProfiles: [systemPoolProfile(spec, options, network.subnetId)],
    },
    {
      parent,
      protect: spec.protect,
      ignoreChanges: [...MANAGED_CLUSTER_IGNORE_CHANGES],
      dependsOn: [...inputs.dependsOn],
    },
  );
}

function apiServerAccess(spec: ValidSpec, network: AksNetwork): containerservice.ManagedClusterArgs["apiServerAccessProfile"] {
  if (spec.apiAccess === undefined) return { enablePrivateCluster: true, privateDNSZone: "system" };
  // With a user-assigned NAT gateway the nodes reach the public API server from its IP, which AKS
  // does not add to the authorized ranges by itself (it only adds load-balancer egress IPs).
  const cidrs = spec.apiAccess.allowedCidrs;
  const ranges = network.egressCidr ? network.egressCidr.apply((egress) => (egress ? [...cidrs, egress] : [...cidrs])) : [...cidrs];
  return { enablePrivateCluster: false, authorizedIPRanges: ranges };
}

/** The system pool: CPU nodes for cluster add-ons only, tainted CriticalAddonsOnly. */
function systemPoolProfile(
  spec: ValidSpec,
  options: ResolvedAksOptions,
  subnetId: pulumi.Input<string>,
): azureInputs.containerservice.ManagedClusterAgentPoolProfileArgs {
  const pool = spec.systemPool;
  return {
    name: SYSTEM_POOL_NAME,
    mode: "System",
    type: "VirtualMachineScaleSets",
    vmSize: pool.instanceType,
    enableAutoScaling: true,
    count: pool.minNodes,
    minCount: pool.minNodes,
    maxCount: pool.maxNodes,
    // Azure Linux: the smaller, Microsoft-maintained node image; no GPU driver needed here.
    osType: "Linux",
    osSKU: "AzureLinux",
    osDiskType: "Managed",
    osDiskSizeGB: SYSTEM_OS_DISK_GB,
    kubeletDiskType: "OS",
    enableEncryptionAtHost: options.encryptionAtHost,
    enableNodePublicIP: false,
    maxPods: AKS_MAX_PODS,
    vnetSubnetID: subnetId,
    nodeTaints: [aksTaint(SYSTEM_TAINT)],
    securityProfile: { sshAccess: "Disabled" },
    upgradeSettings: { ...SYSTEM_UPGRADE_SETTINGS },
    ...(options.systemZones && options.systemZones.length > 0 ? { availabilityZones: [...options.systemZones].sort() } : {}),
  };
}

/** The cluster DNS service IP: the service range's tenth address, as AKS's own default (10.0.0.10). */
export function dnsServiceIp(serviceCidr: string): string {
  const [a, b, c, d] = serviceCidr.split("/")[0].split(".").map(Number);
  const n = (((a << 24) >>> 0) + (b << 16) + (c << 8) + d + 10) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}
