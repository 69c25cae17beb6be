/**
 * EksCluster: the ClusterContract on AWS. A private EKS cluster with a managed node group per
 * planned pool (GPU and CPU, Spot with an on-demand fallback), the cluster-autoscaler able to move
 * each between its planned bounds (from zero where planned) and preferring Spot pools, the NVIDIA
 * device plugin on GPU nodes, EBS and EFS storage classes, and a kubeconfig that
 * carries no credential.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesProvider, nvidiaDevicePlugin } from "../common";
import {
  ClusterContract,
  CpuPoolPlacement,
  GpuDriverPaths,
  POOL_LABEL,
  PoolPlacement,
  RbacSubject,
  StorageClassNames,
  SystemPlacement,
  WorkloadIdentityBinding,
  WorkloadIdentityRequest,
} from "../contract";
import { clusterAddons, networkingAddons } from "./addons";
import type { EksClusterArgs } from "./args";
import { clusterAutoscaler } from "./autoscaler";
import { EksContext, eksContext } from "./context";
import { controlPlane } from "./control-plane";
import { nodeRole } from "./iam";
import { memberAccessEntries, memberSubjects, warnCrossAccountRegistries, workloadIdentity } from "./identity";
import { eksKubeconfigOutput } from "./kubeconfig";
import { eksNetwork } from "./network";
import { systemNodePool, workerNodePool } from "./node-pools";
import { sharedFileSystem, STORAGE_CLASS_NAMES, storageClasses } from "./storage";
import { EKS_POD_IDENTITY_ENDPOINTS, SYSTEM_POOL_NAME } from "./tables";
import { validateEksClusterArgs } from "./validate";
import { checkInput } from "../../bad-input";
import { withPlannedSystemPool } from "../../capacity/system-pool";

/**
 * Service annotations for load balancers. EKS's built-in AWS cloud provider makes an NLB for
 * `aws-load-balancer-type: nlb` and keeps it internal with `aws-load-balancer-internal`; the AWS Load
 * Balancer Controller, if installed later, reads `aws-load-balancer-scheme` (AWS LBC docs,
 * "Service annotations", read 2026-08). Both sets are given so either integration does the same.
 */
export const EKS_INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({
  "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
  "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
});
export const EKS_PUBLIC_LB_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({
  "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
});

/** The AL2023 NVIDIA AMI installs the driver on the host; the device plugin is ours to install. */
export const EKS_GPU_DRIVER: GpuDriverPaths = Object.freeze({ driverRoot: "/", devicePluginManaged: false });

export class EksCluster extends pulumi.ComponentResource implements ClusterContract {
  readonly name: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  readonly clusterResource: aws.eks.Cluster;
  readonly ready: readonly pulumi.Resource[];
  readonly pools: Readonly<Record<string, PoolPlacement>>;
  /**
   * The CPU pools by name. EKS adds no taint of its own to Spot or CPU nodes, so the contract's
   * default placement over a Spot pool and its fallback (required affinity on the pool label, every
   * pool's tolerations) holds here and EksCluster defines no `placementFor`.
   */
  readonly cpuPools: Readonly<Record<string, CpuPoolPlacement>>;
  readonly system: SystemPlacement;
  readonly storageClasses: StorageClassNames = STORAGE_CLASS_NAMES;
  readonly internalLoadBalancerAnnotations = EKS_INTERNAL_LB_ANNOTATIONS;
  readonly publicLoadBalancerAnnotations = EKS_PUBLIC_LB_ANNOTATIONS;
  readonly gpuDriver = EKS_GPU_DRIVER;
  readonly identityEndpoints = EKS_POD_IDENTITY_ENDPOINTS;
  /**
   * The VPC's ranges, whoever the client is (a VPC host, a peered VPC, a VPN). The annotations above
   * give an NLB with instance targets, which keeps the client's address, but the NLB sends it to a
   * node port where kube-proxy (iptables mode, the EKS kube-proxy add-on) masquerades every packet
   * of a Service whose externalTrafficPolicy is Cluster, the default this package keeps ("masquerade
   * traffic for ... external destinations", kubernetes/kubernetes pkg/proxy/iptables/proxier.go),
   * so the pod sees a node's address; the NLB's health checks take the same path. If the AWS Load
   * Balancer Controller takes the Service over with IP targets, the source is the NLB's private
   * address in the VPC's subnets: client IP preservation is off by default for TCP IP targets
   * (Elastic Load Balancing, "Edit target group attributes for your Network Load Balancer", read
   * 2026-11). With the VPC CNI the same ranges hold the pods, which an ipBlock cannot tell from
   * nodes; any pod allowed out to the VPC reaches the internal NLB itself anyway.
   */
  readonly internalLoadBalancerSourceRanges: pulumi.Output<string[]>;
  /** The cluster's ARN (the Kubernetes provider's clusterIdentifier). */
  readonly arn: pulumi.Output<string>;
  /** The namespaces' members' access entries, one per principal. */
  readonly memberAccess: readonly aws.eks.AccessEntry[];
  private readonly context: EksContext;

