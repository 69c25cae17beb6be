/**
 * Managed node groups: the system pool from the spec and one group per planned worker pool (GPU or
 * CPU, Spot or on demand), each with its own launch template (IMDSv2 only, hop limit 1, encrypted
 * gp3 root volume, no public address) and, for worker pools, the autoscaler's node-template tags on
 * the group's auto scaling group.
 *
 * CPU pools use the standard AL2023 AMI like the system pool and carry no GPU taint. A Spot pool
 * takes every type the plan lists (capacity diversification: each type is a separate Spot capacity
 * pool); its fallback pool is an ordinary on-demand group of the planned type, preferred less by
 * the autoscaler's priority expander (autoscaler.ts).
 *
 * GPU pools use the AL2023 NVIDIA AMI (`AL2023_x86_64_NVIDIA`: driver, CUDA user-mode driver and
 * container toolkit on the host, EKS User Guide "EKS-optimized accelerated AMIs"). Bottlerocket's
 * NVIDIA variant also ships the device plugin, but its read-only host and different device paths
 * would make the DCGM exporter and driver mounts differ from the other clouds; with AL2023 the
 * device plugin is the one Helm release every cloud installs the same way.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlanPool } from "../../capacity/types";
import { cpuPlacement, placement } from "../common";
import { CpuPoolPlacement, POOL_LABEL, PoolPlacement } from "../contract";
import { child, EksContext, regional, tags } from "./context";
import type { RoleWithPolicies } from "./iam";
import { capacityType, eksTaint, nodeGroupLabels, nodeLabels, NODE_TEMPLATE_PREFIX, nodeTemplateTags, poolInstanceTypes, poolTaints } from "./node-template";
import { SYSTEM_POOL_NAME } from "./tables";

export const GPU_AMI_TYPE = "AL2023_x86_64_NVIDIA";
export const SYSTEM_AMI_TYPES = Object.freeze({ x86_64: "AL2023_x86_64_STANDARD", arm64: "AL2023_ARM_64_STANDARD" });

/** AL2023's root device (EKS AMI build spec); a mapping for another name would add a second, unused volume. */
export const ROOT_DEVICE_NAME = "/dev/xvda";

/** Rolling updates of system nodes: a third at a time (terraform-aws-eks v21 default). */
export const SYSTEM_MAX_UNAVAILABLE_PERCENT = 33;
/** GPU nodes are scarce and slow to replace (driver, image, model load): one at a time. */
export const GPU_MAX_UNAVAILABLE = 1;
/** CPU worker nodes roll like system nodes: a third at a time. */
export const CPU_MAX_UNAVAILABLE_PERCENT = SYSTEM_MAX_UNAVAILABLE_PERCENT;

/**
 * What autoscaler-managed fields Pulumi must leave alone (terraform-aws-eks FAQ, "desired_size").
 * An ignored field keeps its value from Pulumi's state, and Pulumi does not refresh before `up`
 * unless asked: a later change of the pool's bounds sends that recorded desired size with them,
 * which resets the group to it (pulumi-eks#321) or fails when the new minimum is above it
 * (terraform-aws-eks#748). Deploy with `pulumi up --refresh` (or `options: refresh: always`).
 */
export const NODE_GROUP_IGNORE_CHANGES = Object.freeze(["scalingConfig.desiredSize"]);

