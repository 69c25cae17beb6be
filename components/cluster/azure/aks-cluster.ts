/**
 * AksCluster: an AKS cluster with a node pool per planned pool (GPU or CPU, Spot or Regular),
 * behind the ClusterContract.
 *
 * What it registers (all children of the component): a resource group unless one is given; a
 * VNet, private node subnet, NAT gateway and its IP unless a subnet is given; user-assigned
 * identities for the control plane and the kubelet with their role assignments; a Key Vault and
 * key for KMS; a Log Analytics workspace and the control-plane diagnostic setting; the
 * ManagedCluster with its inline system pool; an AgentPool per planned pool; the deployer's
 * "AKS RBAC Cluster Admin" role assignment; AcrPull on the spec's registries for the kubelet
 * identity and each namespace member's role assignments (access-grants.ts); the custom blob
 * reader and writer roles, in each subscription whose containers workload identities are granted
 * (blob-roles.ts); the Kubernetes provider; two StorageClasses; the
 * NVIDIA device plugin when there are GPU pools (AKS installs the driver, not the plugin); the
 * autoscaler's priority-expander ConfigMap when there are spot pools (autoscaler.ts).
 *
 * Deletion protection is Pulumi's `protect` (spec.protect). AKS has no deletion-protection flag,
 * and an Azure CanNotDelete lock on the cluster is inherited by its agent pools, so it would block
 * the delete half of every GPU pool replacement.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import { privateSpaceWith } from "../address-space";
import { cpuPlacement, kubernetesProvider, nvidiaDevicePlugin, placement } from "../common";
import type {
  ClusterContract,
  CpuPoolPlacement,
  GpuDriverPaths,
  PoolPlacement,
  RbacSubject,
  StorageClassNames,
  SystemPlacement,
  WorkloadIdentityBinding,
  WorkloadIdentityRequest,
} from "../contract";
import { memberGrants, registryPullGrants } from "./access-grants";
import type { AksClusterArgs } from "./args";
import { planAgentPools } from "./agent-pools-plan";
import { autoscalerProfile, priorityExpanderConfigMap } from "./autoscaler";
import { blobRoleRegistry } from "./blob-roles";
import { deployerPrincipalType } from "./deployer";
import { aksSecretsKey } from "./encryption";
import { aksIdentities, roleDefinitionIdOutput } from "./identity";
import { aksKubeconfig } from "./kubeconfig";
import { controlPlaneLogs, logWorkspace } from "./logging";
import { managedCluster } from "./managed-cluster";
import { aksNetwork } from "./network";
import { agentPools } from "./node-pools";
import { AKS_STORAGE_CLASSES, aksStorageClasses } from "./storage";
import { AKS_LABELS, AKS_SPOT_TAINT, AZURE_HEALTH_PROBE_SOURCE, AZURE_ROLES, INTERNAL_LB_ANNOTATIONS, SYSTEM_TOLERATIONS } from "./tables";
import { validateAksClusterArgs } from "./validate";
import { WorkloadIdentityContext, aksWorkloadIdentity } from "./workload-identity";
import { checkInput } from "../../bad-input";
import { withPlannedSystemPool } from "../../capacity/system-pool";

export const AKS_CLUSTER_TYPE = "ml-clusters:cluster:AksCluster";

/** AKS installs the NVIDIA driver on the host; the package installs the device plugin. */
const AKS_GPU_DRIVER: GpuDriverPaths = Object.freeze({ driverRoot: "/", devicePluginManaged: false });

