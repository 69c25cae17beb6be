/**
 * Facts about GKE and Compute Engine that the GKE cluster relies on, each with its source. Pure
 * data: no Pulumi import, so the validation and the tests read the same tables the resources use.
 */
import { MIN_API_ACCESS_PREFIX } from "../api-access";
import type { TaintEffect } from "../contract";

/** The resource type token of the component. */
export const GKE_CLUSTER_TYPE = "ml-clusters:cluster:GkeCluster";

/** Taint effects as the GKE API spells them (container v1 `NodeTaint.Effect`), by Kubernetes spelling. */
export const GKE_TAINT_EFFECT: { readonly [e in TaintEffect]: string } = Object.freeze({
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
});

/** GKE labels every GPU node with its accelerator type (cloud.google.com/kubernetes-engine/docs/how-to/gpus). */
export const GKE_ACCELERATOR_LABEL = "cloud.google.com/gke-accelerator";

/**
 * GKE labels Spot VM nodes `cloud.google.com/gke-spot=true` and, unlike AKS, adds no taint for
 * them by default (cloud.google.com/kubernetes-engine/docs/concepts/spot-vms, read 2026-11).
 */
export const GKE_SPOT_LABEL = "cloud.google.com/gke-spot";

/**
 * Custom compute classes (`cloud.google.com/v1` `ComputeClass`, GKE 1.30.3-gke.1451000 and later):
 * the way GKE Standard lets a pod prefer one manually created node pool and fall back to another.
 * A manually created pool joins a class through this node label and a NoSchedule taint with the
 * same key and value, and a pod selects the class with a node selector on the label. Class names
 * cannot start with "gke" or "autopilot". (cloud.google.com/kubernetes-engine/docs/concepts/
 * about-custom-compute-classes, "Configure manually-created node pools for ComputeClass use",
 * "Request ComputeClasses in workloads", "Limitations"; page updated 2026-04-13, read 2026-12.)
 */
export const GKE_COMPUTE_CLASS_LABEL = "cloud.google.com/compute-class";
export const COMPUTE_CLASS_API_VERSION = "cloud.google.com/v1";
export const COMPUTE_CLASS_KIND = "ComputeClass";
export const COMPUTE_CLASS_RESERVED_PREFIXES: readonly string[] = Object.freeze(["gke", "autopilot"]);
/** The first GKE minor whose every patch serves custom compute classes (1.30 needs 1.30.3-gke.1451000). */
export const COMPUTE_CLASS_MIN_MINOR = 31;

/**
 * Makes a `LoadBalancer` Service an internal passthrough Network Load Balancer
 * (cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters, read 2026-11).
 * A public one needs no annotation: GKE's default for `LoadBalancer` is an external load balancer.
 */
export const GKE_INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({
  "networking.gke.io/load-balancer-type": "Internal",
});

/**
 * Where GKE's managed driver installer puts the NVIDIA driver on Container-Optimized OS nodes
 * (mounted into GPU containers as /usr/local/nvidia; the DCGM exporter manifests for GKE in
 * GoogleCloudPlatform/container-engine-accelerators mount this host path). GKE also runs the
 * device plugin itself on GPU nodes, so the package installs none there.
 */
export const GKE_DRIVER_ROOT = "/home/kubernetes/bin/nvidia";

/**
 * GKE-managed driver installation (`gpuDriverInstallationConfig.gpuDriverVersion`, container v1
 * `GPUDriverInstallationConfig`): `DEFAULT` is the driver GKE pairs with the node version,
 * `LATEST` the newest one it offers for that version. LATEST is the default here: current serving
 * images (vLLM, TensorRT-LLM, recent PyTorch) are built on CUDA 12.4+ and need an R550+ driver,
 * which DEFAULT gives only on newer GKE versions; H200 nodes need the newest branch as well.
 * Changing the value replaces the node pool (the field is ForceNew), so it is not tied to the plan.
 */
export type GpuDriverVersion = "LATEST" | "DEFAULT";
export const GPU_DRIVER_VERSIONS: readonly GpuDriverVersion[] = Object.freeze(["LATEST", "DEFAULT"]);
export const DEFAULT_GPU_DRIVER_VERSION: GpuDriverVersion = "LATEST";

/**
 * Node image for every pool. Container-Optimized OS with containerd is the image GKE-managed GPU
 * drivers are precompiled and Google-signed for, which is what lets GPU nodes keep Secure Boot on
 * (cloud.google.com/container-optimized-os/docs/how-to/run-gpus; CIS GKE 5.5.1 asks for COS).
 * Pinned so a change of GKE's default image never shows up as a diff.
 */
export const NODE_IMAGE_TYPE = "COS_CONTAINERD";

/** Boot disk types a GKE node can use (Compute Engine disk types). */
export type BootDiskType = "pd-balanced" | "pd-ssd" | "hyperdisk-balanced";

/** Machine families that carry the catalogue's GPUs: the first two parts of the machine type. */
export type MachineFamily =
  | "n1-standard"
  | "n1-highmem"
  | "g2-standard"
  | "a2-highgpu"
  | "a2-megagpu"
  | "a2-ultragpu"
  | "a3-highgpu"
  | "a3-megagpu"
  | "a3-ultragpu";

