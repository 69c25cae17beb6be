/**
 * Inputs that Azure (or Pulumi) cannot change in place, per resource type the AKS cluster
 * registers: a change to any of them replaces the resource. Tests render before and after a
 * harmless change and compare exactly these paths; the diff tool can call them out.
 *
 * Sources: the AKS REST API 2025-09-01 property docs ("cannot be updated once the Managed
 * Cluster has been created", "can only be set at cluster creation time", "May not be changed
 * after creation"); azurerm docs quoted in shared/reference/reliability.md §3.4 (node pool
 * vm_size, host encryption, node public IP, eviction policy, GPU instance/driver, kubelet config
 * force a new resource); azure-native's rule that a resource's name, resource group and location
 * always replace it; pulumi-kubernetes (a provider is replaced only when clusterIdentifier changes;
 * StorageClass parameters are immutable in Kubernetes).
 *
 * Identity (issue 11): a federated credential is a child of its identity, named in the URL, and
 * its issuer, subject and audiences are updated in place (Federated Identity Credentials - Create
 * Or Update, Microsoft.ManagedIdentity 2023-01-31). A role assignment's scope, name, principal
 * and role cannot change ("RoleAssignmentUpdateNotPermitted"), nor its principal type (azurerm
 * role_assignment docs: "principal_type ... Changing this forces a new resource to be created");
 * its condition is edited in place with the same PUT ("Add or edit Azure role assignment
 * conditions using the REST API", learn.microsoft.com/azure/role-based-access-control/
 * conditions-role-assignments-rest, read 2026-12), so a changed prefix replaces nothing.
 * A role definition is named by its scope and GUID in the URL; its role name, description,
 * permissions and assignable scopes are sent again with the same PUT ("Role Definitions - Create
 * Or Update"; hashicorp/terraform-provider-azurerm internal/services/authorization/
 * role_definition_resource.go marks only role_definition_id and scope ForceNew and updates the rest
 * in place, read 2026-12).
 */
export const AZURE_FORCE_NEW: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "azure-native:resources:ResourceGroup": ["resourceGroupName", "location"],
  "azure-native:network:PublicIPAddress": ["resourceGroupName", "publicIpAddressName", "location", "sku", "publicIPAddressVersion", "zones"],
  "azure-native:network:NatGateway": ["resourceGroupName", "natGatewayName", "location", "sku", "zones"],
  "azure-native:network:VirtualNetwork": ["resourceGroupName", "virtualNetworkName", "location"],
  "azure-native:network:Subnet": ["resourceGroupName", "virtualNetworkName", "subnetName"],
  "azure-native:managedidentity:UserAssignedIdentity": ["resourceGroupName", "resourceName", "location"],
  "azure-native:managedidentity:FederatedIdentityCredential": ["resourceGroupName", "resourceName", "federatedIdentityCredentialResourceName"],
  "azure-native:authorization:RoleAssignment": ["scope", "roleAssignmentName", "principalId", "principalType", "roleDefinitionId"],
  "azure-native:authorization:RoleDefinition": ["scope", "roleDefinitionId"],
  "azure-native:keyvault:Vault": ["resourceGroupName", "vaultName", "location"],
  "azure-native:keyvault:Key": ["resourceGroupName", "vaultName", "keyName", "properties.kty", "properties.keySize", "properties.curveName"],
  "azure-native:operationalinsights:Workspace": ["resourceGroupName", "workspaceName", "location"],
  "azure-native:monitor:DiagnosticSetting": ["resourceUri", "name"],
  "azure-native:containerservice:ManagedCluster": [
    "resourceGroupName",
    "resourceName",
    "location",
    "dnsPrefix",
    "fqdnSubdomain",
    "nodeResourceGroup",
    "diskEncryptionSetID",
    "networkProfile.networkPlugin",
    "networkProfile.podCidr",
    "networkProfile.serviceCidr",
    "networkProfile.dnsServiceIP",
    "networkProfile.outboundType",
    "networkProfile.networkPolicy",
    "apiServerAccessProfile.enablePrivateCluster",
    "apiServerAccessProfile.privateDNSZone",
    // Create-time only: the initial pool list (ignored afterwards, see managed-cluster.ts).
    "agentPoolProfiles",
  ],
  "azure-native:containerservice:AgentPool": [
    "resourceGroupName",
    "resourceName",
    "agentPoolName",
    "vmSize",
    "osType",
    "osSKU",
    "osDiskType",
    "osDiskSizeGB",
    "kubeletDiskType",
    "availabilityZones",
    "enableEncryptionAtHost",
    "enableNodePublicIP",
    "enableFIPS",
    "scaleSetPriority",
    "scaleSetEvictionPolicy",
    "spotMaxPrice",
    "vnetSubnetID",
    "podSubnetID",
    "maxPods",
    "gpuInstanceProfile",
    "gpuProfile",
    "kubeletConfig",
    "linuxOSConfig",
    "type",
  ],
  "pulumi:providers:kubernetes": ["clusterIdentifier"],
  "kubernetes:storage.k8s.io/v1:StorageClass": ["metadata.name", "provisioner", "parameters", "reclaimPolicy", "volumeBindingMode", "mountOptions"],
  "kubernetes:helm.sh/v3:Release": ["name", "namespace"],
  "kubernetes:core/v1:ConfigMap": ["metadata.name", "metadata.namespace"],
});
