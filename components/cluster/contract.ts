/**
 * The ClusterContract: everything the Kubernetes layer needs from a cluster, and nothing that
 * says which cloud it is. EKS, GKE, AKS and the fake all implement it (shared/DESIGN.md).
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { GpuModel } from "../catalog/types";
import type { ValidAccess } from "../spec/types";

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** A Kubernetes node taint, spelled as Kubernetes spells it (not the cloud API's enum). */
export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
}

/** A Kubernetes toleration. */
export interface Toleration {
  readonly key: string;
  readonly operator: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: TaintEffect;
}

/** The label every node of a planned pool carries, with the pool's name as value. */
export const POOL_LABEL = "ml-clusters.io/pool";

/** How a pod lands on the nodes of one pool; a GPU pool adds its GPU facts (PoolPlacement). */
export interface CpuPoolPlacement {
  readonly pool: string;
  readonly instanceType: string;
  /** Every label the pool's nodes carry (the pool label among them). */
  readonly labels: Readonly<Record<string, string>>;
  /** Every taint the pool's nodes carry, those the cloud adds itself included. */
  readonly taints: readonly NodeTaint[];
  /** What a pod sets to land there: selects the pool label only. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Tolerations that cover every taint of the pool. */
  readonly tolerations: readonly Toleration[];
}

/** How a pod lands on the nodes of one GPU pool, and what those nodes offer. */
export interface PoolPlacement extends CpuPoolPlacement {
  readonly gpu: GpuModel;
  readonly gpusPerNode: number;
}

/** One required node-selector term: every expression must hold (Kubernetes NodeSelectorTerm). */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly { readonly key: string; readonly operator: "In" | "NotIn" | "Exists"; readonly values?: readonly string[] }[];
}

/**
 * Where a workload's pods land when they may run on several pools (a spot pool and its on-demand
 * fallback): a node selector, required node affinity terms (any one term suffices), and
 * tolerations covering every taint of every pool.
 */
export interface WorkloadPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Absent: the node selector alone decides. */
  readonly requiredNodeAffinity?: readonly NodeSelectorTerm[];
  readonly tolerations: readonly Toleration[];
}

/** Where cluster-wide add-ons run: the system pool. */
export interface SystemPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export interface StorageClassNames {
  /** ReadWriteOnce block storage with `reclaimPolicy: Retain`, for checkpoints. */
  readonly checkpoint: string;
  /** ReadWriteMany shared file storage with `reclaimPolicy: Retain`. */
  readonly sharedFile: string;
}

/** Host paths the GPU add-ons need (the DCGM exporter mounts the driver). */
export interface GpuDriverPaths {
  /** Where the NVIDIA driver lives on the host: `/` for host-installed drivers. */
  readonly driverRoot: string;
  /** Whether the cloud already runs the NVIDIA device plugin on GPU nodes. */
  readonly devicePluginManaged: boolean;
}

/** What a workload with `access` asks of the cluster: a cloud identity for its ServiceAccount. */
export interface WorkloadIdentityRequest {
  /** `namespace/name`: unique in the platform, for naming the cloud resources. */
  readonly key: string;
  readonly namespace: string;
  /** The workload's own ServiceAccount, which the identity is bound to and nothing else. */
  readonly serviceAccount: string;
  readonly access: ValidAccess;
}

/** How the Kubernetes layer wires a workload to the identity the cluster made for it. */
export interface WorkloadIdentityBinding {
  /** Annotations the ServiceAccount carries (AKS: the identity's client ID). */
  readonly serviceAccountAnnotations: Readonly<Record<string, pulumi.Input<string>>>;
  /** Labels every pod of the workload carries (AKS: the webhook's opt-in label). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Cloud resources that must exist before a pod starts (the role, its grants, its binding). */
  readonly ready: readonly pulumi.Resource[];
}

/** A destination a pod must reach to get its cloud credentials: the node's metadata server or identity agent. */
export interface IdentityEndpoint {
  readonly cidr: string;
  readonly ports: readonly number[];
}

/** A Kubernetes RBAC subject. */
export interface RbacSubject {
  readonly apiGroup: "rbac.authorization.k8s.io";
  readonly kind: "Group" | "User";
  readonly name: string;
}

