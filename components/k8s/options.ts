/**
 * Resource options every Kubernetes object of this layer gets: the cluster's provider, never the
 * ambient kubeconfig; `deletedWith` the cluster, so destroying the cluster does not wait on
 * thousands of per-object deletes; and the dependencies the caller and the cluster name.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterContract } from "../cluster/contract";

type Deps = pulumi.Input<pulumi.Resource>[];

/** The caller's `dependsOn` as a list, so it can be passed on to each child object. */
export function dependencyList(d: pulumi.ResourceOptions["dependsOn"]): Deps {
  if (d === undefined) return [];
  if (Array.isArray(d)) return [...d];
  return [d as pulumi.Input<pulumi.Resource>];
}

/** Options for one Kubernetes child object of `parent`. */
export function k8sOptions(
  contract: ClusterContract,
  parent: pulumi.Resource,
  extra: Omit<pulumi.CustomResourceOptions, "dependsOn" | "parent" | "provider"> & { readonly dependsOn?: Deps } = {},
): pulumi.CustomResourceOptions {
  const { dependsOn, ...rest } = extra;
  return {
    ...rest,
    parent,
    provider: contract.provider,
    deletedWith: contract.clusterResource,
    ...(dependsOn !== undefined && dependsOn.length > 0 ? { dependsOn } : {}),
  };
}
