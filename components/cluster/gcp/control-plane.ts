/**
 * The GKE cluster itself: regional, private nodes, the API endpoint private unless
 * `apiAccess.allowedCidrs` opens it to those networks only, Workload Identity, shielded nodes,
 * Dataplane V2 (network policy enforcement), Secrets encrypted with our key, control-plane logs,
 * the REGULAR release channel and deletion protection. Node pools are separate resources.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import type { ValidSpec } from "../../spec/types";
import { LOGGING_COMPONENTS, MONITORING_COMPONENTS, NODE_IMAGE_TYPE, RELEASE_CHANNEL } from "./gke-facts";
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
  const publicCidrs = spec.apiAccess?.allowedCidrs ?? [];
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
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: publicCidrs.length === 0,
        masterIpv4CidrBlock: args.network.masterCidr,
        masterGlobalAccessConfig: { enabled: false },
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: publicCidrs.map((cidr, i) => ({ cidrBlock: cidr, displayName: `apiAccess-${i}` })),
        gcpPublicCidrsAccessEnabled: false,
      },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableLegacyAbac: false,
      workloadIdentityConfig: { workloadPool: `${args.project}.svc.id.goog` },
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
