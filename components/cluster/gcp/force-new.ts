/**
 * Inputs whose change makes the GCP provider replace the resource, per resource type, as dotted
 * input paths. The cluster and node pool rows matter most: replacing either drains every node.
 * The "harmless change" tests compare these paths between two renders; a reviewer reads them
 * against `pulumi preview`.
 *
 * Sources: hashicorp/terraform-provider-google, which pulumi-gcp 9.x bridges —
 * `google/services/container/node_config.go` (stored commit 00b984c6: guest_accelerator and its
 * driver config, spot, preemptible, service_account, oauth_scopes, metadata,
 * shielded_instance_config, boot_disk_kms_key, local SSDs, min_cpu_platform, gvnic, gcfs,
 * reservation_affinity, confidential_nodes, advanced_machine_features are ForceNew; machine_type,
 * disk_type, disk_size_gb, image_type, labels, taints, resource_labels update in place),
 * `resource_container_node_pool.go` (commit 069a33d4: cluster, location, project,
 * initial_node_count, max_pods_per_node, placement_policy, queued_provisioning; autoscaling,
 * node_locations, upgrade_settings, management and version update in place),
 * `resource_container_cluster.go` and its meta file (datapath_provider, networking_mode,
 * initial_node_count "ChangeAlwaysReplace"; private_cluster_config.enable_private_endpoint, every
 * master_authorized_networks_config field and authenticator_groups_config update in place from
 * v7.0.0 to v7.45.0), and
 * shared/reference/reliability.md §3.4. Read 2026-11.
 */
export const GCP_FORCE_NEW: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "gcp:container/cluster:Cluster": [
    "name",
    "project",
    "location",
    "description",
    "network",
    "subnetwork",
    "networkingMode",
    "datapathProvider",
    "clusterIpv4Cidr",
    "defaultMaxPodsPerNode",
    "enableAutopilot",
    "enableKubernetesAlpha",
    "enableTpu",
    "initialNodeCount",
    "nodeConfig",
    "ipAllocationPolicy.clusterSecondaryRangeName",
    "ipAllocationPolicy.servicesSecondaryRangeName",
    "privateClusterConfig.enablePrivateNodes",
    "privateClusterConfig.masterIpv4CidrBlock",
  ],
  "gcp:container/nodePool:NodePool": [
    "name",
    "namePrefix",
    "project",
    "location",
    "cluster",
    "initialNodeCount",
    "maxPodsPerNode",
    "placementPolicy",
    "queuedProvisioning",
    "nodeConfig.guestAccelerators",
    "nodeConfig.spot",
    "nodeConfig.preemptible",
    "nodeConfig.serviceAccount",
    "nodeConfig.oauthScopes",
    "nodeConfig.metadata",
    "nodeConfig.shieldedInstanceConfig",
    "nodeConfig.bootDiskKmsKey",
    "nodeConfig.localSsdCount",
    "nodeConfig.minCpuPlatform",
    "nodeConfig.gvnic",
    "nodeConfig.gcfsConfig",
    "nodeConfig.reservationAffinity",
    "nodeConfig.confidentialNodes",
    "nodeConfig.advancedMachineFeatures",
  ],
  "gcp:compute/network:Network": ["name", "project", "autoCreateSubnetworks"],
  "gcp:compute/subnetwork:Subnetwork": ["name", "project", "region", "network"],
  "gcp:compute/router:Router": ["name", "project", "region", "network"],
  "gcp:kms/keyRing:KeyRing": ["name", "project", "location"],
  "gcp:kms/cryptoKey:CryptoKey": ["name", "keyRing", "purpose"],
  "gcp:serviceaccount/account:Account": ["accountId", "project"],
  // IAM member resources: every field is ForceNew (google/tpgiamresource/resource_iam_member.go,
  // IamMemberBaseSchema role, member, condition and its expression, title, description; plus the
  // parent's fields: iam_project.go project, iam_storage_bucket.go bucket,
  // iam_artifact_registry_repository.go project, location, repository; v7.45.0). Replacing one
  // is a new binding before the old one is removed, never an outage.
  "gcp:projects/iAMMember:IAMMember": ["project", "role", "member", "condition"],
  "gcp:storage/bucketIAMMember:BucketIAMMember": ["bucket", "role", "member", "condition"],
  "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember": ["project", "location", "repository", "role", "member", "condition"],
});
