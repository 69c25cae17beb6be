/**
 * A workload's cloud identity on GKE: Workload Identity Federation for GKE with the roles granted
 * to the workload's Kubernetes ServiceAccount itself, on the buckets it names and nothing else.
 *
 * No IAM service account sits in between, so the ServiceAccount needs no
 * `iam.gke.io/gcp-service-account` annotation and the pods no label: on nodes with the GKE
 * metadata server (every pool here runs `workloadMetadataConfig.mode: GKE_METADATA`), a pod's
 * credentials are those of its Kubernetes ServiceAccount's principal (GKE, "Authenticate to Google
 * Cloud APIs from GKE workloads", read 2026-12; the annotation is only for the older impersonation
 * route). The metadata server answers for the pod by its ServiceAccount; it needs no token mounted
 * in the pod, so the workloads' `automountServiceAccountToken: false` holds (Google's own
 * terraform-google-kubernetes-engine modules/workload-identity creates its ServiceAccounts with
 * `automount_service_account_token = false` by default).
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import type { WorkloadIdentityBinding, WorkloadIdentityRequest } from "../contract";
import { gcsGrants } from "./gcs-access";
import { kubernetesServiceAccountPrincipal } from "./gke-facts";

export interface WorkloadIdentityContext {
  readonly project: string;
  readonly projectNumber: pulumi.Input<string>;
  /**
   * The cluster: the project's workload identity pool exists once a cluster enables Workload
   * Identity, and IAM refuses a principal of a pool that does not exist yet.
   */
  readonly cluster: pulumi.Resource;
}

/**
 * Grants the workload's principal its Cloud Storage roles, one BucketIAMMember per bucket and
 * role, named `<name>-<bucket>-<role>`. A `kmsKey` grants nothing here: Cloud Storage uses a
 * bucket's customer-managed key through its own service agent, not the caller's identity.
 */
export function gkeWorkloadIdentity(
  name: string,
  request: WorkloadIdentityRequest,
  context: WorkloadIdentityContext,
  parent: pulumi.Resource,
): WorkloadIdentityBinding {
  const member = pulumi
    .output(context.projectNumber)
    .apply((projectNumber) =>
      kubernetesServiceAccountPrincipal({ projectNumber, project: context.project, namespace: request.namespace, serviceAccount: request.serviceAccount }),
    );
  const ready = gcsGrants(request.access).map(
    (grant) =>
      new gcp.storage.BucketIAMMember(
        `${name}-${grant.bucket}-${grant.role.replace(/^roles\/storage\./, "")}`,
        { bucket: grant.bucket, role: grant.role, member, ...(grant.condition ? { condition: { ...grant.condition } } : {}) },
        { parent, dependsOn: [context.cluster] },
      ),
  );
  return { serviceAccountAnnotations: {}, podLabels: {}, ready };
}