export class AksCluster extends pulumi.ComponentResource implements ClusterContract {
  readonly name: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  readonly clusterResource: pulumi.Resource;
  readonly ready: readonly pulumi.Resource[];
  readonly pools: Readonly<Record<string, PoolPlacement>>;
  /**
   * Every planned CPU pool. Pods of a spot workload use the contract's default placement over the
   * spot pool and its fallback: both carry the pool label, and AKS's own Spot taint is among the
   * spot pool's taints, so the default's tolerations cover it.
   */
  readonly cpuPools: Readonly<Record<string, CpuPoolPlacement>>;
  readonly system: SystemPlacement;
  readonly storageClasses: StorageClassNames = AKS_STORAGE_CLASSES;
  readonly internalLoadBalancerAnnotations: Readonly<Record<string, string>> = INTERNAL_LB_ANNOTATIONS;
  /** None: a LoadBalancer Service without annotations gets a public IP on AKS's standard load balancer. */
  readonly publicLoadBalancerAnnotations: Readonly<Record<string, string>> = Object.freeze({});
  readonly gpuDriver: GpuDriverPaths = AKS_GPU_DRIVER;
  // No identityEndpoints: the workload identity webhook projects a token into the pod, which the
  // Azure SDK exchanges with Entra ID over its public HTTPS endpoint (azure-workload-identity
  // docs), so there is no node-local address to admit; restricted egress must allow Entra ID.
  /**
   * Azure's internal load balancer passes the client's address through, and reaches clients in the
   * cluster's VNet and networks connected to it (peering, VPN, ExpressRoute). The Cilium dataplane
   * (managed-cluster.ts) rewrites the source only to forward a request to a pod on another node
   * (cilium/cilium Documentation/network/kubernetes/kubeproxy-free.rst, SNAT mode, the default),
   * and "a NetworkPolicy ipBlock can't select pod or node IPs" (learn.microsoft.com/azure/aks/
   * azure-cni-powered-by-cilium, "Limitations" and FAQ; MicrosoftDocs/azure-aks-docs, read 2026-11),
   * so what an ipBlock can admit is the client's own address: the private address space, plus the
   * VNet's prefixes where they are public addresses used privately. Plus the health probe: for a
   * Service with externalTrafficPolicy Cluster, "for cluster TCP services, TCP would be used"
   * (kubernetes-sigs/cloud-provider-azure, "Custom Load Balancer health probe"; the same in AKS's
   * load-balancer-standard.md), on the node port, which the node serves from a pod, so
   * 168.63.129.16 reaches the pod and must be admitted or the node is marked down. Not the pod
   * overlay range: overlay pod addresses never leave the cluster, and no ipBlock selects them.
   */
  readonly internalLoadBalancerSourceRanges: pulumi.Output<string[]>;
  /** The cluster's Azure resource ID. */
  readonly clusterId: pulumi.Output<string>;
  readonly resourceGroupName: pulumi.Output<string>;
  /** Issuer URL for federated credentials of workload identities. */
  readonly oidcIssuerUrl: pulumi.Output<string | undefined>;
  /** The kubelet's identity (grant it AcrPull on registries the nodes pull from). */
  readonly kubeletIdentity: { readonly clientId: pulumi.Output<string>; readonly principalId: pulumi.Output<string> };
  private readonly identityContext: WorkloadIdentityContext;

