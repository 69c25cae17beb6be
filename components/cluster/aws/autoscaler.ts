/**
 * cluster-autoscaler: the Helm chart pinned to the cluster's Kubernetes minor, on the system pool,
 * with a Pod Identity role that may only resize this cluster's node groups. It discovers the groups
 * by the tags EKS puts on every managed node group's ASG (`k8s.io/cluster-autoscaler/enabled` and
 * `k8s.io/cluster-autoscaler/<cluster>`, EKS User Guide "Managed node groups"); the worker pools'
 * node-template tags (node-pools.ts) let it scale them up from zero, and the priority expander
 * makes it grow a Spot pool before that pool's on-demand fallback.
 *
 * How long falling back takes: when EC2 has no Spot capacity for any of a Spot group's types, the
 * group's scaling activity fails. CA refreshes its view of the groups once a minute
 * (`refreshInterval` in cloudprovider/aws/aws_manager.go), finds the failed activity
 * (`isNodeGroupAvailable` in auto_scaling_groups.go), reports the missing nodes as out of
 * resources, backs the Spot group off (5 minutes at first, doubling up to 30:
 * `initial-node-group-backoff-duration` / `max-node-group-backoff-duration`) and on its next loop
 * scales the fallback group, the best option left. Pending pods so reach the fallback pool one to
 * three minutes after CA asked for Spot nodes, plus the fallback node's own boot. A Spot request
 * that neither fails nor yields a node times out after `max-node-provision-time` (10 minutes,
 * below) and falls back the same way. All at kubernetes/autoscaler 55c37cd5 (chart 9.59.0), read
 * 2026-12.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addonResources } from "../../catalog/system-addons";
import type { CapacityPlan } from "../../capacity/types";
import { POOL_LABEL } from "../contract";
import { child, EksContext, regional, tags } from "./context";
import { podIdentityRole } from "./iam";
import { CLUSTER_AUTOSCALER_CHARTS, CLUSTER_AUTOSCALER_REPO, SYSTEM_POOL_NAME } from "./tables";

export const AUTOSCALER_NAMESPACE = "kube-system";
export const AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";

/**
 * Flags (cluster-autoscaler FAQ, "What are the parameters to CA?"), chosen for GPU pools:
 * - expander priority, then least-waste: CA calls the expanders in turn until one option is left
 *   (the `--expander` flag's help, which takes a comma-separated list). The priority expander keeps
 *   the groups of the highest priority among those that fit (expanderPriorities below): a Spot
 *   pool over its fallback. Least-waste breaks what ties remain. Pods land on a pool through its
 *   label, so a pod fits its own pool or a Spot pool and its fallback, never another workload's.
 * - scale-down-unneeded-time and scale-down-delay-after-add 15m (defaults 10m): a new GPU node
 *   spends minutes pulling a serving image and loading weights; removing it sooner thrashes.
 * - max-node-provision-time 10m (default 15m): how long CA waits for a new node to register
 *   before it gives the scale-up up ("Nodes added to group ... failed to register", clusterstate.go
 *   at 55c37cd5) and backs the group off; registering is all it waits for (GPUs the device plugin
 *   has not advertised yet keep the node unready, not unregistered). An AL2023 node, GPU or not,
 *   registers within a few minutes of launch, so 10 minutes is ample and bounds how long a Spot
 *   pool that neither fails nor delivers holds its pods back from the fallback. The AWS provider
 *   reads no per-group override of this option (only the scale-down ones, `GetAsgOptions`).
 * - skip-nodes-with-local-storage false: model servers mount emptyDir at /dev/shm and for caches;
 *   with the default, a GPU node running one could never be scaled down.
 * - ignore-daemonsets-utilization: the GPU daemons (device plugin, DCGM exporter) would otherwise
 *   keep an idle GPU node above the utilisation threshold.
 */
export const AUTOSCALER_FLAGS: Readonly<Record<string, string | boolean>> = Object.freeze({
  expander: "priority,least-waste",
  "scale-down-unneeded-time": "15m",
  "scale-down-delay-after-add": "15m",
  "max-node-provision-time": "10m",
  "skip-nodes-with-local-storage": false,
  "ignore-daemonsets-utilization": true,
  "balance-similar-node-groups": false,
});

/**
 * The least privilege CA needs on AWS with auto-discovery and the instance-type list it builds
 * from the EC2 API (CA AWS README, "Full Cluster Autoscaler Features Policy", at kubernetes/
 * autoscaler 55c37cd5, read 2026-12): read anything, but resize or terminate only groups tagged as
 * owned by this cluster. No `autoscaling:DescribeTags`: CA stopped calling it in 1.25
 * (kubernetes/autoscaler 285500ed "reduce auto-discovery API calls"), and every CA this
 * component deploys is 1.30 or newer.
 */
export function autoscalerPolicy(clusterName: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Discover",
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "eks:DescribeNodegroup",
        ],
        Resource: "*",
      },
      {
        Sid: "ResizeOwnGroups",
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: "*",
        Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
      },
    ],
  });
}

