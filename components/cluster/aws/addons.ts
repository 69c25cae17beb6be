/**
 * EKS managed add-ons. The cluster is created without EKS's unmanaged defaults
 * (`bootstrapSelfManagedAddons: false`), so each add-on here is the only copy and Pulumi owns its
 * configuration. Networking add-ons come before the nodes (a node is not Ready without a CNI); the
 * rest after the system nodes exist, since EKS waits for their pods to run.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GPU_DAEMON_TOLERATIONS } from "../common";
import { child, EksContext, regional, tags } from "./context";
import { podIdentityRole } from "./iam";
import { MANAGED_POLICIES } from "./tables";

/**
 * Conflicts with fields edited outside Pulumi are resolved in favour of the add-on's configuration
 * here (EKS API `resolveConflicts`: OVERWRITE | NONE | PRESERVE): the code is the desired state.
 */
const RESOLVE_CONFLICTS = "OVERWRITE";

/** Service accounts the add-ons run as (EKS User Guide, each add-on's "IAM role" page). */
export const ADDON_SERVICE_ACCOUNTS = Object.freeze({
  vpcCni: "aws-node",
  ebsCsi: "ebs-csi-controller-sa",
  efsCsi: "efs-csi-controller-sa",
});

export interface NetworkingAddons {
  readonly vpcCni: aws.eks.Addon;
  readonly kubeProxy: aws.eks.Addon;
  readonly podIdentityAgent: aws.eks.Addon;
}

export interface ClusterAddons {
  readonly coredns: aws.eks.Addon;
  readonly ebsCsi: aws.eks.Addon;
  readonly efsCsi: aws.eks.Addon;
  readonly metricsServer: aws.eks.Addon;
  readonly nodeMonitoringAgent: aws.eks.Addon;
}

/**
 * The EKS node monitoring agent, pinned. It reads each node's kernel, runtime, storage and network
 * logs and NVIDIA XID errors and DCGM health, and sets node conditions (`AcceleratedHardwareReady`,
 * `KernelReady`, `NetworkingReady`, `StorageReady`, `ContainerRuntimeReady`) that the node groups'
 * auto repair acts on (EKS User Guide "Detect node health issues and enable automatic node repair"
 * and "Automatically repair nodes in EKS clusters", read 2026-12). Without it, repair sees only
 * `Ready`, so a GPU fault that leaves the kubelet running is never repaired.
 *
 * Pinned, unlike the other add-ons, because what it detects decides which nodes get replaced: a
 * new detection should arrive as a reviewed diff, not with a cluster upgrade. Add-on versions are
 * spelled `v<agent>-eksbuild.<n>`; v1.7.0-eksbuild.1 is the image tag of the agent's chart 1.7.0
 * (aws/eks-node-monitoring-agent `charts/eks-node-monitoring-agent/values.yaml`, `nodeAgent.image.tag`,
 * tag v1.7.0, released 2026-08-04 per its CHANGELOG). The agent is a DaemonSet with no Kubernetes
 * minor of its own and its CI runs on every EKS version `aws eks describe-cluster-versions` lists
 * (`.github/workflows/ci.yaml`, "all"); `aws eks describe-addon-versions --addon-name
 * eks-node-monitoring-agent --kubernetes-version <minor>` confirms a version for a cluster.
 */
export const NODE_MONITORING_AGENT_VERSION = "v1.7.0-eksbuild.1";

/**
 * The agent's configuration values (the add-on accepts the chart's `configuration.schema.json`,
 * same tag). Its node agent tolerates every taint already (`nodeAgent.tolerations: [{operator:
 * Exists}]`); its `dcgm-server` DaemonSet, the host engine the agent reads GPU health from,
 * tolerates none (`dcgmAgent.tolerations: []`) and would never run on the GPU pools' tainted nodes,
 * leaving GPU faults undetected. Requests stay the chart's: catalog/daemons.ts counts them.
 */
export function nodeMonitoringAgentConfiguration(): string {
  return JSON.stringify({ dcgmAgent: { tolerations: GPU_DAEMON_TOLERATIONS.map((t) => ({ ...t })) } });
}

interface AddonArgs {
  readonly cluster: aws.eks.Cluster;
  readonly addonName: string;
  /** @default - EKS's default version for the cluster's Kubernetes version, moved on by upgrades. */
  readonly addonVersion?: string;
  readonly configurationValues?: string;
  readonly podIdentity?: { readonly serviceAccount: string; readonly roleArn: pulumi.Input<string> };
}