  constructor(name: string, given: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const args = { ...given, spec: withPlannedSystemPool(given.spec, given.plan) };
    // Bad arguments fail here, before the component or any child is registered.
    const options = checkInput(() => validateAksClusterArgs(name, args));
    super(AKS_CLUSTER_TYPE, name, {}, opts);
    const { spec, plan } = args;
    const planned = planAgentPools(plan.pools, options);
    const client = authorization.getClientConfigOutput({ parent: this });
    const resourceGroupName =
      args.resourceGroupName !== undefined
        ? pulumi.output(args.resourceGroupName)
        : new resources.ResourceGroup(`${name}-rg`, { location: spec.region, tags: options.tags }, { parent: this }).name;
    const common = { resourceGroupName, location: spec.region, tags: options.tags, subscriptionId: client.subscriptionId };

    const network = aksNetwork(name, { spec, options, resourceGroupName }, this);
    const identities = aksIdentities(name, { ...common, networkScope: network.roleScope }, this);
    const kms = options.secretsEncryption
      ? aksSecretsKey(name, { ...common, tenantId: client.tenantId, controlPlane: identities.controlPlane, vaultName: options.keyVaultName, protect: spec.protect }, this)
      : undefined;
    const workspaceId =
      options.controlPlaneLogs || options.containerInsights ? logWorkspace(name, { ...common, existingId: options.logAnalyticsWorkspaceId }, this) : undefined;

    const cluster = managedCluster(
      name,
      {
        spec,
        options,
        resourceGroupName,
        tenantId: client.tenantId,
        network,
        identities,
        kmsKeyId: kms?.keyId,
        insightsWorkspaceId: options.containerInsights ? workspaceId : undefined,
        autoscalerProfile: autoscalerProfile(planned),
        dependsOn: [...identities.grants, ...network.resources, ...(kms ? [kms.grant] : [])],
      },
      this,
    );
    if (options.controlPlaneLogs && workspaceId !== undefined) controlPlaneLogs(name, { clusterId: cluster.id, workspaceId, cluster }, this);

    // Whoever runs `pulumi up` administers the cluster through Entra ID; there is no local admin.
    const deployerAdmin = new authorization.RoleAssignment(
      `${name}-deployer-admin`,
      {
        principalId: client.objectId,
        principalType: deployerPrincipalType(options.deployerPrincipalType, this),
        roleDefinitionId: roleDefinitionIdOutput(client.subscriptionId, AZURE_ROLES.aksRbacClusterAdmin),
        scope: cluster.id,
      },
      { parent: this, deletedWith: cluster },
    );

    const registryGrants = registryPullGrants(name, spec.registries ?? [], identities.kubelet, this);
    memberGrants(name, spec.namespaces, { cluster, subscriptionId: client.subscriptionId }, this);

    const nodePools = agentPools(name, planned, { resourceGroupName, cluster, subnetId: network.subnetId, tags: options.tags }, this);

    this.kubeconfig = aksKubeconfig({ resourceGroupName, cluster, mode: options.kubeloginMode, tenantId: client.tenantId }, this);
    this.provider = kubernetesProvider(`${name}-k8s`, { kubeconfig: this.kubeconfig, clusterIdentifier: cluster.id }, { parent: this, dependsOn: [deployerAdmin, ...nodePools] });
    const storage = aksStorageClasses(name, { provider: this.provider, cluster }, this);
    const expander = priorityExpanderConfigMap(name, planned, { provider: this.provider, cluster }, this);
    const devicePlugin =
      planned.some((p) => p.pool.gpu !== null)
        ? [nvidiaDevicePlugin(`${name}-nvidia-device-plugin`, { parent: this, provider: this.provider, deletedWith: cluster }, [{ key: AKS_SPOT_TAINT.key, operator: "Exists", effect: "NoSchedule" }])]
        : [];

    this.name = cluster.name;
    this.clusterResource = cluster;
    this.clusterId = cluster.id;
    this.resourceGroupName = resourceGroupName;
    this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL);
    this.kubeletIdentity = { clientId: identities.kubelet.clientId, principalId: identities.kubelet.principalId };
    this.identityContext = { resourceGroupName, location: spec.region, tags: options.tags, issuerUrl: this.oidcIssuerUrl, blobRoles: blobRoleRegistry(name, this) };
    // Pods pull from the registries as soon as they are scheduled: the grants come first.
    this.ready = [deployerAdmin, ...nodePools, ...storage, ...devicePlugin, ...(expander ? [expander] : []), ...registryGrants];
    this.pools = Object.fromEntries(planned.filter((p) => p.pool.gpu !== null).map((p) => [p.pool.name, placement(p.pool, p.labels, p.taints)]));
    this.cpuPools = Object.fromEntries(planned.filter((p) => p.pool.gpu === null).map((p) => [p.pool.name, cpuPlacement(p.pool, p.labels, p.taints)]));
    this.system = { nodeSelector: { [AKS_LABELS.mode]: "system" }, tolerations: SYSTEM_TOLERATIONS };
    this.internalLoadBalancerSourceRanges = network.vnetCidrs.apply((vnet) => [...privateSpaceWith(vnet), AZURE_HEALTH_PROBE_SOURCE]);
    this.registerOutputs({
      name: this.name,
      kubeconfig: this.kubeconfig,
      clusterId: this.clusterId,
      resourceGroupName: this.resourceGroupName,
      oidcIssuerUrl: this.oidcIssuerUrl,
    });
  }

  /** A user-assigned identity federated to the workload's ServiceAccount, with its storage grants (workload-identity.ts). */
  workloadIdentity(name: string, request: WorkloadIdentityRequest, parent: pulumi.Resource): WorkloadIdentityBinding {
    return aksWorkloadIdentity(name, request, this.identityContext, parent);
  }

  /** None: members are granted through Azure RBAC role assignments the constructor makes, not RoleBindings. */
  memberSubjects(_namespace: string, _members: readonly string[]): readonly RbacSubject[] {
    return [];
  }
}
