/**
 * Storage classes for checkpoints: ReadWriteOnce on Persistent Disk, ReadWriteMany on Filestore.
 * Both keep their volumes when a claim is deleted (`reclaimPolicy: Retain`): a checkpoint outlives
 * the job that wrote it, and deleting a namespace must not delete weeks of training.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { StorageClassNames } from "../contract";

export const GKE_STORAGE_CLASSES: StorageClassNames = Object.freeze({ checkpoint: "ml-checkpoint", sharedFile: "ml-shared-file" });

/** GKE's CSI driver names (cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver, .../filestore-csi-driver). */
export const PD_CSI_DRIVER = "pd.csi.storage.gke.io";
export const FILESTORE_CSI_DRIVER = "filestore.csi.storage.gke.io";

/**
 * Checkpoint disks: pd-balanced (SSD-backed, a third of pd-ssd's price) encrypted with the
 * cluster's disk key. WaitForFirstConsumer creates the disk in the zone the pod was scheduled to;
 * a zonal disk then pins later pods of the job to that zone.
 */
export const CHECKPOINT_DISK_TYPE = "pd-balanced";

/**
 * Filestore "standard" is the BASIC_HDD tier, the cheapest shared file system GKE's driver offers
 * (1 TiB minimum, 100 GiB on GKE 1.33+: cloud.google.com/filestore/docs/csi-driver, read 2026-11).
 * DIRECT_PEERING connects the instance to the VPC without a Private Service Access range; the
 * driver needs the VPC's name, since it defaults to "default".
 */
export const FILESTORE_TIER = "standard";
export const FILESTORE_CONNECT_MODE = "DIRECT_PEERING";

export interface StorageArgs {
  readonly provider: k8s.Provider;
  readonly cluster: pulumi.Resource;
  readonly networkName: pulumi.Input<string>;
  readonly diskKeyName: pulumi.Input<string>;
  /** The Filestore API and the disk key's grant: volumes cannot be created before them. */
  readonly dependsOn: readonly pulumi.Resource[];
}

export interface GkeStorage {
  readonly names: StorageClassNames;
  readonly classes: readonly k8s.storage.v1.StorageClass[];
}

export function gkeStorageClasses(name: string, args: StorageArgs, parent: pulumi.Resource): GkeStorage {
  const opts: pulumi.CustomResourceOptions = { parent, provider: args.provider, dependsOn: [...args.dependsOn], deletedWith: args.cluster };
  const checkpoint = new k8s.storage.v1.StorageClass(
    `${name}-checkpoint`,
    {
      metadata: { name: GKE_STORAGE_CLASSES.checkpoint, labels: { "app.kubernetes.io/managed-by": "ml-clusters" } },
      provisioner: PD_CSI_DRIVER,
      parameters: { type: CHECKPOINT_DISK_TYPE, "disk-encryption-kms-key": args.diskKeyName },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    },
    opts,
  );
  const shared = new k8s.storage.v1.StorageClass(
    `${name}-shared-file`,
    {
      metadata: { name: GKE_STORAGE_CLASSES.sharedFile, labels: { "app.kubernetes.io/managed-by": "ml-clusters" } },
      provisioner: FILESTORE_CSI_DRIVER,
      parameters: { tier: FILESTORE_TIER, network: args.networkName, "connect-mode": FILESTORE_CONNECT_MODE },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    },
    opts,
  );
  return { names: GKE_STORAGE_CLASSES, classes: [checkpoint, shared] };
}
