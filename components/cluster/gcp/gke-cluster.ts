import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { findInstanceType } from "../../catalog";
import { throwIfProblems } from "../../bad-input";
import { privateSpaceWith } from "../address-space";
import { kubernetesProvider } from "../common";
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
  WorkloadPlacement,
} from "../contract";
import type { GkeClusterArgs } from "./args";
import { gkeComputeClasses } from "./compute-class";
import { apiEndpointAccess, gkeControlPlane } from "./control-plane";
import { encryptionKeys } from "./encryption";
import { DEFAULT_GPU_DRIVER_VERSION, GKE_CLUSTER_TYPE, GKE_DRIVER_ROOT, GKE_INTERNAL_LB_ANNOTATIONS, GKE_METADATA_ENDPOINTS } from "./gke-facts";
import { nodeIdentity } from "./identity";
import { gkeKubeconfig } from "./kubeconfig";
import { gkeNetwork } from "./network";
import { cpuNodePool, gpuNodePool, machineTypeZones, NodePoolsArgs, systemNodePool } from "./node-pools";
import { computeClassOf, gkeCpuPoolPlacement, gkePlacementFor, gkePoolPlacement, gkeSystemPlacement, SpotPair, spotPairs } from "./placement";
import { enableApis, projectNumber } from "./project";
import { gkeStorageClasses } from "./storage";
import { allMembers, gkeMemberSubject, memberCredentialGrants } from "./team-access";
import { gkeClusterProblems } from "./validate";
import { gkeWorkloadIdentity, WorkloadIdentityContext } from "./workload-identity";
import { withPlannedSystemPool } from "../../capacity/system-pool";

/**
 * A GKE Standard cluster for GPU workloads, built from the platform spec and its capacity plan:
 * a private regional cluster with a system pool and one autoscaled node pool per planned pool, GPU
 * or CPU, and a custom compute class per spot pool that prefers it over its on-demand fallback.
 * Workloads with `access` get Cloud Storage roles on their own Kubernetes ServiceAccount's
 * principal; namespace members get cluster viewer on the project and RBAC subjects by email.
 * Bad arguments throw a BadInputError (a pulumi.RunError) listing every problem before any resource is registered.
 */
export class GkeCluster extends pulumi.ComponentResource implements ClusterContract {
  readonly name: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  readonly clusterResource: gcp.container.Cluster;
  readonly ready: readonly pulumi.Resource[];
  readonly pools: Readonly<Record<string, PoolPlacement>>;
  readonly cpuPools: Readonly<Record<string, CpuPoolPlacement>>;
  readonly system: SystemPlacement;
  readonly storageClasses: StorageClassNames;
  readonly internalLoadBalancerAnnotations: Readonly<Record<string, string>>;
  /** None needed: a `LoadBalancer` Service on GKE is external unless annotated internal. */
  readonly publicLoadBalancerAnnotations: Readonly<Record<string, string>>;
  readonly gpuDriver: GpuDriverPaths;
  readonly identityEndpoints = GKE_METADATA_ENDPOINTS;
  /**
   * GKE's internal passthrough Network Load Balancer keeps the client's address, and its clients are
   * "located in the same VPC network or in a network connected to the cluster's VPC network" (GKE,
   * "About LoadBalancer Services", read 2026-11). Dataplane V2 is Cilium (GKE, "About GKE Dataplane
   * V2"), which rewrites the source only when it forwards a request to a pod on another node
   * (cilium/cilium Documentation/network/kubernetes/kubeproxy-free.rst, SNAT mode), and that hop
   * arrives with a node identity that an ipBlock does not select (cilium/cilium
   * Documentation/security/policy/caveats.rst, "Security Identity for N/S Service Traffic"; AKS
   * documents the same limit of its Cilium dataplane). So the pod sees the client's own address,
   * from a network the package cannot list: the private address space, plus the node subnetwork's
   * range where it uses public addresses privately. Not Google's health-check ranges
   * (35.191.0.0/16, 130.211.0.0/22): the L4 health checks probe kube-proxy's port 10256 or the
   * Service's healthCheckNodePort on the node, never the pod (GCE cloud provider
   * gce_healthchecks.go, lbNodesHealthCheckPort; kubernetes/community design-proposals/gcp/
   * gce-l4-loadbalancer-healthcheck.md). Not the pod range: under Dataplane V2 an ipBlock does not
   * select pods either, and a pod calling the load balancer's address is served inside the cluster.
   */
  readonly internalLoadBalancerSourceRanges: pulumi.Output<string[]>;
  /** The node pools (system first), for callers that add their own dependencies. */
  readonly nodePools: readonly gcp.container.NodePool[];
  /** One ComputeClass per spot pool with a fallback, in plan order. */
  readonly computeClasses: readonly k8s.apiextensions.CustomResource[];
  /** Cluster viewer on the project for each namespace member, so they can fetch credentials. */
  readonly memberGrants: readonly gcp.projects.IAMMember[];
  private readonly spotPairs: readonly SpotPair[];
  private readonly identityContext: WorkloadIdentityContext;

