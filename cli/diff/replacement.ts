/**
 * Which changes destroy something. The replacement-forcing inputs come from each cloud's cluster
 * (the same tables their "harmless change" tests use); this file adds the Kubernetes objects that
 * hold data and says which resource types a reviewer must be warned about first.
 */
import { EKS_FORCE_NEW } from "../../components/cluster/aws/force-new";
import { AZURE_FORCE_NEW } from "../../components/cluster/azure/force-new";
import { GCP_FORCE_NEW } from "../../components/cluster/gcp/force-new";

export type CriticalKind = "cluster" | "node pool" | "volume" | "encryption key";

/**
 * Kubernetes objects the components create whose fields are immutable: everything in a bound
 * claim's spec except a storage increase (Kubernetes PersistentVolumeClaim API).
 */
const KUBERNETES_FORCE_NEW: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "kubernetes:core/v1:PersistentVolumeClaim": ["metadata.name", "metadata.namespace", "spec.storageClassName", "spec.accessModes", "spec.volumeMode", "spec.volumeName", "spec.selector", "spec.dataSource"],
});

/** Input paths (prefixes) whose change replaces a resource, by type token. */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries(
    [EKS_FORCE_NEW, GCP_FORCE_NEW, AZURE_FORCE_NEW, KUBERNETES_FORCE_NEW].flatMap((t) => Object.entries(t)).reduce<[string, string[]][]>((acc, [type, paths]) => {
      const found = acc.find(([t]) => t === type);
      if (found) found[1] = [...new Set([...found[1], ...paths])];
      else acc.push([type, [...paths]]);
      return acc;
    }, []),
  ),
);

/** Resource types whose replacement or deletion is called out before anything else. */
export const CRITICAL_TYPES: Readonly<Record<string, CriticalKind>> = Object.freeze({
  "aws:eks/cluster:Cluster": "cluster",
  "gcp:container/cluster:Cluster": "cluster",
  "azure-native:containerservice:ManagedCluster": "cluster",
  "aws:eks/nodeGroup:NodeGroup": "node pool",
  "gcp:container/nodePool:NodePool": "node pool",
  "azure-native:containerservice:AgentPool": "node pool",
  "kubernetes:core/v1:PersistentVolumeClaim": "volume",
  "aws:efs/fileSystem:FileSystem": "volume",
  "gcp:filestore/instance:Instance": "volume",
  "aws:kms/key:Key": "encryption key",
  "gcp:kms/cryptoKey:CryptoKey": "encryption key",
  "azure-native:keyvault:Key": "encryption key",
  "azure-native:keyvault:Vault": "encryption key",
});

/** The replacement-forcing path a changed input falls under, if any. */
export function forcesReplacement(type: string, changedPath: string): string | undefined {
  return FORCE_NEW[type]?.find((p) => changedPath === p || changedPath.startsWith(`${p}.`) || changedPath.startsWith(`${p}[`));
}