/** Priority of every group the expander is not told to prefer (it must be positive: priority readme). */
export const DEFAULT_GROUP_PRIORITY = 10;
/** Priority of Spot groups: above everything else that fits the same pods, their fallback among them. */
export const SPOT_GROUP_PRIORITY = 50;

/**
 * A regex matching exactly the auto scaling group of a pool's node group. CA's priority expander
 * matches node group IDs, which on AWS are ASG names (priority readme; aws_cloud_provider.go `Id()`).
 * EKS names a managed node group's ASG `eks-<node group name>-<uuid>` (EKS 1.21 release notes,
 * aws/containers-roadmap#1304), and the node group's name is `<pool>-` plus the provider's
 * 26-character suffix of digits and hex (terraform-plugin-sdk `id.PrefixedUniqueId`, which the
 * provider's own tests match with `[[:xdigit:]]{26}`). Anchoring the suffix keeps `l4-spot-1`
 * from matching `l4-spot-1-fallback`'s group.
 */
export function poolAsgPattern(pool: string): string {
  return `^eks-${pool.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{26}-`;
}

/**
 * The chart's `expanderPriorities` (charts/cluster-autoscaler values.yaml and
 * templates/priority-expander-configmap.yaml, identical at every chart version CLUSTER_AUTOSCALER_CHARTS
 * pins): the chart writes them into the `cluster-autoscaler-priority-expander` ConfigMap in its
 * namespace when `extraArgs.expander` lists `priority`, and CA reloads it on change. The
 * catch-all keeps every other group scalable: a group no regex matches is never expanded.
 */
export function expanderPriorities(plan: CapacityPlan): Record<string, string[]> {
  const spot = plan.pools.filter((p) => p.spot).map((p) => poolAsgPattern(p.name));
  return { [DEFAULT_GROUP_PRIORITY]: [".*"], ...(spot.length > 0 ? { [SPOT_GROUP_PRIORITY]: spot } : {}) };
}

export interface AutoscalerDeps {
  readonly plan: CapacityPlan;
  readonly cluster: aws.eks.Cluster;
  readonly provider: k8s.Provider;
  /** The system nodes and CoreDNS: the release waits for its pod to run. */
  readonly dependsOn: readonly pulumi.Resource[];
}

export interface ClusterAutoscaler {
  readonly release: k8s.helm.v3.Release;
  readonly podIdentity: aws.eks.PodIdentityAssociation;
}

export function clusterAutoscaler(ctx: EksContext, deps: AutoscalerDeps): ClusterAutoscaler {
  const { name, spec } = ctx;
  const chart = CLUSTER_AUTOSCALER_CHARTS[spec.kubernetesVersion];
  if (chart === undefined) throw new Error(`clusterAutoscaler: no chart for Kubernetes ${spec.kubernetesVersion}; validate the args first`);
  const role = podIdentityRole(ctx, "cluster-autoscaler", {
    namespace: AUTOSCALER_NAMESPACE,
    serviceAccount: AUTOSCALER_SERVICE_ACCOUNT,
    inlinePolicy: autoscalerPolicy(spec.name),
  });
  const podIdentity = new aws.eks.PodIdentityAssociation(
    `${name}-cluster-autoscaler`,
    { ...regional(ctx), clusterName: deps.cluster.name, namespace: AUTOSCALER_NAMESPACE, serviceAccount: AUTOSCALER_SERVICE_ACCOUNT, roleArn: role.role.arn, tags: tags(ctx) },
    child(ctx, { dependsOn: [...role.policies] }),
  );
  const release = new k8s.helm.v3.Release(
    `${name}-cluster-autoscaler`,
    {
      name: "cluster-autoscaler",
      chart: "cluster-autoscaler",
      version: chart.chart,
      repositoryOpts: { repo: CLUSTER_AUTOSCALER_REPO },
      namespace: AUTOSCALER_NAMESPACE,
      atomic: true,
      values: {
        cloudProvider: "aws",
        // Explicit region: with the IMDS hop limit at 1, CA's pod cannot ask the instance metadata for it.
        awsRegion: spec.region,
        autoDiscovery: { clusterName: spec.name },
        rbac: { create: true, serviceAccount: { create: true, name: AUTOSCALER_SERVICE_ACCOUNT } },
        extraArgs: { ...AUTOSCALER_FLAGS },
        expanderPriorities: expanderPriorities(deps.plan),
        nodeSelector: { [POOL_LABEL]: SYSTEM_POOL_NAME },
        priorityClassName: "system-cluster-critical",
        // CA must not evict itself while draining the node it runs on.
        podAnnotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" },
        // The system pool was sized with these requests (catalog/system-addons.ts).
        resources: addonResources("cluster-autoscaler"),
      },
    },
    { parent: ctx.parent, provider: deps.provider, deletedWith: deps.cluster, dependsOn: [podIdentity, ...deps.dependsOn] },
  );
  return { release, podIdentity };
}