  constructor(name: string, given: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const args = { ...given, spec: withPlannedSystemPool(given.spec, given.plan) };
    // Before super(): bad args register nothing, not even the component.
    checkInput(() => validateEksClusterArgs(name, args));
    super("ml-clusters:index:EksCluster", name, {}, opts);
    const ctx = eksContext(name, this, args);
    this.context = ctx;

    const network = eksNetwork(ctx);
    const control = controlPlane(ctx, network);
    const cluster = control.cluster;
    const nodes = nodeRole(ctx);
    warnCrossAccountRegistries(ctx, nodes.role.arn);
    this.memberAccess = memberAccessEntries(ctx, cluster, control.adminPrincipalArns);
    const networking = networkingAddons(ctx, cluster);
    const nodeDeps = {
      cluster,
      nodeRole: nodes,
      subnetIds: network.privateSubnetIds,
      dependsOn: [...network.egress, networking.vpcCni, networking.kubeProxy, networking.podIdentityAgent],
    };
    const systemPool = systemNodePool(ctx, nodeDeps);
    const workerPools = args.plan.pools.map((pool) => workerNodePool(ctx, pool, nodeDeps));
    const addons = clusterAddons(ctx, cluster, [systemPool]);
    const files = sharedFileSystem(ctx, { cluster, subnetIds: network.privateSubnetIds });

    this.kubeconfig = eksKubeconfigOutput({
      name: cluster.name,
      endpoint: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthority.data,
      region: args.spec.region,
    });
    // Every Kubernetes call needs the admin access entry; the ARN never changes for the life of the cluster.
    this.provider = kubernetesProvider(`${name}-k8s`, { kubeconfig: this.kubeconfig, clusterIdentifier: cluster.arn }, { parent: this, dependsOn: [...control.adminAccess] });

    const inCluster = { parent: this, provider: this.provider, deletedWith: cluster, dependsOn: [systemPool, addons.coredns] };
    const devicePlugin = workerPools.some((p) => p.kind === "gpu") ? [nvidiaDevicePlugin(`${name}-nvidia-device-plugin`, inCluster)] : [];
    const autoscaler = clusterAutoscaler(ctx, { plan: args.plan, cluster, provider: this.provider, dependsOn: [systemPool, addons.coredns] });
    storageClasses(ctx, { provider: this.provider, cluster, fileSystemId: files.fileSystem.id });

    this.name = cluster.name;
    this.arn = cluster.arn;
    this.clusterResource = cluster;
    this.internalLoadBalancerSourceRanges = network.vpcCidrs;
    this.pools = Object.fromEntries(workerPools.flatMap((p) => (p.kind === "gpu" ? [[p.placement.pool, p.placement]] : [])));
    this.cpuPools = Object.fromEntries(workerPools.flatMap((p) => (p.kind === "cpu" ? [[p.placement.pool, p.placement]] : [])));
    this.system = { nodeSelector: { [POOL_LABEL]: SYSTEM_POOL_NAME }, tolerations: [] };
    this.ready = [
      systemPool,
      ...workerPools.map((p) => p.nodeGroup),
      addons.coredns,
      addons.ebsCsi,
      addons.efsCsi,
      addons.metricsServer,
      ...files.mountTargets,
      ...devicePlugin,
      autoscaler.release,
    ];
    this.registerOutputs({ name: this.name, arn: this.arn, kubeconfig: this.kubeconfig });
  }

  /** An IAM role assumed through EKS Pod Identity by exactly this ServiceAccount (identity.ts). */
  workloadIdentity(name: string, request: WorkloadIdentityRequest, parent: pulumi.Resource): WorkloadIdentityBinding {
    return workloadIdentity(this.context, this.clusterResource, name, request, parent);
  }

  /** The group the members' access entries map them to in this namespace. */
  memberSubjects(namespace: string, members: readonly string[]): readonly RbacSubject[] {
    return memberSubjects(this.context, namespace, members);
  }
}
