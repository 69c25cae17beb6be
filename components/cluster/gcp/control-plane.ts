/**
 * The GKE cluster itself: regional, private nodes, the API endpoint private unless a public range
 * in `apiAccess.allowedCidrs` opens it (to the listed networks only), Workload Identity, shielded nodes,
 * Dataplane V2 (network policy enforcement), Secrets encrypted with our key, control-plane logs,
 * the REGULAR release channel and deletion protection. Node pools are separate resources.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import type { ValidSpec } from "../../spec/types";
import { privateRangeOf } from "../address-space";
import { LOGGING_COMPONENTS, MONITORING_COMPONENTS, NODE_IMAGE_TYPE, RELEASE_CHANNEL, workloadPool } from "./gke-facts";
import type { GkeNetwork } from "./network";

/**
 * Fields Pulumi must not fight GKE over. The default node pool is created with `nodeConfig` and
 * `initialNodeCount` and removed right away: both force a new cluster if they ever differ
 * (pulumi-gcp#744, #412), and GKE reports node pools of its own in `nodePools`. The release
 * channel upgrades the control plane and nodes, so the versions set at creation go stale by
 * design (pulumi-gcp#88, #122); a minor upgrade happens through the channel, not through a diff.
 */
export const GKE_CLUSTER_IGNORE_CHANGES: readonly string[] = Object.freeze(["nodeConfig", "nodePools", "initialNodeCount", "minMasterVersion", "nodeVersion"]);

/** The cluster's description (ForceNew in the provider, hence fixed). */
export const CLUSTER_DESCRIPTION = "GPU cluster managed by ml-clusters";

/** GKE's cluster autoscaler profile for every pool of the cluster. */
export const AUTOSCALING_PROFILE = "OPTIMIZE_UTILIZATION";

/** Creating a regional private cluster takes 10-20 minutes; the provider's own default is 40. */
const CLUSTER_TIMEOUTS: pulumi.CustomTimeouts = Object.freeze({ create: "45m", update: "60m", delete: "45m" });

/**
 * Who reaches the API server. Authorised networks guard both endpoints of a private cluster: the
 * private endpoint is reached by clients in the VPC or "connected through Cloud VPN tunnels and Cloud
 * Interconnect VLAN attachments ... subject to the authorized networks configuration" (GKE,
 * "Advanced private cluster configurations", read 2026-11; from the cluster's region, since global
 * access stays off). So a private range in apiAccess is a network behind a VPN or Interconnect (or
 * another subnet of the VPC) to let in through the private endpoint, and only a public range opens
 * the public one; a list of private ranges alone keeps the public endpoint closed.
 */
export interface ApiEndpointAccess {
  readonly publicEndpoint: boolean;
  /** Every listed range, named by its index in apiAccess.allowedCidrs, so a new entry renames none. */
  readonly authorizedNetworks: readonly { readonly cidrBlock: string; readonly displayName: string }[];
  /** Whether a private range is listed, which only the private endpoint can serve. */
  readonly privateNetworks: boolean;
}

export function apiEndpointAccess(spec: ValidSpec): ApiEndpointAccess {
  const cidrs = spec.apiAccess?.allowedCidrs ?? [];
  return {
    publicEndpoint: cidrs.some((c) => privateRangeOf(c) === undefined),
    authorizedNetworks: cidrs.map((cidr, i) => ({ cidrBlock: cidr, displayName: `apiAccess-${i}` })),
    privateNetworks: cidrs.some((c) => privateRangeOf(c) !== undefined),
  };
}

export interface ControlPlaneArgs {
  readonly spec: ValidSpec;
  readonly project: string;
  readonly network: GkeNetwork;
  readonly nodeServiceAccount: pulumi.Input<string>;
  readonly secretsKeyName: pulumi.Input<string>;
  readonly binaryAuthorization: boolean;
  readonly dependsOn: readonly pulumi.Resource[];
}

