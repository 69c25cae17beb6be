/**
 * A workload's cloud identity, asked of the cluster: the Kubernetes layer only wires what the
 * contract answers (ServiceAccount annotations, pod labels, what to wait for), so it never asks
 * which cloud it is on. Workloads without `access` get no identity at all.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterContract, WorkloadIdentityBinding } from "../cluster/contract";
import type { SpecProblem, ValidService, ValidTrainingJob } from "../spec/types";

type Workload = ValidService | ValidTrainingJob;

/** A binding that changes nothing: the workload has no `access`. */
export const NO_IDENTITY: WorkloadIdentityBinding = Object.freeze({ serviceAccountAnnotations: {}, podLabels: {}, ready: [] });

/** A workload with `access` on a cluster that cannot give it an identity is refused up front. */
export function checkIdentity(contract: ClusterContract, w: Workload, out: SpecProblem[]): void {
  if (w.access !== undefined && contract.workloadIdentity === undefined) {
    out.push({
      path: "access",
      message: `${w.key} asks for object storage access, but this cluster gives workloads no cloud identity (its contract has no workloadIdentity); remove access or use a cluster that implements it`,
    });
  }
}

/** The ServiceAccount's metadata with the identity's annotations, when it has any. */
export function accountMetadata<M extends object>(meta: M, identity: WorkloadIdentityBinding): M | (M & { annotations: Record<string, pulumi.Input<string>> }) {
  const annotations = identity.serviceAccountAnnotations;
  return Object.keys(annotations).length === 0 ? meta : { ...meta, annotations: { ...annotations } };
}

/** The identity the cluster makes for the workload's ServiceAccount, or NO_IDENTITY without `access`. */
export function workloadIdentity(contract: ClusterContract, name: string, w: Workload, serviceAccount: string, parent: pulumi.Resource): WorkloadIdentityBinding {
  if (w.access === undefined) return NO_IDENTITY;
  if (contract.workloadIdentity === undefined) throw new Error(`bug: ${w.key} has access on a contract without workloadIdentity (checkIdentity runs first)`);
  return contract.workloadIdentity(name, { key: w.key, namespace: w.namespace, serviceAccount, access: w.access }, parent);
}
