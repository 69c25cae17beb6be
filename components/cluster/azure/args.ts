/**
 * AksCluster's arguments and the defaults behind them. Every default here is a security or cost
 * decision; each says where its number comes from.
 */
import type { ClusterArgs } from "../common";

/**
 * How the kubeconfig's kubelogin exec authenticates to Entra ID, without a browser:
 * - `azurecli`: the identity `az login` left behind (a developer, or a CI job after
 *   `az login --service-principal` / `azure/login`);
 * - `workloadidentity`: a federated token (GitHub Actions OIDC, a pod with AKS workload identity),
 *   read from `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_FEDERATED_TOKEN_FILE`;
 * - `spn`: a service principal secret from `AAD_SERVICE_PRINCIPAL_CLIENT_ID` /
 *   `AAD_SERVICE_PRINCIPAL_CLIENT_SECRET`;
 * - `msi`: the managed identity of the VM the deployment runs on.
 */
export const KUBELOGIN_MODES = ["azurecli", "workloadidentity", "spn", "msi"] as const;
export type KubeloginMode = (typeof KUBELOGIN_MODES)[number];

/**
 * What kind of Entra ID principal runs `pulumi up`: the deployer's cluster-admin role assignment
 * must name it, since Azure refuses an assignment whose `principalType` differs from the object's
 * real type (`UnmatchedPrincipalType`), and @pulumi/azure-native fills in "User" when it is left
 * out. `ServicePrincipal` also covers managed identities.
 */
export const DEPLOYER_PRINCIPAL_TYPES = ["User", "ServicePrincipal"] as const;
export type DeployerPrincipalType = (typeof DEPLOYER_PRINCIPAL_TYPES)[number];

/**
 * Egress of an existing subnet: it must already route to the internet through a NAT gateway
 * attached to it, or through a firewall on its route table (AKS `outboundType`, learn.microsoft.com
 * /azure/aks/egress-outboundtype). The package never gives nodes a public load-balancer egress.
 */
export const EXISTING_SUBNET_OUTBOUND_TYPES = ["userAssignedNATGateway", "userDefinedRouting"] as const;
export type ExistingSubnetOutboundType = (typeof EXISTING_SUBNET_OUTBOUND_TYPES)[number];

/** Availability zones AKS accepts in `availabilityZones` (Azure zones are numbered 1 to 3). */
export const AZURE_ZONES = ["1", "2", "3"] as const;

export interface AksAvailabilityZones {
  /** Zones of the system pool. @default - none: AKS places the nodes without a zone guarantee */
  readonly system?: readonly string[];
  /**
   * Zones per planned GPU pool (by pool name). Zonal GPU capacity differs per VM size and region
   * (`az vm list-skus --location <region> --size <vmSize> --query "[].locationInfo[].zones"`), so
   * the package never guesses it. @default - none for every pool
   */
  readonly pools?: Readonly<Record<string, readonly string[]>>;
}