/**
 * Boot disk for GPU nodes per machine family. pd-ssd where Persistent Disk is supported: model
 * images of 10-20 GB pull and unpack noticeably faster than on pd-balanced, and a node scaled up
 * from zero serves sooner. A3 Ultra supports Hyperdisk only (cloud.google.com/compute/docs/
 * accelerator-optimized-machines, "Supported disk types", read 2026-11).
 */
export const GPU_BOOT_DISK_TYPE: { readonly [f in MachineFamily]: BootDiskType } = Object.freeze({
  "n1-standard": "pd-ssd",
  "n1-highmem": "pd-ssd",
  "g2-standard": "pd-ssd",
  "a2-highgpu": "pd-ssd",
  "a2-megagpu": "pd-ssd",
  "a2-ultragpu": "pd-ssd",
  "a3-highgpu": "pd-ssd",
  "a3-megagpu": "pd-ssd",
  "a3-ultragpu": "hyperdisk-balanced",
});

/** The machine family of a machine type (`a3-highgpu-8g` -> `a3-highgpu`), when the table knows it. */
export function machineFamily(machineType: string): MachineFamily | undefined {
  const family = machineType.split("-").slice(0, 2).join("-");
  return Object.prototype.hasOwnProperty.call(GPU_BOOT_DISK_TYPE, family) ? (family as MachineFamily) : undefined;
}

/**
 * CPU worker pools: pd-balanced, like the system pool; their images are the services' own (no
 * CUDA layers), so GKE's default 100 GB holds the image cache and ephemeral storage.
 */
export const CPU_BOOT_DISK_TYPE: BootDiskType = "pd-balanced";
export const CPU_BOOT_DISK_GB = 100;

/**
 * Boot disk size of GPU nodes, GB: CUDA serving images are 10-20 GB unpacked, the image cache keeps
 * the previous version during a rollout, and model weights downloaded at start-up land in
 * ephemeral storage on the same disk (an 8B model is ~16 GB in bf16). 200 GB leaves room for both.
 */
export const GPU_BOOT_DISK_GB = 200;

/** System nodes run add-ons only; 100 GB pd-balanced is GKE's own default size (gcloud node-pools create). */
export const SYSTEM_BOOT_DISK_GB = 100;
export const SYSTEM_BOOT_DISK_TYPE: BootDiskType = "pd-balanced";

/**
 * Node pool names are at most 40 characters, and with the @pulumi/gcp 9.x provider a `namePrefix`
 * gets a 26-character unique suffix, so the prefix may have at most 14 (hashicorp/
 * terraform-provider-google#8261; provider 8.0 shortens the suffix). 13 characters of the pool
 * name plus "-".
 */
export const NODE_POOL_PREFIX_CHARS = 13;

/** The node pool prefix for a pool name: create-before-delete then never collides on a name. */
export function nodePoolPrefix(poolName: string): string {
  return `${poolName.slice(0, NODE_POOL_PREFIX_CHARS).replace(/-+$/, "")}-`;
}

/**
 * Upgrades of GPU pools: surge 0 / unavailable 1. A surge node needs GPU quota and stock that a
 * pool sized by the planner often does not have (the upgrade would stall waiting for it), and a
 * blue-green upgrade doubles the GPU capacity for the soak time. One node at a time is drained
 * instead; serving Deployments keep PDBs that allow one disruption (reliability.md B9).
 */
export const GPU_UPGRADE = Object.freeze({ strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 });
/** CPU pools: a surge node first (CPU quota and stock are rarely short), none taken away. */
export const CPU_UPGRADE = Object.freeze({ strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 });
/** System pool: one extra node first, none taken away, so add-ons never lose capacity mid-upgrade. */
export const SYSTEM_UPGRADE = Object.freeze({ strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 });

/**
 * The node service account's project roles, the minimum GKE documents for nodes
 * (cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster, "Use least privilege
 * IAM service accounts", read 2026-11) plus pulling images from the project's Artifact Registry,
 * which gives way to per-repository grants when the spec lists `registries` (identity.ts).
 */
export const NODE_SA_ROLES: readonly string[] = Object.freeze([
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
  "roles/artifactregistry.reader",
]);

/**
 * The node service account's role on each repository named in `registries`: pulling images from
 * Artifact Registry (cloud.google.com/artifact-registry/docs/access-control, "Artifact Registry
 * Reader", read 2026-12). Repository-level, so a repository in another project is covered too.
 */
export const ARTIFACT_REGISTRY_READER_ROLE = "roles/artifactregistry.reader";

/**
 * The project role a namespace member gets so `gcloud container clusters get-credentials` works:
 * "GKE users need at least the container.clusters.get IAM permission in the project that contains
 * the cluster ... included in the container.clusterViewer role", and it authorises nothing inside
 * the cluster, which Kubernetes RBAC then decides (GKE, "Role-based access control", "Interaction
 * with Identity and Access Management"; cloud.google.com/kubernetes-engine/docs/how-to/
 * role-based-access-control, read 2026-12).
 */
