/**
 * Which changes destroy something: the inputs whose change makes the provider replace a cluster or
 * a node pool, and the resource types that hold data. Paths are prefixes of input paths.
 * Sources: the ForceNew schema of terraform-provider-aws (`aws_eks_cluster`, `aws_eks_node_group`)
 * and terraform-provider-google (`google_container_cluster`, `google_container_node_pool`), which
 * the bridged Pulumi providers inherit; azure-native marks replace-on-change properties in its
 * schema from the ARM API's immutable fields (AKS agent pool docs: VM size, OS, zones, subnet,
 * max pods and OS disk cannot change in place). Read 2026-08.
 */

export type CriticalKind = "cluster" | "node pool" | "volume" | "encryption key";

export interface CriticalType {
  readonly kind: CriticalKind;
  /** Input paths whose change replaces the resource. */
  readonly forcesReplacement: readonly string[];
}

export const CRITICAL_TYPES: Readonly<Record<string, CriticalType>> = Object.freeze({
  "aws:eks/cluster:Cluster": {
    kind: "cluster",
    forcesReplacement: ["name", "roleArn", "vpcConfig.subnetIds", "vpcConfig.securityGroupIds", "kubernetesNetworkConfig", "encryptionConfig", "bootstrapSelfManagedAddons", "outpostConfig"],
  },
  "aws:eks/nodeGroup:NodeGroup": {
    kind: "node pool",
    forcesReplacement: ["clusterName", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds", "amiType", "capacityType", "diskSize", "instanceTypes", "launchTemplate.id", "launchTemplate.name", "remoteAccess"],
  },
  "gcp:container/cluster:Cluster": {
    kind: "cluster",
    forcesReplacement: ["name", "location", "project", "network", "subnetwork", "privateClusterConfig.enablePrivateNodes", "privateClusterConfig.masterIpv4CidrBlock", "ipAllocationPolicy", "datapathProvider", "initialNodeCount", "nodeConfig", "removeDefaultNodePool", "enableAutopilot"],
  },
  "gcp:container/nodePool:NodePool": {
    kind: "node pool",
    forcesReplacement: ["cluster", "location", "project", "name", "namePrefix", "nodeLocations", "maxPodsPerNode", "networkConfig", "nodeConfig.machineType", "nodeConfig.guestAccelerators", "nodeConfig.diskSizeGb", "nodeConfig.diskType", "nodeConfig.imageType", "nodeConfig.spot", "nodeConfig.preemptible", "nodeConfig.serviceAccount", "nodeConfig.oauthScopes", "nodeConfig.localSsdCount", "nodeConfig.shieldedInstanceConfig", "nodeConfig.metadata", "placementPolicy"],
  },
  "azure-native:containerservice:ManagedCluster": {
    kind: "cluster",
    forcesReplacement: ["resourceName", "resourceGroupName", "location", "dnsPrefix", "fqdnSubdomain", "networkProfile.networkPlugin", "networkProfile.podCidr", "networkProfile.serviceCidr", "networkProfile.dnsServiceIP", "apiServerAccessProfile.enablePrivateCluster", "diskEncryptionSetID"],
  },
  "azure-native:containerservice:AgentPool": {
    kind: "node pool",
    forcesReplacement: ["agentPoolName", "resourceName", "resourceGroupName", "vmSize", "osType", "osSKU", "osDiskSizeGB", "osDiskType", "availabilityZones", "vnetSubnetID", "podSubnetID", "maxPods", "enableEncryptionAtHost", "enableFIPS", "gpuInstanceProfile", "gpuProfile", "kubeletConfig", "linuxOSConfig", "scaleSetPriority", "scaleSetEvictionPolicy", "mode"],
  },
  "kubernetes:core/v1:PersistentVolumeClaim": {
    kind: "volume",
    // Everything in a bound claim's spec is immutable except a storage increase.
    forcesReplacement: ["metadata.name", "metadata.namespace", "spec.storageClassName", "spec.accessModes", "spec.volumeMode", "spec.volumeName", "spec.selector", "spec.dataSource"],
  },
  "aws:efs/fileSystem:FileSystem": { kind: "volume", forcesReplacement: ["encrypted", "kmsKeyId", "performanceMode", "availabilityZoneName", "creationToken"] },
  "gcp:filestore/instance:Instance": { kind: "volume", forcesReplacement: ["name", "location", "tier", "fileShares.name", "networks"] },
  "aws:kms/key:Key": { kind: "encryption key", forcesReplacement: ["customerMasterKeySpec", "keyUsage", "multiRegion"] },
  "gcp:kms/cryptoKey:CryptoKey": { kind: "encryption key", forcesReplacement: ["name", "keyRing", "purpose", "importOnly", "skipInitialVersionCreation"] },
  "azure-native:keyvault:Key": { kind: "encryption key", forcesReplacement: ["keyName", "vaultName", "resourceGroupName"] },
  "azure-native:keyvault:Vault": { kind: "encryption key", forcesReplacement: ["vaultName", "resourceGroupName", "location"] },
});

/** Whether a changed input path falls under one of the replacement-forcing prefixes. */
export function forcesReplacement(type: string, changedPath: string): string | undefined {
  const critical = CRITICAL_TYPES[type];
  if (critical === undefined) return undefined;
  return critical.forcesReplacement.find((p) => changedPath === p || changedPath.startsWith(`${p}.`) || changedPath.startsWith(`${p}[`));
}