export interface AksClusterArgs extends ClusterArgs {
  /** An existing resource group to create everything in. @default - a new resource group */
  readonly resourceGroupName?: string;
  /** How the kubeconfig authenticates. @default "azurecli" */
  readonly kubeloginMode?: KubeloginMode;
  /**
   * The kind of principal running Pulumi, for its cluster-admin role assignment.
   * @default - read from the claims of Pulumi's own Azure token (a user's delegated token, or an
   * app-only token of a service principal or managed identity)
   */
  readonly deployerPrincipalType?: DeployerPrincipalType;
  /**
   * Encrypt node temp disks and disk caches on the VM host. Needs the subscription feature
   * `Microsoft.Compute/EncryptionAtHost` registered and a VM size that supports it; create-time only.
   * Without it, OS disks are still encrypted at rest with platform keys (Azure SSE).
   * @default true
   */
  readonly encryptionAtHost?: boolean;
  /**
   * Envelope-encrypt Kubernetes Secrets in etcd with a Key Vault key (AKS KMS), held by a vault the
   * package creates with purge protection. @default true
   */
  readonly secretsEncryption?: boolean;
  /** Name of the Key Vault for the KMS key (3-24 letters, digits, hyphens; globally unique). @default - derived from the subscription, resource group and component name */
  readonly keyVaultName?: string;
  /** Send control-plane logs (audit, Entra auth, autoscaler) to Log Analytics. @default true */
  readonly controlPlaneLogs?: boolean;
  /** Turn on Container Insights (the monitoring add-on) with the same workspace. @default false */
  readonly containerInsights?: boolean;
  /** An existing Log Analytics workspace resource ID for the logs. @default - a new workspace */
  readonly logAnalyticsWorkspaceId?: string;
  readonly availabilityZones?: AksAvailabilityZones;
  /** OS disk of GPU nodes: images and model weights land on it. @default 256 */
  readonly gpuOsDiskSizeGB?: number;
  /** Egress of `spec.network.existingSubnetIds[0]`. @default "userAssignedNATGateway" */
  readonly existingSubnetOutboundType?: ExistingSubnetOutboundType;
  /** Pod CIDR of Azure CNI Overlay; must not overlap the node network. @default "10.244.0.0/16" */
  readonly podCidr?: string;
  /** Service CIDR; must not overlap the node network or the pod CIDR. @default "10.96.0.0/16" */
  readonly serviceCidr?: string;
  /** Tags on every Azure resource the package creates. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** `azurecli` works for a developer and for CI after `az login`, with no secret in the program. */
export const DEFAULT_KUBELOGIN_MODE: KubeloginMode = "azurecli";

/**
 * GPU node OS disk, GB. Serving images (vLLM, Triton) are 10-20 GB compressed and model weights
 * 16-160 GB; kubelet keeps both on the OS disk (kubeletDiskType OS). 256 GB holds a 70B fp16
 * checkpoint next to two images, and a Premium SSD P15 costs cents per hour next to a GPU.
 */
export const DEFAULT_GPU_OS_DISK_GB = 256;

/** System node OS disk, GB: AKS's own default for VMs with 8+ vCPUs (learn.microsoft.com/azure/aks/concepts-storage). */
export const SYSTEM_OS_DISK_GB = 128;

/** Azure CNI Overlay's documented default pod CIDR (learn.microsoft.com/azure/aks/azure-cni-overlay, 2025). */
export const DEFAULT_POD_CIDR = "10.244.0.0/16";

/**
 * Service CIDR. AKS's own default, 10.0.0.0/16, is the package's default node network, so the
 * cluster would not create; 10.96.0.0/16 is kubeadm's default service range.
 */
export const DEFAULT_SERVICE_CIDR = "10.96.0.0/16";

/** Days of control-plane log retention: the 90 days terraform-aws-eks v21 keeps audit logs (shared/reference/reliability.md §1.2). */
export const LOG_RETENTION_DAYS = 90;

/** Key Vault soft-delete retention, days: the maximum Azure allows (7-90), the longest window to recover a deleted KMS key. */
export const KEY_VAULT_SOFT_DELETE_DAYS = 90;

/** AKS limits: count 0-1000 for user pools, 1-1000 for system pools (ManagedClusterAgentPoolProfile.count, API 2025-09-01). */
export const AKS_MAX_NODES_PER_POOL = 1000;
export const AKS_MIN_SYSTEM_NODES = 1;

/** AKS limit on API server authorized IP ranges (learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges: 200). */
export const AKS_MAX_AUTHORIZED_RANGES = 200;

/** Managed OS disks AKS accepts, GB (osDiskSizeGB: 30 is the smallest Linux image, 2048 the OS-disk maximum). */
export const OS_DISK_MIN_GB = 30;
export const OS_DISK_MAX_GB = 2048;

/** Everything optional resolved to a value. */
export interface ResolvedAksOptions {
  readonly kubeloginMode: KubeloginMode;
  /** Absent: read from Pulumi's Azure token at deployment. */
  readonly deployerPrincipalType?: DeployerPrincipalType;
  readonly encryptionAtHost: boolean;
  readonly secretsEncryption: boolean;
  readonly keyVaultName?: string;
  readonly controlPlaneLogs: boolean;
  readonly containerInsights: boolean;
  readonly logAnalyticsWorkspaceId?: string;
  readonly systemZones?: readonly string[];
  readonly poolZones: Readonly<Record<string, readonly string[]>>;
  readonly gpuOsDiskSizeGB: number;
  readonly existingSubnetOutboundType: ExistingSubnetOutboundType;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly tags: Readonly<Record<string, string>>;
}

export function resolveAksOptions(args: AksClusterArgs): ResolvedAksOptions {
  return {
    kubeloginMode: args.kubeloginMode ?? DEFAULT_KUBELOGIN_MODE,
    deployerPrincipalType: args.deployerPrincipalType,
    encryptionAtHost: args.encryptionAtHost ?? true,
    secretsEncryption: args.secretsEncryption ?? true,
    keyVaultName: args.keyVaultName,
    controlPlaneLogs: args.controlPlaneLogs ?? true,
    containerInsights: args.containerInsights ?? false,
    logAnalyticsWorkspaceId: args.logAnalyticsWorkspaceId,
    systemZones: args.availabilityZones?.system,
    poolZones: args.availabilityZones?.pools ?? {},
    gpuOsDiskSizeGB: args.gpuOsDiskSizeGB ?? DEFAULT_GPU_OS_DISK_GB,
    existingSubnetOutboundType: args.existingSubnetOutboundType ?? "userAssignedNATGateway",
    podCidr: args.podCidr ?? DEFAULT_POD_CIDR,
    serviceCidr: args.serviceCidr ?? DEFAULT_SERVICE_CIDR,
    tags: { ...(args.tags ?? {}) },
  };
}
