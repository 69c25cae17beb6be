/**
 * The two custom roles a workload's storage grants use, one definition per cluster, access kind
 * and subscription that holds a container a workload names.
 *
 * Why not the built-in roles: Storage Blob Data Contributor also carries the control-plane actions
 * containers/write and containers/delete (built-in-roles/storage.md, MicrosoftDocs/azure-docs,
 * read 2026-12), and a role assignment condition limits data actions only ("Currently, conditions
 * can be added to built-in or custom role assignments that have blob storage or queue storage data
 * actions", conditions-format.md, "Actions"), so a writer could delete, lease, put a legal hold on
 * or reconfigure the whole container through ARM or the blob endpoint whatever its prefix. The
 * reader gets a custom role as well, for the same reasons at smaller stakes: its actions are
 * pinned here and tested, where a built-in role's may grow, and both grants read the same way.
 *
 * What each operation needs ("Permissions for Blob service operations", learn.microsoft.com/rest/
 * api/storageservices/authorize-with-azure-active-directory, read 2026-12):
 * - List Blobs, Get Blob, Get Blob Properties/Metadata, Get Block List: blobs/read (a data action,
 *   so listing is covered by the condition's Blob prefix clause, blob-condition.ts).
 * - Put Blob, Put Block (List), Set Blob Properties/Metadata, Set Blob Tier, Lease Blob, Copy Blob
 *   to a destination: blobs/write, or blobs/add/action for a new blob. Delete Blob: blobs/delete.
 *   Rename (hierarchical namespace): blobs/move/action. These are the Contributor's data actions.
 * - Get Container Properties and Get Container Metadata: containers/read, an action. Kept: it is
 *   read-only, returns the container's properties and metadata (no blob and no blob name), and
 *   SDKs call it for `exists()`; both built-in roles carry it too.
 * - Left out: containers/write (Create, Set Metadata, Lease and Restore Container, Undelete Blob,
 *   Set Blob Legal Hold, and the parent request of a Blob Batch) and containers/delete. So a
 *   writer deletes blobs one request at a time: a batch delete is refused.
 * - Left out: blobServices/generateUserDelegationKey/action. Get User Delegation Key "acts at the
 *   level of the storage account", so the action "must be scoped at the level of the storage
 *   account, the resource group, or the subscription" (learn.microsoft.com/rest/api/
 *   storageservices/get-user-delegation-key): in an assignment on a container it grants nothing.
 *
 * Assignable scope: the subscription. Azure takes a management group, subscriptions or resource
 * groups there, not a container ("The AssignableScopes property specifies the scopes (root,
 * management group, subscriptions, or resource groups) where a role definition can be assigned",
 * role-definitions.md), and an assignable scope only says where the role may be assigned: what a
 * workload reaches is still its assignment's scope (one container) and condition (its prefixes).
 * The subscription keeps the definition the same as workloads and containers come and go, so
 * adding or removing a writer never updates it; each cluster has at most two definitions per
 * subscription, against Azure's limit of 5,000 custom roles per tenant (custom-roles.md, "Custom
 * role limits"). A custom role with data actions cannot be assigned at a management group; a
 * subscription is fine (same page).
 *
 * The deployer needs `Microsoft.Authorization/roleDefinitions/write` on each such subscription
 * ("Users that are granted this action on all the AssignableScopes of the custom role can create
 * (or delete) custom roles", custom-roles.md; Owner and User Access Administrator have it), on top
 * of roleAssignments/write on the containers that the grants already needed.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { BLOB_ACTIONS, BlobAccess } from "./blob-condition";

/** Get Container Properties and Metadata (authorize-with-azure-active-directory, above). */
export const CONTAINER_READ = "Microsoft.Storage/storageAccounts/blobServices/containers/read";

export interface BlobRolePermissions {
  readonly actions: readonly string[];
  readonly dataActions: readonly string[];
}

