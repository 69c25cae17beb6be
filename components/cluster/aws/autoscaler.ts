/**
 * cluster-autoscaler: the Helm chart pinned to the cluster's Kubernetes minor, on the system pool,
 * with a Pod Identity role that may only resize this cluster's node groups. It discovers the groups
 * by the tags EKS puts on every managed node group's ASG (`k8s.io/cluster-autoscaler/enabled` and
 * `k8s.io/cluster-autoscaler/<cluster>`, EKS User Guide "Managed node groups"); the GPU pools'
 * node-template tags (node-pools.ts) let it scale them up from zero.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { POOL_LABEL } from "../contract";
import { child, EksContext, regional, tags } from "./context";
import { podIdentityRole } from "./iam";
import { CLUSTER_AUTOSCALER_CHARTS, CLUSTER_AUTOSCALER_REPO, SYSTEM_POOL_NAME } from "./tables";

export const AUTOSCALER_NAMESPACE = "kube-system";
export const AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";

/**
 * Flags (cluster-autoscaler FAQ, "What are the parameters to CA?"), chosen for GPU pools:
 * - expander least-waste: among the groups that fit a pending pod, the one left with the least idle
 *   CPU and memory. Pods land on a pool through its label and the GPU taint, so a GPU pod fits one
 *   GPU group and a CPU pod none of them: the expander never trades a GPU node for a CPU one.
 * - scale-down-unneeded-time and scale-down-delay-after-add 15m (defaults 10m): a new GPU node
 *   spends minutes pulling a serving image and loading weights; removing it sooner thrashes.
 * - max-node-provision-time 20m (default 15m): a GPU node counts as unready until the device
 *   plugin advertises its GPUs (CA AWS README, "Special note on GPU instances").
 * - skip-nodes-with-local-storage false: model servers mount emptyDir at /dev/shm and for caches;
 *   with the default, a GPU node running one could never be scaled down.
 * - ignore-daemonsets-utilization: the GPU daemons (device plugin, DCGM exporter) would otherwise
 *   keep an idle GPU node above the utilisation threshold.
 */
export const AUTOSCALER_FLAGS: Readonly<Record<string, string | boolean>> = Object.freeze({
  expander: "least-waste",
  "scale-down-unneeded-time": "15m",
  "scale-down-delay-after-add": "15m",
  "max-node-provision-time": "20m",
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

export interface AutoscalerDeps {
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
        nodeSelector: { [POOL_LABEL]: SYSTEM_POOL_NAME },
        priorityClassName: "system-cluster-critical",
        // CA must not evict itself while draining the node it runs on.
        podAnnotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" },
        resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "600Mi" } },
      },
    },
    { parent: ctx.parent, provider: deps.provider, deletedWith: deps.cluster, dependsOn: [podIdentity, ...deps.dependsOn] },
  );
  return { release, podIdentity };
}
