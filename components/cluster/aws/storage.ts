/**
 * Storage for checkpoints and shared data: an encrypted EFS file system reachable from the nodes
 * (NFS from the cluster security group only), and the two StorageClasses the contract promises,
 * both with `reclaimPolicy: Retain` so deleting or replacing a claim never deletes the data.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StorageClassNames } from "../contract";
import { child, EksContext, regional, tags } from "./context";

export const STORAGE_CLASS_NAMES: StorageClassNames = Object.freeze({ checkpoint: "ebs-gp3-retain", sharedFile: "efs-retain" });

/** NFS (EFS User Guide, "Security groups for mount targets"). */
export const NFS_PORT = 2049;

export interface SharedFileSystem {
  readonly fileSystem: aws.efs.FileSystem;
  readonly mountTargets: readonly aws.efs.MountTarget[];
}

export function sharedFileSystem(
  ctx: EksContext,
  deps: { readonly cluster: aws.eks.Cluster; readonly subnetIds: readonly pulumi.Input<string>[] },
): SharedFileSystem {
  const { name, spec } = ctx;
  const fileSystem = new aws.efs.FileSystem(
    `${name}-shared`,
    {
      ...regional(ctx),
      encrypted: true,
      // Elastic throughput follows bursts (a job reading a dataset, many pods loading weights) without provisioning (EFS User Guide, "Throughput modes").
      throughputMode: "elastic",
      tags: tags(ctx, { Name: `${spec.name}-shared` }),
    },
    child(ctx, { protect: spec.protect, retainOnDelete: spec.protect }),
  );
  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-efs`,
    { ...regional(ctx), description: `NFS to the shared file system of EKS ${spec.name}, from its nodes`, vpcId: deps.cluster.vpcConfig.vpcId, tags: tags(ctx) },
    child(ctx),
  );
  // Managed nodes without their own security groups in the launch template get the cluster security group.
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-efs-nfs`,
    {
      ...regional(ctx),
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: deps.cluster.vpcConfig.clusterSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: NFS_PORT,
      toPort: NFS_PORT,
      description: "NFS from the EKS cluster security group",
      tags: tags(ctx),
    },
    child(ctx),
  );
  // One mount target per zone's subnet: nodes mount the file system in their own zone.
  const mountTargets = deps.subnetIds.map(
    (subnetId, i) =>
      new aws.efs.MountTarget(`${name}-shared-${i}`, { ...regional(ctx), fileSystemId: fileSystem.id, subnetId, securityGroups: [securityGroup.id] }, child(ctx)),
  );
  return { fileSystem, mountTargets };
}

export interface StorageClassDeps {
  readonly provider: k8s.Provider;
  readonly cluster: aws.eks.Cluster;
  readonly fileSystemId: pulumi.Input<string>;
}

export function storageClasses(ctx: EksContext, deps: StorageClassDeps): readonly k8s.storage.v1.StorageClass[] {
  const opts = { parent: ctx.parent, provider: deps.provider, deletedWith: deps.cluster };
  const checkpoint = new k8s.storage.v1.StorageClass(
    `${ctx.name}-${STORAGE_CLASS_NAMES.checkpoint}`,
    {
      metadata: { name: STORAGE_CLASS_NAMES.checkpoint },
      provisioner: "ebs.csi.aws.com",
      // gp3 with the account's EBS encryption key (EBS CSI driver parameters: type, encrypted).
      parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
      reclaimPolicy: "Retain",
      allowVolumeExpansion: true,
      // EBS volumes are zonal: create the volume where the pod is scheduled, not before.
      volumeBindingMode: "WaitForFirstConsumer",
    },
    opts,
  );
  const sharedFile = new k8s.storage.v1.StorageClass(
    `${ctx.name}-${STORAGE_CLASS_NAMES.sharedFile}`,
    {
      metadata: { name: STORAGE_CLASS_NAMES.sharedFile },
      provisioner: "efs.csi.aws.com",
      // One EFS access point per volume, each rooted in its own directory (EFS CSI driver, "Dynamic provisioning").
      parameters: { provisioningMode: "efs-ap", fileSystemId: deps.fileSystemId, directoryPerms: "700", basePath: "/volumes", ensureUniqueDirectory: "true" },
      reclaimPolicy: "Retain",
      volumeBindingMode: "Immediate",
    },
    opts,
  );
  return [checkpoint, sharedFile];
}