/** Exactly what each access kind may do; nothing else, no wildcard. */
export const BLOB_ROLE_PERMISSIONS: { readonly [a in BlobAccess]: BlobRolePermissions } = Object.freeze({
  read: Object.freeze({ actions: Object.freeze([CONTAINER_READ]), dataActions: Object.freeze([BLOB_ACTIONS.read]) }),
  write: Object.freeze({
    actions: Object.freeze([CONTAINER_READ]),
    dataActions: Object.freeze([BLOB_ACTIONS.read, BLOB_ACTIONS.write, BLOB_ACTIONS.add, BLOB_ACTIONS.delete, BLOB_ACTIONS.move]),
  }),
});

/** The `roleType` of a role definition that is not built in (role-definitions.md: "CustomRole" or "BuiltInRole"). */
export const CUSTOM_ROLE_TYPE = "CustomRole";

const NOUN: { readonly [a in BlobAccess]: string } = Object.freeze({ read: "reader", write: "writer" });

const DESCRIPTION: { readonly [a in BlobAccess]: string } = Object.freeze({
  read: "reads and lists blobs",
  write: "reads, lists, writes, deletes and renames blobs",
});

export interface BlobRoleNaming {
  /** The cluster's logical name. */
  readonly cluster: string;
  readonly access: BlobAccess;
  /** Lowercase. */
  readonly subscriptionId: string;
  /** `organization/project/stack` of the deployment. */
  readonly stack: string;
}

/**
 * The role's display name, which "must be unique at the scope of the Microsoft Entra tenant"
 * (custom-roles.md; at most 512 characters, 128 in older versions of the page, so it stays
 * under 128): the cluster's name for people, cut to ROLE_NAME_CLUSTER_MAX, and a hash of the
 * stack, the whole cluster name and the subscription, so that the same cluster name in another
 * stack or subscription of the tenant gets its own role. Stable: a deployment always names it the same.
 */
export function blobRoleName(n: BlobRoleNaming): string {
  const hash = createHash("sha256").update(`${n.stack}/${n.cluster}/${n.subscriptionId}`).digest("hex").slice(0, 12);
  return `ml-clusters ${n.cluster.slice(0, ROLE_NAME_CLUSTER_MAX)} blob ${NOUN[n.access]} ${hash}`;
}

/** How much of the cluster's name the role name shows. */
export const ROLE_NAME_CLUSTER_MAX = 64;

/** The role definition ID a storage grant's assignment names, for an access kind in a subscription. */
export type BlobRoles = (access: BlobAccess, subscriptionId: string) => pulumi.Output<string>;

/**
 * Makes each role definition the first time a grant in its subscription needs it, as a child of
 * the cluster (not of a workload: several workloads share it, and it lives while one of them
 * does). The assignment refers to the definition's ID, so Pulumi creates the definition first and
 * deletes it last. Azure replicates a new definition within seconds to minutes, and an assignment
 * made before then fails with RoleDefinitionDoesNotExist (pulumi/pulumi-azure#840 shows the
 * delay); `pulumi up` again then completes.
 */
export function blobRoleRegistry(cluster: string, parent: pulumi.Resource): BlobRoles {
  const made = new Map<string, authorization.RoleDefinition>();
  return (access, subscriptionId) => {
    const subscription = subscriptionId.toLowerCase();
    const key = `${access}/${subscription}`;
    let role = made.get(key);
    if (role === undefined) {
      const scope = `/subscriptions/${subscription}`;
      const permissions = BLOB_ROLE_PERMISSIONS[access];
      role = new authorization.RoleDefinition(
        `${cluster}-blob-${NOUN[access]}-${subscription}`,
        {
          scope,
          roleName: blobRoleName({ cluster, access, subscriptionId: subscription, stack: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}` }),
          description: `ml-clusters: a workload of cluster ${cluster} ${DESCRIPTION[access]} in the one container it is assigned on, within the prefixes of the assignment's condition; no container management.`,
          roleType: CUSTOM_ROLE_TYPE,
          permissions: [{ actions: [...permissions.actions], notActions: [], dataActions: [...permissions.dataActions], notDataActions: [] }],
          assignableScopes: [scope],
        },
        { parent },
      );
      made.set(key, role);
    }
    return role.id;
  };
}