export interface NodePoolDeps {
  readonly cluster: aws.eks.Cluster;
  readonly nodeRole: RoleWithPolicies;
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** What must exist before a node boots: routes to NAT and the networking add-ons. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** A planned pool's node group, how pods land on it, and its scale-from-zero tags. */
export type WorkerNodePool =
  | { readonly kind: "gpu"; readonly nodeGroup: aws.eks.NodeGroup; readonly placement: PoolPlacement; readonly autoscalerTags: readonly aws.autoscaling.Tag[] }
  | { readonly kind: "cpu"; readonly nodeGroup: aws.eks.NodeGroup; readonly placement: CpuPoolPlacement; readonly autoscalerTags: readonly aws.autoscaling.Tag[] };

/** Graviton types have a "g" among the family's attribute letters (m7g, c6gn, t4g; EC2 "Instance type naming conventions"). */
export function isArmInstanceType(instanceType: string): boolean {
  return /^[a-z]+[0-9]+[a-z]*g[a-z]*\./.test(instanceType);
}

function launchTemplate(ctx: EksContext, poolName: string, rootVolumeGiB: number): aws.ec2.LaunchTemplate {
  const nodeTags = tags(ctx, { [POOL_LABEL]: poolName, Name: `${ctx.spec.name}-${poolName}` });
  return new aws.ec2.LaunchTemplate(
    `${ctx.name}-${poolName}`,
    {
      ...regional(ctx),
      namePrefix: `${ctx.spec.name}-${poolName}-`,
      description: `EKS ${ctx.spec.name} node pool ${poolName}`,
      updateDefaultVersion: true,
      // IMDSv2 only, one hop: pods (a hop away from the host) cannot reach the node role's credentials (EKS best practices, "Restrict access to IMDS").
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [
        { deviceName: ROOT_DEVICE_NAME, ebs: { volumeSize: rootVolumeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
      ],
      // No network interfaces here: EKS then attaches the cluster security group and the subnet decides
      // addressing, and the subnets are private (mapPublicIpOnLaunch false), so nodes get no public IP.
      tagSpecifications: [
        { resourceType: "instance", tags: nodeTags },
        { resourceType: "volume", tags: nodeTags },
      ],
      tags: tags(ctx),
    },
    child(ctx),
  );
}

interface NodeGroupSpec {
  readonly poolName: string;
  readonly amiType: string;
  /**
   * The planned type first. CA sizes a group it has no node of from the first type of the ASG's
   * mixed instances policy only (CA AWS README, "Using Mixed Instances Policies and Spot
   * Instances", at 55c37cd5); the planner lists only types whose allocatable holds what it packed
   * on the first, so CA never counts on more than any type delivers.
   */
  readonly instanceTypes: readonly string[];
  readonly capacityType: "ON_DEMAND" | "SPOT";
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly labels: Record<string, string>;
  readonly taints: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
  readonly updateConfig: aws.types.input.eks.NodeGroupUpdateConfig;
  readonly rootVolumeGiB: number;
}

function nodeGroup(ctx: EksContext, g: NodeGroupSpec, deps: NodePoolDeps): aws.eks.NodeGroup {
  const template = launchTemplate(ctx, g.poolName, g.rootVolumeGiB);
  return new aws.eks.NodeGroup(
    `${ctx.name}-${g.poolName}`,
    {
      ...regional(ctx),
      clusterName: deps.cluster.name,
      // Follow the control plane: a cluster upgrade then rolls the nodes in place.
      version: deps.cluster.version,
      // A prefix, not a name: a replacement group is created before the old one is deleted.
      nodeGroupNamePrefix: `${g.poolName}-`,
      nodeRoleArn: deps.nodeRole.role.arn,
      subnetIds: [...deps.subnetIds],
      amiType: g.amiType,
      instanceTypes: [...g.instanceTypes],
      capacityType: g.capacityType,
      scalingConfig: { minSize: g.minNodes, maxSize: g.maxNodes, desiredSize: g.minNodes },
      launchTemplate: { id: template.id, version: template.latestVersion.apply((v) => `${v}`) },
      labels: g.labels,
      taints: g.taints.map((t) => ({ ...t })),
      updateConfig: g.updateConfig,
      // EKS replaces a node that stays NotReady for 30 minutes, and acts on the conditions the node
      // monitoring agent (addons.ts) sets: AcceleratedHardwareReady (GPU XID and DCGM faults) after
      // 10 minutes, by reboot or replacement per fault, the others after 30. It holds off while
      // more than 20% of a group of more than five nodes is unhealthy (EKS User Guide,
      // "Automatically repair nodes in EKS clusters", read 2026-12).
      nodeRepairConfig: { enabled: true },
      tags: tags(ctx, { [POOL_LABEL]: g.poolName }),
    },
    child(ctx, { dependsOn: [...deps.nodeRole.policies, ...deps.dependsOn], ignoreChanges: [...NODE_GROUP_IGNORE_CHANGES] }),
  );
}

/**
 * The system pool, of the plan's type and size (capacity/system-pool.ts). It has no taint: a
 * CriticalAddonsOnly taint would strand the EKS community add-ons whose tolerations this package
 * does not control. Workloads stay off it because their pods select their planned pools.
 */
export function systemNodePool(ctx: EksContext, deps: NodePoolDeps): aws.eks.NodeGroup {
  const pool = ctx.spec.systemPool;
  return nodeGroup(
    ctx,
    {
      poolName: SYSTEM_POOL_NAME,
      amiType: isArmInstanceType(pool.instanceType) ? SYSTEM_AMI_TYPES.arm64 : SYSTEM_AMI_TYPES.x86_64,
      instanceTypes: [pool.instanceType],
      capacityType: "ON_DEMAND",
      minNodes: pool.minNodes,
      maxNodes: pool.maxNodes,
      labels: { [POOL_LABEL]: SYSTEM_POOL_NAME },
      taints: [],
      updateConfig: { maxUnavailablePercentage: SYSTEM_MAX_UNAVAILABLE_PERCENT },
      rootVolumeGiB: ctx.options.systemRootVolumeGiB,
    },
    deps,
  );
}

/** The AMI of a worker pool: NVIDIA for GPU pools, the standard AL2023 image (x86 or ARM) for CPU pools. */
export function workerAmiType(pool: PlanPool): string {
  if (pool.gpu !== null) return GPU_AMI_TYPE;
  return isArmInstanceType(pool.instanceType) ? SYSTEM_AMI_TYPES.arm64 : SYSTEM_AMI_TYPES.x86_64;
}

/**
 * One planned pool: its node group, how pods land on it, and its scale-from-zero tags. CPU pools
 * take the system pool's root volume size: they run the same kind of images, without CUDA layers
 * or model caches.
 */
export function workerNodePool(ctx: EksContext, pool: PlanPool, deps: NodePoolDeps): WorkerNodePool {
  const gpu = pool.gpu !== null;
  const rootVolumeGiB = gpu ? ctx.options.gpuRootVolumeGiB : ctx.options.systemRootVolumeGiB;
  const taints = poolTaints(pool);
  const group = nodeGroup(
    ctx,
    {
      poolName: pool.name,
      amiType: workerAmiType(pool),
      instanceTypes: poolInstanceTypes(pool),
      capacityType: capacityType(pool.spot),
      minNodes: pool.minNodes,
      maxNodes: pool.maxNodes,
      labels: nodeGroupLabels(pool),
      taints: taints.map(eksTaint),
      updateConfig: gpu ? { maxUnavailable: GPU_MAX_UNAVAILABLE } : { maxUnavailablePercentage: CPU_MAX_UNAVAILABLE_PERCENT },
      rootVolumeGiB,
    },
    deps,
  );
  const labels = nodeLabels(pool);
  const templateTags = nodeTemplateTags({ labels, taints, gpusPerNode: pool.gpusPerNode, rootVolumeGiB });
  // Managed node group tags do not reach the auto scaling group (aws/containers-roadmap#608): tag the group itself.
  const asgName = group.resources.apply((r) => r[0].autoscalingGroups[0].name);
  const autoscalerTags = Object.entries(templateTags).map(
    ([key, value]) =>
      new aws.autoscaling.Tag(
        `${ctx.name}-${pool.name}-${tagSlug(key)}`,
        { ...regional(ctx), autoscalingGroupName: asgName, tag: { key, value, propagateAtLaunch: false } },
        child(ctx),
      ),
  );
  return gpu
    ? { kind: "gpu", nodeGroup: group, placement: placement(pool, labels, taints), autoscalerTags }
    : { kind: "cpu", nodeGroup: group, placement: cpuPlacement(pool, labels, taints), autoscalerTags };
}

/** A resource-name-safe form of a node-template tag key: `label-ml-clusters-io-pool`. */
export function tagSlug(key: string): string {
  return key.slice(NODE_TEMPLATE_PREFIX.length + 1).replace(/[^A-Za-z0-9]+/g, "-");
}
