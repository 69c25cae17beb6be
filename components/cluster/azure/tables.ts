/**
 * Fixed Azure and AKS facts the AKS cluster is built from: built-in role IDs, the labels and taints
 * AKS puts on nodes itself, the autoscaler profile, upgrade settings. Pure data with sources.
 */
import type { NodeTaint, Toleration } from "../contract";
import type { KubeloginMode } from "./args";

/**
 * Built-in Azure role definition IDs (learn.microsoft.com/azure/role-based-access-control/
 * built-in-roles, read 2026-08; the IDs are the same in every subscription and tenant).
 */
export const AZURE_ROLES = Object.freeze({
  /** Full access to Kubernetes objects through Entra ID when Azure RBAC for Kubernetes is on. */
  aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
  /** Join nodes and load balancers to a bring-your-own subnet. */
  networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  /** Lets the control-plane identity assign the kubelet identity to node VMs. */
  managedIdentityOperator: "f1a07417-d97a-45cb-824c-7a7467783830",
  /** Wrap and unwrap with a Key Vault key: what the AKS KMS plugin does. */
  keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
  /** registries/pull/read and nothing else (built-in-roles/containers.md, MicrosoftDocs/azure-docs, read 2026-12). */
  acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  /**
   * Read and write most objects in a namespace, no Roles or RoleBindings: Kubernetes' `edit`
   * (containers.md; learn.microsoft.com/azure/aks/manage-azure-rbac: assignable at
   * `<cluster ID>/namespaces/<namespace>`, MicrosoftDocs/azure-aks-docs, read 2026-12).
   */
  aksRbacWriter: "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb",
  /**
   * managedClusters/listClusterUserCredential/action and managedClusters/read: what
   * `az aks get-credentials` needs, which RBAC Writer lacks (containers.md).
   */
  aksClusterUser: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
});

