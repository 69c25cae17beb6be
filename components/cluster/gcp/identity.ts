/**
 * The nodes' identity: a dedicated service account with only the roles nodes need (CIS GKE 5.2.1:
 * never the Compute Engine default account, which has Editor on the project). Workloads get their
 * own identities through Workload Identity, not this account.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { NODE_SA_ROLES } from "./gke-facts";

export interface NodeIdentity {
  readonly account: gcp.serviceaccount.Account;
  readonly email: pulumi.Output<string>;
  /** The project role grants; nodes must not start before them (logging, image pulls). */
  readonly grants: readonly gcp.projects.IAMMember[];
}

/** `<name>-nodes`, cut so the ID stays within the 30 characters IAM allows. */
export function nodeServiceAccountId(name: string): string {
  return `${name.slice(0, 24).replace(/-+$/, "")}-nodes`;
}

export function nodeIdentity(
  name: string,
  args: { readonly project: string; readonly dependsOn: readonly pulumi.Resource[] },
  parent: pulumi.Resource,
): NodeIdentity {
  const account = new gcp.serviceaccount.Account(
    `${name}-nodes`,
    {
      project: args.project,
      accountId: nodeServiceAccountId(name),
      displayName: `GKE nodes of ${name} (ml-clusters)`,
    },
    { parent, dependsOn: [...args.dependsOn] },
  );
  const grants = NODE_SA_ROLES.map(
    (role) =>
      new gcp.projects.IAMMember(
        `${name}-nodes-${role.replace(/^roles\//, "").replace(/\./g, "-")}`,
        { project: args.project, role, member: pulumi.interpolate`serviceAccount:${account.email}` },
        { parent },
      ),
  );
  return { account, email: account.email, grants };
}
