/**
 * FakeCluster: a ClusterContract with no cloud behind it, for tests and for trying the Kubernetes
 * layer. Its pools carry the package's labels and the GPU taint exactly as the real clusters'
 * do; its provider points at a kubeconfig for a host that cannot exist (RFC 2606 `.invalid`), so
 * nothing built on it can reach a real cluster, even with a developer's KUBECONFIG set.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { CapacityPlan, PlanPool } from "../capacity/types";
import { checkInput } from "../bad-input";
import { DEFAULT_NETWORK_CIDR } from "../spec/defaults";
import { SpecError } from "../spec/errors";
import { GPU_TAINT, cpuPlacement, kubernetesProvider, placement, poolLabels } from "./common";
import type {
  ClusterContract,
  CpuPoolPlacement,
  GpuDriverPaths,
  NodeTaint,
  PoolPlacement,
  RbacSubject,
  StorageClassNames,
  SystemPlacement,
  WorkloadIdentityBinding,
  WorkloadIdentityRequest,
} from "./contract";
import { POOL_LABEL } from "./contract";

/** Storage class names the fake reports; nothing creates them. */
export const FAKE_STORAGE_CLASSES: StorageClassNames = Object.freeze({ checkpoint: "fake-checkpoint-retain", sharedFile: "fake-shared-file-retain" });

/** Load balancer annotations the fake reports: clearly not any cloud's, so renders cannot be mistaken for one. */
export const FAKE_INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({ "fake.ml-clusters.io/load-balancer": "internal" });
export const FAKE_PUBLIC_LB_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({ "fake.ml-clusters.io/load-balancer": "public" });
/**
 * Where the fake's internal load balancer traffic comes from: the spec's default network
 * (spec/defaults.ts), as on a cloud whose nodes rewrite it to their own addresses (EKS).
 */
export const FAKE_INTERNAL_LB_SOURCE_RANGES: readonly string[] = Object.freeze([DEFAULT_NETWORK_CIDR]);

/** The fake system pool: the pool label with value "system", tolerating the taint AKS puts on system pools. */
export const FAKE_SYSTEM_PLACEMENT: SystemPlacement = Object.freeze({
  nodeSelector: Object.freeze({ [POOL_LABEL]: "system" }),
  tolerations: Object.freeze([Object.freeze({ key: "CriticalAddonsOnly", operator: "Exists" as const })]),
});

/** A kubeconfig for a cluster that does not exist: the explicit provider never falls back to ~/.kube/config. */
export function fakeKubeconfig(name: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    `clusters: [{ name: ${name}, cluster: { server: "https://${name}.fake-cluster.invalid" } }]`,
    `users: [{ name: ${name}, user: { token: "not-a-token" } }]`,
    `contexts: [{ name: ${name}, context: { cluster: ${name}, user: ${name} } }]`,
    `current-context: ${name}`,
    "",
  ].join("\n");
}

export interface FakeClusterArgs {
  /** The plan whose pools the fake offers. Give this or `pools`. */
  readonly plan?: CapacityPlan;
  /** The pools the fake offers, when there is no plan. */
  readonly pools?: readonly PlanPool[];
  /** Taints the "cloud" adds to GPU nodes on top of the GPU taint. @default - none */
  readonly extraTaints?: readonly NodeTaint[];
  /** @default FAKE_STORAGE_CLASSES */
  readonly storageClasses?: StorageClassNames;
  /** @default { driverRoot: "/", devicePluginManaged: false } (a host-installed driver, as on EKS and AKS) */
  readonly gpuDriver?: GpuDriverPaths;
  /**
   * What the fake reports as its internal load balancers' traffic sources; `null` reports nothing,
   * as a contract that does not implement the field.
   * @default FAKE_INTERNAL_LB_SOURCE_RANGES
   */
  readonly internalLoadBalancerSourceRanges?: readonly string[] | null;
}