/** The role definition's resource ID in a subscription. */
export function roleDefinitionId(subscriptionId: string, roleGuid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/**
 * The application ID of the AKS Entra ID server app, the audience of every token kubelogin fetches
 * for an AKS cluster with managed Entra ID (the same in every tenant; github.com/Azure/kubelogin
 * README, learn.microsoft.com/azure/aks/kubelogin-authentication).
 */
export const AKS_AAD_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** kubelogin `get-token` arguments per login mode (github.com/Azure/kubelogin, "Login modes"). */
export const KUBELOGIN_LOGIN_ARGS: { readonly [m in KubeloginMode]: { readonly login: string; readonly needsTenant: boolean } } = Object.freeze({
  azurecli: { login: "azurecli", needsTenant: false },
  workloadidentity: { login: "workloadidentity", needsTenant: false },
  spn: { login: "spn", needsTenant: true },
  msi: { login: "msi", needsTenant: false },
});

/** Labels AKS itself puts on the nodes (learn.microsoft.com/azure/aks/use-labels, "Reserved system labels"). */
export const AKS_LABELS = Object.freeze({
  agentPool: "kubernetes.azure.com/agentpool",
  mode: "kubernetes.azure.com/mode",
  /** `nvidia` on nodes of an N-series VM size. */
  accelerator: "kubernetes.azure.com/accelerator",
  /** `spot` on Spot pools. */
  scaleSetPriority: "kubernetes.azure.com/scalesetpriority",
});

/** AKS taints every Spot node with this, and labels it the same (learn.microsoft.com/azure/aks/spot-node-pool). */
export const AKS_SPOT_TAINT: NodeTaint = Object.freeze({ key: AKS_LABELS.scaleSetPriority, value: "spot", effect: "NoSchedule" });

/**
 * The system pool's taint: only pods that tolerate it (CoreDNS, metrics-server, the package's
 * add-ons) run there, so GPU-less workloads never crowd it (AKS "onlyCriticalAddonsEnabled",
 * learn.microsoft.com/azure/aks/use-system-pools; Checkov CKV_AZURE_232).
 */
export const SYSTEM_TAINT: NodeTaint = Object.freeze({ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" });
export const SYSTEM_TOLERATIONS: readonly Toleration[] = Object.freeze([{ key: "CriticalAddonsOnly", operator: "Exists" }]);

/** A Kubernetes taint in the `key=value:Effect` form AKS's `nodeTaints` takes. */
export function aksTaint(t: NodeTaint): string {
  return t.value === undefined ? `${t.key}:${t.effect}` : `${t.key}=${t.value}:${t.effect}`;
}

/** Name of the inline system pool: fixed, it lives as long as the cluster. */
export const SYSTEM_POOL_NAME = "system";

/**
 * Max pods per node. The planner sizes AKS allocatable memory (20 MB per max pod + 50 MB) with the
 * Azure CNI Overlay default of 250 (capacity/allocatable.ts AKS_MAX_PODS); the pools must use the
 * same number or the plan's packing would not fit.
 */
export { AKS_MAX_PODS } from "../../capacity/allocatable";

/**
 * GPU pool upgrades replace one node at a time without a surge VM: GPU quota is granted per VM
 * family and is usually exactly the planned maximum, so a surge node would stall the upgrade
 * (AgentPoolUpgradeSettings.maxSurge/maxUnavailable, API 2025-09-01: a node is drained and
 * reimaged in place instead). Spot pools get no upgrade settings: AKS surges no Spot nodes
 * (learn.microsoft.com/azure/aks/spot-node-pool, "Upgrade a Spot node pool").
 */
export const GPU_UPGRADE_SETTINGS = Object.freeze({ maxSurge: "0", maxUnavailable: "1", drainTimeoutInMinutes: 30 });

/** System pool upgrades: the 33 % surge AKS recommends for production pools (learn.microsoft.com/azure/aks/upgrade-aks-cluster). */
export const SYSTEM_UPGRADE_SETTINGS = Object.freeze({ maxSurge: "33%" });

/**
 * On-demand CPU pool upgrades: the same 33 % surge. General-purpose quota is not the scarce GPU
 * family quota, so surging keeps CPU services at full capacity while nodes are replaced.
 */
export const CPU_UPGRADE_SETTINGS = Object.freeze({ maxSurge: "33%" });

/**
 * Control-plane log categories sent to Log Analytics (AKS diagnostic settings,
 * learn.microsoft.com/azure/aks/monitor-aks-reference): writes to the API (kube-audit-admin, far
 * smaller than kube-audit), Entra sign-ins (guard), and the autoscaler's decisions, which is where
 * a GPU pool that will not scale up says why.
 */
export const CONTROL_PLANE_LOG_CATEGORIES = Object.freeze(["kube-audit-admin", "guard", "cluster-autoscaler", "kube-controller-manager"]);

/** Annotation that puts a LoadBalancer Service on an internal Azure load balancer (cloud-provider-azure). */
export const INTERNAL_LB_ANNOTATIONS = Object.freeze({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true" });

/**
 * Where every IPv4 Azure Load Balancer health probe comes from: "All IPv4 Load Balancer health
 * probes originate from the IP address 168.63.129.16" (learn.microsoft.com/azure/load-balancer/
 * load-balancer-custom-probe-overview, "Probe source IP address"; MicrosoftDocs/azure-docs, read 2026-11).
 */
export const AZURE_HEALTH_PROBE_SOURCE = "168.63.129.16/32";

/**
 * What the workload identity webhook reads (Azure/azure-workload-identity v1.6.0,
 * pkg/webhook/consts.go; deploy/azure-wi-webhook.yaml selects pods by the label): the
 * ServiceAccount's client-id annotation names the identity, and only pods with the label are
 * mutated. The webhook adds its own projected ServiceAccount token volume with this audience
 * (webhook.go addProjectedVolume) and never reads automountServiceAccountToken, so the package's
 * `automountServiceAccountToken: false` stays.
 */
export const WORKLOAD_IDENTITY = Object.freeze({
  clientIdAnnotation: "azure.workload.identity/client-id",
  useLabel: "azure.workload.identity/use",
  /** DefaultAudience in consts.go, and the audience of every federated credential in its docs. */
  audience: "api://AzureADTokenExchange",
});

/** The token subject Kubernetes issues for a ServiceAccount (docs/book/src/topics/federated-identity-credential.md, same repo). */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** The subscription of an ARM resource ID, or undefined when it names none. */
export function subscriptionOf(resourceId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)\//i.exec(resourceId)?.[1];
}