function addon(ctx: EksContext, args: AddonArgs, opts: pulumi.CustomResourceOptions = {}): aws.eks.Addon {
  const { cluster, addonName } = args;
  return new aws.eks.Addon(
    `${ctx.name}-${addonName}`,
    {
      ...regional(ctx),
      clusterName: cluster.name,
      addonName,
      ...(args.addonVersion !== undefined ? { addonVersion: args.addonVersion } : {}),
      resolveConflictsOnCreate: RESOLVE_CONFLICTS,
      resolveConflictsOnUpdate: RESOLVE_CONFLICTS,
      ...(args.configurationValues !== undefined ? { configurationValues: args.configurationValues } : {}),
      ...(args.podIdentity !== undefined ? { podIdentityAssociations: [args.podIdentity] } : {}),
      tags: tags(ctx),
    },
    child(ctx, opts),
  );
}

/**
 * The add-ons nodes need to become Ready. The VPC CNI runs its network-policy agent
 * (`enableNetworkPolicy`, EKS User Guide "Limit pod traffic with Kubernetes network policies"), so
 * the namespaces' NetworkPolicies are enforced, and takes its AWS permissions through Pod Identity
 * instead of the node role.
 */
export function networkingAddons(ctx: EksContext, cluster: aws.eks.Cluster): NetworkingAddons {
  const podIdentityAgent = addon(ctx, { cluster, addonName: "eks-pod-identity-agent" });
  const cniRole = podIdentityRole(ctx, "vpc-cni", {
    namespace: "kube-system",
    serviceAccount: ADDON_SERVICE_ACCOUNTS.vpcCni,
    managedPolicies: [MANAGED_POLICIES.cni],
  });
  const vpcCni = addon(
    ctx,
    {
      cluster,
      addonName: "vpc-cni",
      configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
      podIdentity: { serviceAccount: ADDON_SERVICE_ACCOUNTS.vpcCni, roleArn: cniRole.role.arn },
    },
    { dependsOn: [podIdentityAgent, ...cniRole.policies] },
  );
  const kubeProxy = addon(ctx, { cluster, addonName: "kube-proxy" });
  return { vpcCni, kubeProxy, podIdentityAgent };
}

/**
 * Add-ons whose pods need running nodes: CoreDNS, the EBS and EFS CSI drivers (each with its own
 * Pod Identity role), metrics-server, the EKS community add-on that serves `metrics.k8s.io` so
 * CPU-based HorizontalPodAutoscalers work, and the node monitoring agent.
 */
export function clusterAddons(ctx: EksContext, cluster: aws.eks.Cluster, nodes: readonly pulumi.Resource[]): ClusterAddons {
  const coredns = addon(ctx, { cluster, addonName: "coredns" }, { dependsOn: [...nodes] });
  const ebsRole = podIdentityRole(ctx, "ebs-csi", { namespace: "kube-system", serviceAccount: ADDON_SERVICE_ACCOUNTS.ebsCsi, managedPolicies: [MANAGED_POLICIES.ebsCsi] });
  const ebsCsi = addon(
    ctx,
    { cluster, addonName: "aws-ebs-csi-driver", podIdentity: { serviceAccount: ADDON_SERVICE_ACCOUNTS.ebsCsi, roleArn: ebsRole.role.arn } },
    { dependsOn: [...nodes, ...ebsRole.policies] },
  );
  const efsRole = podIdentityRole(ctx, "efs-csi", { namespace: "kube-system", serviceAccount: ADDON_SERVICE_ACCOUNTS.efsCsi, managedPolicies: [MANAGED_POLICIES.efsCsi] });
  const efsCsi = addon(
    ctx,
    { cluster, addonName: "aws-efs-csi-driver", podIdentity: { serviceAccount: ADDON_SERVICE_ACCOUNTS.efsCsi, roleArn: efsRole.role.arn } },
    { dependsOn: [...nodes, ...efsRole.policies] },
  );
  const metricsServer = addon(ctx, { cluster, addonName: "metrics-server" }, { dependsOn: [...nodes] });
  const nodeMonitoringAgent = addon(
    ctx,
    { cluster, addonName: "eks-node-monitoring-agent", addonVersion: NODE_MONITORING_AGENT_VERSION, configurationValues: nodeMonitoringAgentConfiguration() },
    { dependsOn: [...nodes] },
  );
  return { coredns, ebsCsi, efsCsi, metricsServer, nodeMonitoringAgent };
}