export interface ClusterContract {
  /** The cluster's name (as the cloud knows it). */
  readonly name: pulumi.Output<string>;
  /** Kubeconfig for the cluster: a secret output. */
  readonly kubeconfig: pulumi.Output<string>;
  /** The Kubernetes provider every in-cluster resource must use. */
  readonly provider: k8s.Provider;
  /** The cloud resource of the cluster, for `dependsOn` and `deletedWith`. */
  readonly clusterResource: pulumi.Resource;
  /** Resources that must exist before workloads are applied (node pools, device plugin). */
  readonly ready: readonly pulumi.Resource[];
  /** Every planned GPU pool by name. */
  readonly pools: Readonly<Record<string, PoolPlacement>>;
  /**
   * Every planned CPU pool by name: where workloads without a GPU run.
   * @default - none: a contract without CPU pools cannot run a planned CPU workload
   */
  readonly cpuPools?: Readonly<Record<string, CpuPoolPlacement>>;
  /**
   * Where pods land that may run on any of `pools` (a spot pool first, then its fallback), with
   * whatever the cloud needs for the autoscaler to prefer the first (GKE: a compute class).
   * @default - defaultPlacementFor: node affinity on the pool label over the pools, tolerations of every pool
   */
  placementFor?(pools: readonly string[]): WorkloadPlacement;
  readonly system: SystemPlacement;
  readonly storageClasses: StorageClassNames;
  /** Annotations that make a `LoadBalancer` Service internal on this cloud. */
  readonly internalLoadBalancerAnnotations: Readonly<Record<string, string>>;
  /** Annotations for a public (internet-facing) `LoadBalancer` Service on this cloud. */
  readonly publicLoadBalancerAnnotations: Readonly<Record<string, string>>;
  /**
   * The source addresses, as IPv4 CIDRs, that traffic from an internal `LoadBalancer` Service
   * carries when it reaches a pod: what the service's NetworkPolicy admits on its port, and all
   * it admits. The answer depends on the cloud's data path (does the load balancer keep the
   * client's address, does the node rewrite it to its own), so each cluster gives it.
   * @default - the Kubernetes layer admits the private address space (RFC 1918 and RFC 6598,
   * cluster/address-space.ts): an internal load balancer is reachable only from the cluster's
   * network and networks connected to it, and whatever the data path does, the source is then a
   * node's address or a client's private one. A cloud whose own probes reach pods through the load
   * balancer (Azure's 168.63.129.16) must be listed by a contract that implements this field.
   */
  readonly internalLoadBalancerSourceRanges?: pulumi.Input<readonly string[]>;
  readonly gpuDriver: GpuDriverPaths;
  /**
   * Makes the least-privilege cloud identity of one workload with `access`, bound to exactly its
   * namespace and ServiceAccount, with the grants on the storage it names. `name` is a unique
   * resource-name prefix; the resources are children of `parent`.
   * @default - none: a workload with `access` is refused on this cluster
   */
  workloadIdentity?(name: string, request: WorkloadIdentityRequest, parent: pulumi.Resource): WorkloadIdentityBinding;
  /**
   * The RBAC subjects under which a namespace's `members` reach the cluster, bound to edit in
   * that namespace by its RoleBinding. The cluster gives the members their way in itself (EKS
   * access entries, AKS role assignments). A cloud that grants namespace rights outside
   * Kubernetes RBAC returns none.
   * @default - none: a namespace with `members` is refused on this cluster
   */
  memberSubjects?(namespace: string, members: readonly string[]): readonly RbacSubject[];
  /**
   * Where pods with a workload identity fetch their credentials on this cloud: admitted by a
   * namespace's restricted egress when any of its workloads has `access`. A cloud whose pods
   * exchange a projected token with a public endpoint instead (AKS and Entra ID) lists none.
   * @default - none
   */
  readonly identityEndpoints?: readonly IdentityEndpoint[];
}

/** The placement of a named pool; throws a clear error for a pool the cluster lacks. */
export function poolPlacement(contract: ClusterContract, pool: string): PoolPlacement {
  const placement = contract.pools[pool];
  if (placement === undefined) {
    const known = Object.keys(contract.pools).sort();
    throw new Error(
      `pool "${pool}" is not a GPU pool of this cluster (pools: ${known.length ? known.join(", ") : "none"}); ` +
        "plan capacity with the workload in the spec, or pass a pool the cluster has",
    );
  }
  return placement;
}

/** Tolerations covering exactly the given taints (operator Exists, per key and effect). */
export function tolerationsFor(taints: readonly NodeTaint[]): Toleration[] {
  const seen = new Set<string>();
  const out: Toleration[] = [];
  for (const t of taints) {
    const id = `${t.key}|${t.effect}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ key: t.key, operator: "Exists", effect: t.effect });
  }
  return out;
}

/** The placement of a GPU or CPU pool by name, or undefined for a pool the cluster lacks. */
export function anyPoolPlacement(contract: ClusterContract, pool: string): PoolPlacement | CpuPoolPlacement | undefined {
  return contract.pools[pool] ?? contract.cpuPools?.[pool];
}

/**
 * The placement of pods that may run on any of these pools, for a contract that does not say:
 * a required node affinity on the pool label over all of them, and tolerations of every taint of
 * every pool. One pool: its own node selector.
 */
export function defaultPlacementFor(contract: ClusterContract, pools: readonly string[]): WorkloadPlacement {
  const placements = pools.map((name) => {
    const p = anyPoolPlacement(contract, name);
    if (p === undefined) throw new Error(`bug: pool "${name}" reached placement without validation`);
    return p;
  });
  const tolerations = tolerationsFor(placements.flatMap((p) => p.taints));
  if (placements.length === 1) return { nodeSelector: { ...placements[0]!.nodeSelector }, tolerations };
  return {
    nodeSelector: {},
    requiredNodeAffinity: [{ matchExpressions: [{ key: POOL_LABEL, operator: "In", values: [...pools] }] }],
    tolerations,
  };
}

/** Where pods land that may run on any of these pools: the contract's own answer, else the default. */
export function placementOf(contract: ClusterContract, pools: readonly string[]): WorkloadPlacement {
  return contract.placementFor !== undefined && pools.length > 1 ? contract.placementFor(pools) : defaultPlacementFor(contract, pools);
}
