/**
 * The two StorageClasses the contract promises, on AKS's CSI drivers (both on by default, and
 * turned on explicitly in the cluster's storageProfile). Both keep their volumes when a claim is
 * deleted: a checkpoint outlives the job and the PVC that wrote it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { StorageClassNames } from "../contract";

export const AKS_STORAGE_CLASSES: StorageClassNames = Object.freeze({ checkpoint: "ml-checkpoint", sharedFile: "ml-shared-file" });

export interface StorageArgs {
  readonly provider: k8s.Provider;
  readonly cluster: pulumi.Resource;
}

export function aksStorageClasses(name: string, args: StorageArgs, parent: pulumi.Resource): k8s.storage.v1.StorageClass[] {
  const opts = { parent, provider: args.provider, deletedWith: args.cluster };
  const checkpoint = new k8s.storage.v1.StorageClass(
    `${name}-checkpoint`,
    {
      metadata: { name: AKS_STORAGE_CLASSES.checkpoint },
      provisioner: "disk.csi.azure.com",
      parameters: {
        // Premium SSD v1: offered in every region and zone-independent. Premium SSD v2 is cheaper
        // per IOPS but only zonal, in some regions, and without host caching
        // (learn.microsoft.com/azure/virtual-machines/disks-deploy-premium-v2).
        skuName: "Premium_LRS",
        // No SAS export URLs for checkpoint disks (azuredisk-csi-driver parameters: networkAccessPolicy).
        networkAccessPolicy: "DenyAll",
      },
      reclaimPolicy: "Retain",
      allowVolumeExpansion: true,
      // A disk is zonal: create it where the pod's node is, not in a zone the GPU pool lacks.
      volumeBindingMode: "WaitForFirstConsumer",
    },
    opts,
  );
  const shared = new k8s.storage.v1.StorageClass(
    `${name}-shared-file`,
    {
      metadata: { name: AKS_STORAGE_CLASSES.sharedFile },
      provisioner: "file.csi.azure.com",
      // NFS on Premium (FileStorage) accounts: POSIX permissions and no storage-account keys in the
      // mount. The driver creates the account in the node resource group, reachable only from the
      // node subnet through its Microsoft.Storage service endpoint (azurefile-csi-driver, NFS).
      parameters: { skuName: "Premium_LRS", protocol: "nfs" },
      // The mount options AKS documents for NFS Azure Files (learn.microsoft.com/azure/aks/azure-files-csi).
      mountOptions: ["nconnect=4", "noresvport", "actimeo=30"],
      reclaimPolicy: "Retain",
      allowVolumeExpansion: true,
      volumeBindingMode: "Immediate",
    },
    opts,
  );
  return [checkpoint, shared];
}
