/**
 * Pieces every cluster implementation shares: the GPU taint and pool labels, the Kubernetes
 * provider built from a kubeconfig, and the NVIDIA device plugin for clouds that do not manage it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { daemonRequest } from "../catalog/daemons";
import type { CapacityPlan, PlanPool } from "../capacity/types";
import { PLATFORM_NAMESPACES } from "../spec/system-namespaces";
import type { ValidSpec } from "../spec/types";
import { CpuPoolPlacement, NodeTaint, POOL_LABEL, PoolPlacement, Toleration, tolerationsFor } from "./contract";

/** What every cluster implementation takes: the validated spec and the capacity plan for it. */
export interface ClusterArgs {
  readonly spec: ValidSpec;
  readonly plan: CapacityPlan;
}

/**
 * The taint every GPU pool carries, so that only pods that ask for GPUs land there. GKE adds this
 * very taint itself to GPU pools in clusters that also have CPU pools; EKS and AKS get it from us.
 */
export const GPU_TAINT: NodeTaint = Object.freeze({ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" });

/** Label with the canonical GPU model, on every GPU node the package creates. */
export const GPU_MODEL_LABEL = "ml-clusters.io/gpu";

/** The labels the package puts on a pool's nodes (clouds add their own on top); the GPU model label on GPU pools only. */
export function poolLabels(pool: PlanPool): Record<string, string> {
  return pool.gpu === null ? { [POOL_LABEL]: pool.name } : { [POOL_LABEL]: pool.name, [GPU_MODEL_LABEL]: pool.gpu };
}

/** The placement of a pool given every label and taint its nodes will carry, without GPU facts. */
export function cpuPlacement(pool: PlanPool, labels: Readonly<Record<string, string>>, taints: readonly NodeTaint[]): CpuPoolPlacement {
  return {
    pool: pool.name,
    instanceType: pool.instanceType,
    labels: { ...labels },
    taints: [...taints],
    nodeSelector: { [POOL_LABEL]: pool.name },
    tolerations: tolerationsFor(taints),
  };
}

/** The placement of a GPU pool: a pool's placement with its GPU model and GPUs per node. */
export function placement(pool: PlanPool, labels: Readonly<Record<string, string>>, taints: readonly NodeTaint[]): PoolPlacement {
  if (pool.gpu === null) throw new Error(`bug: CPU pool "${pool.name}" given a GPU placement`);
  return { ...cpuPlacement(pool, labels, taints), gpu: pool.gpu, gpusPerNode: pool.gpusPerNode };
}

/** Tolerations for DaemonSets that must run on every GPU node whatever else taints it. */
export const GPU_DAEMON_TOLERATIONS: readonly Toleration[] = Object.freeze([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);

/**
 * The Kubernetes provider for a cluster. `clusterIdentifier` pins the provider's identity to the
 * cluster, so a kubeconfig change (a rotated token, a new endpoint format) updates the provider
 * instead of replacing it and every object it manages (pulumi-kubernetes provider docs).
 */
export function kubernetesProvider(
  name: string,
  args: { readonly kubeconfig: pulumi.Input<string>; readonly clusterIdentifier: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
): k8s.Provider {
  return new k8s.Provider(
    name,
    { kubeconfig: pulumi.secret(args.kubeconfig), clusterIdentifier: args.clusterIdentifier, enableServerSideApply: true, deleteUnreachable: false },
    opts,
  );
}

/**
 * NVIDIA device plugin chart, pinned (github.com/NVIDIA/k8s-device-plugin releases; v0.17.x is
 * the 2025 line with CDI support). It makes `nvidia.com/gpu` schedulable on nodes whose image ships
 * the driver but not the plugin (EKS AL2023 NVIDIA AMI; AKS with the driver installed by AKS).
 */
export const DEVICE_PLUGIN_CHART = Object.freeze({
  chart: "nvidia-device-plugin",
  version: "0.17.1",
  repo: "https://nvidia.github.io/k8s-device-plugin",
  namespace: PLATFORM_NAMESPACES.gpu,
});

/**
 * Installs the NVIDIA device plugin on GPU nodes only, with the catalogue's requests.
 * `extraTolerations` covers taints a cloud adds to some GPU nodes itself (AKS Spot nodes), which
 * would otherwise keep the plugin, and so every GPU, off them.
 */
export function nvidiaDevicePlugin(
  name: string,
  opts: pulumi.CustomResourceOptions,
  extraTolerations: readonly Toleration[] = [],
): k8s.helm.v3.Release {
  const req = daemonRequest("nvidia-device-plugin");
  return new k8s.helm.v3.Release(
    name,
    {
      name: "nvidia-device-plugin",
      chart: DEVICE_PLUGIN_CHART.chart,
      version: DEVICE_PLUGIN_CHART.version,
      repositoryOpts: { repo: DEVICE_PLUGIN_CHART.repo },
      namespace: DEVICE_PLUGIN_CHART.namespace,
      createNamespace: true,
      atomic: true,
      values: {
        // Only GPU nodes: the plugin crash-loops on nodes without a driver.
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: GPU_MODEL_LABEL, operator: "Exists" }] }],
            },
          },
        },
        tolerations: [...GPU_DAEMON_TOLERATIONS, { key: "CriticalAddonsOnly", operator: "Exists" }, ...extraTolerations],
        priorityClassName: "system-node-critical",
        resources: {
          requests: { cpu: `${req.cpuMillis}m`, memory: `${req.memoryMiB}Mi` },
          limits: { memory: `${req.memoryMiB}Mi` },
        },
      },
    },
    opts,
  );
}
