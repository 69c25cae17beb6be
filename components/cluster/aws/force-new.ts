/**
 * The inputs that force Pulumi to replace a resource, per resource type the EKS cluster creates.
 * pulumi-aws is bridged from the Terraform AWS provider, so these are that provider's ForceNew
 * schema fields (hashicorp/terraform-provider-aws `internal/service/eks/cluster.go` 00555dc,
 * `node_group.go` 012e0a3, and the ec2/efs/kms/iam resources; shared/reference/reliability.md §3.4,
 * read 2026-08). Paths use the Pulumi input names; `region` is ForceNew on every regional resource in
 * provider v7. Kubernetes StorageClass fields are immutable in the API, so a change replaces it.
 *
 * The replacement guard test renders before and after a harmless change and compares exactly these
 * paths; `ml-clusters diff` can use the same table to call out replacements.
 */
export const EKS_FORCE_NEW: { readonly [type: string]: readonly string[] } = Object.freeze({
  "aws:eks/cluster:Cluster": [
    "name",
    "roleArn",
    "region",
    "bootstrapSelfManagedAddons",
    "accessConfig.bootstrapClusterCreatorAdminPermissions",
    "kubernetesNetworkConfig.ipFamily",
    "kubernetesNetworkConfig.serviceIpv4Cidr",
    "remoteNetworkConfig",
    "outpostConfig",
    // Removing envelope encryption is irreversible and forces a new cluster (CustomizeDiff).
    "encryptionConfig",
  ],
  "aws:eks/nodeGroup:NodeGroup": [
    "amiType",
    "capacityType",
    "clusterName",
    "diskSize",
    "instanceTypes",
    "launchTemplate.id",
    "launchTemplate.name",
    "nodeGroupName",
    "nodeGroupNamePrefix",
    "nodeRoleArn",
    "remoteAccess",
    "subnetIds",
    "region",
  ],
  "aws:ec2/launchTemplate:LaunchTemplate": ["name", "namePrefix", "region"],
  "aws:eks/addon:Addon": ["addonName", "clusterName", "region"],
  // Members' entries: kubernetesGroups change in place (eks/access_entry.go 01f4311: cluster_name, principal_arn and type are ForceNew).
  "aws:eks/accessEntry:AccessEntry": ["clusterName", "principalArn", "type", "region"],
  "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": ["clusterName", "principalArn", "policyArn", "region"],
  // Workload identities: RequiresReplace on these, roleArn changes in place (pod_identity_association.go 93bd0ba).
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": ["clusterName", "namespace", "serviceAccount", "region"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId", "region"],
  "aws:kms/alias:Alias": ["name", "namePrefix", "region"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "region"],
  "aws:efs/fileSystem:FileSystem": ["creationToken", "encrypted", "kmsKeyId", "performanceMode", "availabilityZoneName", "region"],
  "aws:efs/mountTarget:MountTarget": ["fileSystemId", "subnetId", "ipAddress", "region"],
  "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy", "region"],
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["vpcId", "region"],
  // Moving a gateway to another VPC detaches and attaches it in place.
  "aws:ec2/internetGateway:InternetGateway": ["region"],
  "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "region"],
  "aws:ec2/natGateway:NatGateway": ["allocationId", "subnetId", "connectivityType", "region"],
  "aws:ec2/eip:Eip": ["domain", "region"],
  "aws:ec2/routeTable:RouteTable": ["vpcId", "region"],
  "aws:ec2/route:Route": ["routeTableId", "destinationCidrBlock", "region"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId", "region"],
  "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "description", "vpcId", "region"],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId", "region"],
  "aws:iam/role:Role": ["name", "namePrefix", "path"],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
  // A workload's changed access rewrites its policy in place (iam/role_policy.go 02f97af: name, name_prefix, role ForceNew).
  "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
  "aws:autoscaling/tag:Tag": ["autoscalingGroupName", "tag", "region"],
  "kubernetes:storage.k8s.io/v1:StorageClass": ["metadata.name", "provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"],
  "kubernetes:helm.sh/v3:Release": ["name", "namespace"],
  // With clusterIdentifier set, only a change of it replaces the provider and everything it manages.
  "pulumi:providers:kubernetes": ["clusterIdentifier"],
});
