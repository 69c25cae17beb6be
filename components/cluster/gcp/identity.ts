/**
 * The nodes' identity: a dedicated service account with only the roles nodes need (CIS GKE 5.2.1:
 * never the Compute Engine default account, which has Editor on the project). Workloads get their
 * own identities through Workload Identity, not this account.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import type { ValidRegistry } from "../../spec/types";
import { ARTIFACT_REGISTRY_READER_ROLE, NODE_SA_ROLES } from "./gke-facts";

export interface NodeIdentity {
  readonly account: gcp.serviceaccount.Account;
  readonly email: pulumi.Output<string>;
  /** The role grants; nodes must not start before them (logging, image pulls). */
  readonly grants: readonly pulumi.CustomResource[];
}

/** `<name>-nodes`, cut so the ID stays within the 30 characters IAM allows. */
export function nodeServiceAccountId(name: string): string {
  return `${name.slice(0, 24).replace(/-+$/, "")}-nodes`;
}

/**
 * The node account's project roles. With `registries` listed, the nodes pull from those
 * repositories only: Artifact Registry reader on each of them instead of on the whole project.
 * GKE's own images come from Google's public registries and need no grant.
 */
export function nodeProjectRoles(registries: readonly ValidRegistry[] | undefined): readonly string[] {
  return registries !== undefined && registries.length > 0 ? NODE_SA_ROLES.filter((r) => r !== ARTIFACT_REGISTRY_READER_ROLE) : NODE_SA_ROLES;
}

/** The Artifact Registry repositories of `registries`, each once. */
function repositories(registries: readonly ValidRegistry[]): { readonly project: string; readonly location: string; readonly repository: string }[] {
  const byKey = new Map<string, { project: string; location: string; repository: string }>();
  for (const r of registries) {
    if (r.project === undefined || r.location === undefined || r.repository === undefined) {
      throw new Error(`bug: registry "${r.written}" reached GKE without its project, location and repository`);
    }
    byKey.set(`${r.location}-${r.project}-${r.repository}`, { project: r.project, location: r.location, repository: r.repository });
  }
  return [...byKey.entries()].map(([, v]) => v);
}

export function nodeIdentity(
  name: string,
  args: { readonly project: string; readonly registries?: readonly ValidRegistry[]; readonly dependsOn: readonly pulumi.Resource[] },
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
  const member = pulumi.interpolate`serviceAccount:${account.email}`;
  const projectGrants = nodeProjectRoles(args.registries).map(
    (role) =>
      new gcp.projects.IAMMember(`${name}-nodes-${role.replace(/^roles\//, "").replace(/\./g, "-")}`, { project: args.project, role, member }, { parent }),
  );
  const pullGrants = repositories(args.registries ?? []).map(
    (repo) =>
      new gcp.artifactregistry.RepositoryIamMember(
        `${name}-nodes-pull-${repo.location}-${repo.project}-${repo.repository}`,
        { ...repo, role: ARTIFACT_REGISTRY_READER_ROLE, member },
        { parent },
      ),
  );
  return { account, email: account.email, grants: [...projectGrants, ...pullGrants] };
}