/** A ClusterContract backed by nothing but a Kubernetes provider. */
export class FakeCluster extends pulumi.ComponentResource implements ClusterContract {
  readonly name: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  readonly clusterResource: pulumi.Resource;
  readonly ready: readonly pulumi.Resource[];
  readonly pools: Readonly<Record<string, PoolPlacement>>;
  readonly cpuPools: Readonly<Record<string, CpuPoolPlacement>>;
  readonly system: SystemPlacement;
  readonly storageClasses: StorageClassNames;
  readonly internalLoadBalancerAnnotations: Readonly<Record<string, string>>;
  readonly publicLoadBalancerAnnotations: Readonly<Record<string, string>>;
  readonly internalLoadBalancerSourceRanges?: readonly string[];
  readonly gpuDriver: GpuDriverPaths;

  constructor(name: string, args: FakeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const pools = checkInput(() => fakePools(args));
    super("ml-clusters:cluster:FakeCluster", name, {}, opts);
    const kubeconfig = fakeKubeconfig(name);
    this.name = pulumi.output(name);
    this.kubeconfig = pulumi.secret(kubeconfig);
    this.provider = kubernetesProvider(`${name}-k8s`, { kubeconfig, clusterIdentifier: `fake-${name}` }, { parent: this });
    this.clusterResource = this;
    this.ready = [];
    const taints = [GPU_TAINT, ...(args.extraTaints ?? [])];
    this.pools = Object.fromEntries(pools.filter((p) => p.gpu !== null).map((p) => [p.name, placement(p, poolLabels(p), taints)]));
    // CPU pools carry no taint: workloads without GPUs land on them by their node selector alone.
    this.cpuPools = Object.fromEntries(pools.filter((p) => p.gpu === null).map((p) => [p.name, cpuPlacement(p, poolLabels(p), [])]));
    this.system = FAKE_SYSTEM_PLACEMENT;
    this.storageClasses = args.storageClasses ?? FAKE_STORAGE_CLASSES;
    this.internalLoadBalancerAnnotations = FAKE_INTERNAL_LB_ANNOTATIONS;
    this.publicLoadBalancerAnnotations = FAKE_PUBLIC_LB_ANNOTATIONS;
    const sources = args.internalLoadBalancerSourceRanges;
    if (sources !== null) this.internalLoadBalancerSourceRanges = sources ?? FAKE_INTERNAL_LB_SOURCE_RANGES;
    this.gpuDriver = args.gpuDriver ?? { driverRoot: "/", devicePluginManaged: false };
    this.registerOutputs({ name: this.name, kubeconfig: this.kubeconfig });
  }

  /**
   * No cloud here: the identity is an annotation naming what it may touch and a pod label, so the
   * Kubernetes layer's wiring shows in tests and renders.
   */
  workloadIdentity(_name: string, request: WorkloadIdentityRequest, _parent?: pulumi.Resource): WorkloadIdentityBinding {
    const list = (locations: readonly { readonly url: string }[]) => locations.map((l) => l.url).join(",");
    return {
      serviceAccountAnnotations: { [FAKE_IDENTITY_ANNOTATION]: `fake:${request.namespace}:${request.serviceAccount};read=${list(request.access.read)};write=${list(request.access.write)}` },
      podLabels: { [FAKE_IDENTITY_LABEL]: "true" },
      ready: [],
    };
  }

  /** Members reach the fake cluster as users named as written. */
  memberSubjects(_namespace: string, members: readonly string[]): readonly RbacSubject[] {
    return members.map((m) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: m }));
  }
}

/** The fake's identity annotation and pod label (no cloud reads them). */
export const FAKE_IDENTITY_ANNOTATION = "identity.fake.ml-clusters.io/principal";
export const FAKE_IDENTITY_LABEL = "identity.fake.ml-clusters.io/use";

/** The pools of a plan or a list, checked: exactly one source, unique names. */
export function fakePools(args: FakeClusterArgs): readonly PlanPool[] {
  const problems: { path: string; message: string }[] = [];
  if (args.plan !== undefined && args.pools !== undefined) {
    problems.push({ path: "pools", message: "give the pools through plan or pools, not both; drop one of them" });
  }
  const pools = args.plan?.pools ?? args.pools ?? [];
  const seen = new Set<string>();
  pools.forEach((p, i) => {
    if (seen.has(p.name)) problems.push({ path: `pools[${i}].name`, message: `"${p.name}" names two pools; pool names must be unique` });
    seen.add(p.name);
  });
  if (problems.length > 0) throw new SpecError(problems, "FakeCluster");
  return pools;
}