  constructor(name: string, given: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const args = { ...given, spec: withPlannedSystemPool(given.spec, given.plan) };
    const project = args.project ?? gcp.config.project;
    const problems = gkeClusterProblems({ name, project, args });
    throwIfProblems(problems, `GkeCluster "${name}"`);
    // checkProject reports a missing project, so this only narrows the type.
    if (project === undefined) throw new Error("bug: GkeCluster without a project passed its checks");
    super(GKE_CLUSTER_TYPE, name, {}, opts);

    const { spec, plan } = args;
    const region = spec.region;
    const apis = enableApis(name, project, this);
    const identity = nodeIdentity(name, { project, registries: spec.registries, dependsOn: [apis["iam.googleapis.com"]] }, this);
    const number = projectNumber(project, this);
    const keys = encryptionKeys(
      name,
      {
        project,
        region,
        projectNumber: number,
        protect: spec.protect,
        kmsApi: apis["cloudkms.googleapis.com"],
        containerApi: apis["container.googleapis.com"],
        computeApi: apis["compute.googleapis.com"],
      },
      this,
    );
    const network = gkeNetwork(name, { ...args, spec, project, computeApi: apis["compute.googleapis.com"] }, this);
    const cluster = gkeControlPlane(
      name,
      {
        spec,
        project,
        network,
        nodeServiceAccount: identity.email,
        secretsKeyName: keys.secretsKeyName,
        binaryAuthorization: args.binaryAuthorization ?? false,
        dependsOn: [apis["container.googleapis.com"], keys.secretsGrant, ...identity.grants, ...network.resources],
      },
      this,
    );

    const poolArgs: NodePoolsArgs = {
      spec,
      project,
      cluster,
      serviceAccount: identity.email,
      bootDiskKmsKey: keys.diskKeyName,
      gpuDriverVersion: args.gpuDriverVersion ?? DEFAULT_GPU_DRIVER_VERSION,
      dependsOn: [keys.diskGrant, ...identity.grants, ...network.resources],
    };
    const zonesByMachine = new Map<string, pulumi.Output<string[]>>();
    const zonesOf = (machineType: string) => {
      const zones = zonesByMachine.get(machineType) ?? machineTypeZones(machineType, region, project, this);
      zonesByMachine.set(machineType, zones);
      return zones;
    };
    const pairs = spotPairs(plan.pools);
    const workers = plan.pools.map((pool) => {
      const computeClass = computeClassOf(pool, pairs);
      if (pool.gpu === null) {
        const resource = cpuNodePool(name, pool, zonesOf(pool.instanceType), poolArgs, this, computeClass);
        return { pool: pool.name, resource, cpu: gkeCpuPoolPlacement(pool, computeClass) };
      }
      // Validation guarantees every planned GPU type is in the catalogue with an accelerator.
      const type = findInstanceType("gcp", pool.instanceType)!;
      const resource = gpuNodePool(name, pool, type, zonesOf(type.machineType), poolArgs, this, computeClass);
      return { pool: pool.name, resource, gpu: gkePoolPlacement(pool, type, computeClass) };
    });
    this.nodePools = [systemNodePool(name, poolArgs, this), ...workers.map((w) => w.resource)];

    this.kubeconfig = gkeKubeconfig(cluster, { project, region, privateEndpoint: !apiEndpointAccess(spec).publicEndpoint });
    this.provider = kubernetesProvider(`${name}-k8s`, { kubeconfig: this.kubeconfig, clusterIdentifier: cluster.id }, { parent: this, dependsOn: [...this.nodePools] });
    const storage = gkeStorageClasses(
      name,
      {
        provider: this.provider,
        cluster,
        networkName: network.networkName,
        diskKeyName: keys.diskKeyName,
        dependsOn: [apis["file.googleapis.com"], keys.diskGrant],
      },
      this,
    );

    this.spotPairs = pairs;
    this.identityContext = { project, projectNumber: number, cluster };
    this.memberGrants = memberCredentialGrants(name, { project, members: allMembers(spec) }, this);
    this.computeClasses = gkeComputeClasses(
      name,
      pairs,
      { provider: this.provider, cluster, nodePoolNames: new Map(workers.map((w) => [w.pool, w.resource.name])), dependsOn: workers.map((w) => w.resource) },
      this,
    );

    this.name = cluster.name;
    this.clusterResource = cluster;
    this.ready = [...this.nodePools, ...storage.classes, ...this.computeClasses];
    this.pools = Object.fromEntries(workers.flatMap((w) => (w.gpu === undefined ? [] : [[w.pool, w.gpu] as const])));
    this.cpuPools = Object.fromEntries(workers.flatMap((w) => (w.cpu === undefined ? [] : [[w.pool, w.cpu] as const])));
    this.system = gkeSystemPlacement();
    this.storageClasses = storage.names;
    this.internalLoadBalancerAnnotations = { ...GKE_INTERNAL_LB_ANNOTATIONS };
    this.publicLoadBalancerAnnotations = {};
    this.internalLoadBalancerSourceRanges = network.nodesCidr.apply((nodes) => privateSpaceWith([nodes]));
    this.gpuDriver = { driverRoot: GKE_DRIVER_ROOT, devicePluginManaged: true };
    this.registerOutputs({ name: this.name, kubeconfig: this.kubeconfig, clusterId: cluster.id });
  }

  /** The workload's Kubernetes ServiceAccount gets its Cloud Storage roles directly (workload-identity.ts). */
  workloadIdentity(name: string, request: WorkloadIdentityRequest, parent: pulumi.Resource): WorkloadIdentityBinding {
    return gkeWorkloadIdentity(name, request, this.identityContext, parent);
  }

  /** `group:` members as Group subjects, `user:` and `serviceAccount:` members as User subjects. */
  memberSubjects(_namespace: string, members: readonly string[]): readonly RbacSubject[] {
    return members.map(gkeMemberSubject);
  }

  /** A spot pool and its fallback: their compute class; anything else: the contract's default. */
  placementFor(pools: readonly string[]): WorkloadPlacement {
    return gkePlacementFor(this, this.spotPairs, pools);
  }
}