export function gkeControlPlane(name: string, args: ControlPlaneArgs, parent: pulumi.Resource): gcp.container.Cluster {
  const { spec } = args;
  const access = apiEndpointAccess(spec);
  return new gcp.container.Cluster(
    name,
    {
      project: args.project,
      location: spec.region,
      // A constant: the description is ForceNew, so nothing a user renames may reach it.
      description: CLUSTER_DESCRIPTION,
      resourceLabels: { "ml-clusters-platform": spec.name },
      network: args.network.network,
      subnetwork: args.network.subnetwork,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {
        clusterSecondaryRangeName: args.network.podsRangeName,
        servicesSecondaryRangeName: args.network.servicesRangeName,
      },
      // The default pool exists for a moment during creation; it gets the same hardened node
      // settings so not even it runs as the Compute Engine default service account.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: {
        serviceAccount: args.nodeServiceAccount,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        imageType: NODE_IMAGE_TYPE,
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        metadata: { "disable-legacy-endpoints": "true" },
      },
      // enablePrivateEndpoint and privateEndpointEnforcementEnabled update in place: the provider
      // sends them in UpdateCluster's desiredControlPlaneEndpointsConfig, neither is ForceNew
      // (hashicorp/terraform-provider-google google/services/container/resource_container_cluster.go,
      // v7.0.0 to v7.45.0, which pulumi-gcp 9.x bridges), so opening or closing the public endpoint
      // never replaces the cluster.
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: !access.publicEndpoint,
        masterIpv4CidrBlock: args.network.masterCidr,
        masterGlobalAccessConfig: { enabled: false },
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: access.authorizedNetworks.map((n) => ({ ...n })),
        gcpPublicCidrsAccessEnabled: false,
        // "Whether authorized networks is enforced on the private endpoint" (@pulumi/gcp 9.37
        // ClusterMasterAuthorizedNetworksConfig): on when the list names private networks, which are
        // then the only outside networks the private endpoint admits. Unset otherwise, so a cluster
        // whose list names none keeps the setting it has.
        ...(access.privateNetworks ? { privateEndpointEnforcementEnabled: true } : {}),
      },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableLegacyAbac: false,
      workloadIdentityConfig: { workloadPool: workloadPool(args.project) },
      // Google Groups for RBAC, so `group:` members of a namespace are RBAC subjects. Not ForceNew:
      // the provider sends a change in UpdateCluster's desiredAuthenticatorGroupsConfig
      // (hashicorp/terraform-provider-google google/services/container/resource_container_cluster.go,
      // v7.0.0 to v7.45.0). The block is Optional+Computed there, so dropping the field from the
      // spec leaves the cluster's setting as it is rather than turning it off.
      ...(spec.googleGroupsForRbac !== undefined ? { authenticatorGroupsConfig: { securityGroup: spec.googleGroupsForRbac } } : {}),
      enableShieldedNodes: true,
      datapathProvider: "ADVANCED_DATAPATH",
      databaseEncryption: { state: "ENCRYPTED", keyName: args.secretsKeyName },
      releaseChannel: { channel: RELEASE_CHANNEL },
      minMasterVersion: spec.kubernetesVersion,
      deletionProtection: spec.protect,
      loggingConfig: { enableComponents: [...LOGGING_COMPONENTS] },
      monitoringConfig: { enableComponents: [...MONITORING_COMPONENTS], managedPrometheus: { enabled: false } },
      // Node auto-provisioning off: the capacity plan is the only source of node pools. The
      // utilisation profile removes idle nodes after about a minute instead of ten, which on GPU
      // pools is most of the cost of a traffic dip (GKE cluster autoscaler docs, "Autoscaling
      // profiles", read 2026-11); PDBs and safe-to-evict still hold.
      clusterAutoscaling: { enabled: false, autoscalingProfile: AUTOSCALING_PROFILE },
      binaryAuthorization: { evaluationMode: args.binaryAuthorization ? "PROJECT_SINGLETON_POLICY_ENFORCE" : "DISABLED" },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        horizontalPodAutoscaling: { disabled: false },
        // Dataplane V2 enforces NetworkPolicy itself; the Calico add-on must stay off with it.
        networkPolicyConfig: { disabled: true },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
        gcpFilestoreCsiDriverConfig: { enabled: true },
      },
    },
    {
      parent,
      dependsOn: [...args.dependsOn],
      protect: spec.protect,
      ignoreChanges: [...GKE_CLUSTER_IGNORE_CHANGES],
      customTimeouts: CLUSTER_TIMEOUTS,
      // The block also holds the client key when a certificate is issued (it never is here).
      additionalSecretOutputs: ["masterAuth"],
    },
  );
}
