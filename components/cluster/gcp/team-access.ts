/**
 * Namespace members on GKE: `group:`, `user:` and `serviceAccount:` principals, as IAM writes them.
 * Kubernetes RBAC decides what they may do in the cluster (the namespace's RoleBinding to `edit`);
 * IAM only lets them fetch credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import type { RbacSubject } from "../contract";
import type { ValidSpec } from "../../spec/types";
import { CLUSTER_VIEWER_ROLE } from "./gke-facts";

/**
 * How GKE names a member in RBAC: a Google account and an IAM service account are both `User`
 * subjects named by their email, a Google group is a `Group` subject named by its email, honoured
 * only with Google Groups for RBAC on and the group nested in the `gke-security-groups` group
 * (GKE, "Role-based access control", "Define and assign permissions", and "Configure Google Groups
 * for RBAC"; cloud.google.com/kubernetes-engine/docs/how-to/role-based-access-control and
 * .../google-groups-rbac, read 2026-12).
 */
const SUBJECT_KIND: Readonly<Record<string, RbacSubject["kind"]>> = Object.freeze({
  "group:": "Group",
  "user:": "User",
  "serviceAccount:": "User",
});

/** The RBAC subject of one member; throws on a form validation should have refused. */
export function gkeMemberSubject(member: string): RbacSubject {
  for (const [prefix, kind] of Object.entries(SUBJECT_KIND)) {
    if (member.startsWith(prefix)) return { apiGroup: "rbac.authorization.k8s.io", kind, name: member.slice(prefix.length) };
  }
  throw new Error(`bug: GKE member "${member}" reached the cluster without validation (expected group:, user: or serviceAccount:)`);
}

/** Every member of every namespace, each once, in spec order. */
export function allMembers(spec: ValidSpec): string[] {
  return [...new Set(spec.namespaces.flatMap((ns) => ns.members ?? []))];
}

/** A resource-name fragment of a member: `group:ml@example.com` -> `group-ml@example.com`. */
function memberSlug(member: string): string {
  return member.replace(/[^A-Za-z0-9@._-]+/g, "-");
}

/**
 * Cluster viewer on the project for every member, so `gcloud container clusters get-credentials`
 * works for them. Project-wide by nature (IAM has no per-cluster binding for it): a member can
 * see that the project's clusters exist and fetch their endpoints, and can do nothing in one
 * without an RBAC binding.
 */
export function memberCredentialGrants(name: string, args: { readonly project: string; readonly members: readonly string[] }, parent: pulumi.Resource): gcp.projects.IAMMember[] {
  return args.members.map(
    (member) => new gcp.projects.IAMMember(`${name}-viewer-${memberSlug(member)}`, { project: args.project, role: CLUSTER_VIEWER_ROLE, member }, { parent }),
  );
}