export const CLUSTER_VIEWER_ROLE = "roles/container.clusterViewer";

/** The project's workload identity pool, which GKE creates when a cluster enables Workload Identity. */
export function workloadPool(project: string): string {
  return `${project}.svc.id.goog`;
}

/**
 * The IAM principal of every pod that runs as one Kubernetes ServiceAccount, for granting roles to
 * it directly (no IAM service account, no `iam.gke.io/gcp-service-account` annotation). Format
 * from GKE, "Authenticate to Google Cloud APIs from GKE workloads", "Configure authorization and
 * principals" (cloud.google.com/kubernetes-engine/docs/how-to/workload-identity, read 2026-12), as
 * Google's own samples write it (GoogleCloudPlatform/ai-on-gke best-practices/ml-platform, data
 * preparation guide: `gcloud storage buckets add-iam-policy-binding ... --member principal://...`).
 * Identity sameness: the principal names the project's pool, the namespace and the
 * ServiceAccount, not the cluster, so the same namespace and ServiceAccount in another cluster of
 * the project holds the same grants.
 */
export function kubernetesServiceAccountPrincipal(args: { readonly projectNumber: string; readonly project: string; readonly namespace: string; readonly serviceAccount: string }): string {
  return (
    `principal://iam.googleapis.com/projects/${args.projectNumber}/locations/global/workloadIdentityPools/` +
    `${workloadPool(args.project)}/subject/ns/${args.namespace}/sa/${args.serviceAccount}`
  );
}

/**
 * Services the cluster needs enabled in the project: GKE, Compute Engine (network, nodes, disks),
 * IAM (the node service account), Cloud KMS (secrets and disk encryption) and Filestore (the
 * ReadWriteMany storage class).
 */
export type RequiredApi = "compute.googleapis.com" | "container.googleapis.com" | "iam.googleapis.com" | "cloudkms.googleapis.com" | "file.googleapis.com";
export const REQUIRED_APIS: readonly RequiredApi[] = Object.freeze([
  "compute.googleapis.com",
  "container.googleapis.com",
  "iam.googleapis.com",
  "cloudkms.googleapis.com",
  "file.googleapis.com",
]);

/**
 * Key rotation every 90 days, the period CIS Google Cloud Foundations 1.10 asks for KMS keys
 * ("rotation period ... less than or equal to 90 days").
 */
export const KMS_ROTATION_PERIOD = "7776000s";

/**
 * Control-plane and node logs sent to Cloud Logging (CIS GKE 5.7.1): the API server, scheduler
 * and controller manager as well as system components and workloads (GKE's own default is the
 * last two only).
 */
export const LOGGING_COMPONENTS: readonly string[] = Object.freeze(["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"]);

/**
 * Metrics of system components only. Google Cloud Managed Service for Prometheus is switched off:
 * its collector runs on every node with requests the planner's daemon table does not know, and
 * the package's own Prometheus already scrapes the cluster.
 */
export const MONITORING_COMPONENTS: readonly string[] = Object.freeze(["SYSTEM_COMPONENTS"]);

/** GKE release channel: REGULAR, the channel CIS GKE 5.5.4 and GKE's safer-cluster module use. */
export const RELEASE_CHANNEL = "REGULAR";

/**
 * GKE allows at most 50 authorised networks while the public endpoint is on
 * (cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks, "Limitations", read 2026-11).
 */
export const MAX_AUTHORIZED_NETWORKS = 50;

/**
 * Authorised networks wider than a /8 are refused: 0.0.0.0/0, or two /1s, opens the API server to
 * the internet as surely as no list at all (CIS GKE 5.6.3, Checkov CKV_GCP_20). The same rule holds
 * on every cloud (../api-access.ts).
 */
export const MIN_AUTHORIZED_PREFIX = MIN_API_ACCESS_PREFIX;

/** GKE cluster names are at most 40 characters; Pulumi's autoname adds "-" and 7 characters. */
export const MAX_COMPONENT_NAME_CHARS = 32;

/** Service account IDs: 6-30 characters, a letter first (IAM `serviceAccounts.create`). */
export const SERVICE_ACCOUNT_ID_PATTERN = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;

/** Project IDs: 6-30 characters, lower-case letters, digits and hyphens, a letter first. */
export const PROJECT_ID_PATTERN = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/**
 * Where pods reach the GKE metadata server for Workload Identity Federation tokens, admitted by a
 * namespace's restricted egress for its workloads with `access`: 169.254.169.254, TCP 80 and 8080,
 * on Dataplane V2 clusters (these); 169.254.169.252, TCP 987 and 988, where the metadata server
 * runs on the node's network (GKE 1.21+ without Dataplane V2). Both are listed, so a policy stays
 * right whichever path a node version takes (GKE Workload Identity Federation docs,
 * "Restrictions", and public NetworkPolicies for GKE, read 2026-12).
 */
export const GKE_METADATA_ENDPOINTS: readonly { readonly cidr: string; readonly ports: readonly number[] }[] = Object.freeze([
  { cidr: "169.254.169.254/32", ports: [80, 8080] },
  { cidr: "169.254.169.252/32", ports: [987, 988] },
]);
