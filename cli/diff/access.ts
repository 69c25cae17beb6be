/**
 * Who may do what, as its own part of the diff: the resources that grant access (cloud roles and
 * their policies, identity bindings, role assignments, bucket and registry grants, access entries,
 * RoleBindings) added, removed or changed, each summarised by the fields that say who gets what
 * where. A reviewer reads a widened grant here, not among a hundred property rows.
 */
import type { RenderedResource } from "../render-format";

/** What the diff found, as far as access needs it (compare.ts's RenderDiff has these fields). */
export interface ResourceDelta {
  readonly added: readonly RenderedResource[];
  readonly removed: readonly RenderedResource[];
  readonly changed: readonly { readonly resource: RenderedResource; readonly changes: readonly { readonly path: string; readonly before: unknown; readonly after: unknown }[] }[];
}

/**
 * Resource types that grant access, with the inputs that say who, what and where. Type tokens as
 * the providers register them (checked in node_modules/@pulumi/{aws,gcp,azure-native}, 2026-12).
 */
export const ACCESS_TYPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "aws:iam/role:Role": ["name", "assumeRolePolicy"],
  "aws:iam/rolePolicy:RolePolicy": ["policy"],
  "aws:iam/policy:Policy": ["policy"],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["policyArn"],
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": ["namespace", "serviceAccount"],
  "aws:eks/accessEntry:AccessEntry": ["principalArn", "kubernetesGroups"],
  "gcp:storage/bucketIAMMember:BucketIAMMember": ["bucket", "role", "member", "condition"],
  "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember": ["repository", "role", "member"],
  "gcp:projects/iAMMember:IAMMember": ["role", "member"],
  "azure-native:authorization:RoleAssignment": ["scope", "roleDefinitionId", "principalId", "condition"],
  // The custom blob roles (components/cluster/azure/blob-roles.ts): a wider role widens every assignment of it.
  "azure-native:authorization:RoleDefinition": ["permissions", "assignableScopes"],
  "azure-native:managedidentity:UserAssignedIdentity": ["resourceName"],
  "azure-native:managedidentity:FederatedIdentityCredential": ["subject", "audiences"],
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": ["metadata.namespace", "roleRef.name", "subjects"],
});

export interface AccessChange {
  readonly action: "grant" | "revoke" | "change";
  readonly resource: RenderedResource;
  /** `field: value` for a grant or revoke; `field: before → after` for a change. */
  readonly details: readonly string[];
}

/** The access-granting resources among the diff's additions, removals and changes. */
export function accessChanges(diff: ResourceDelta): AccessChange[] {
  const fields = (r: RenderedResource) => ACCESS_TYPES[r.type];
  const shown = (r: RenderedResource) => fields(r)!.flatMap((f) => (valueAt(r.inputs, f) === undefined ? [] : [`${f}: ${text(valueAt(r.inputs, f))}`]));
  return [
    ...diff.added.filter((r) => fields(r) !== undefined).map((r) => ({ action: "grant" as const, resource: r, details: shown(r) })),
    ...diff.removed.filter((r) => fields(r) !== undefined).map((r) => ({ action: "revoke" as const, resource: r, details: shown(r) })),
    ...diff.changed
      .filter((c) => fields(c.resource) !== undefined)
      .flatMap((c) => {
        const keys = fields(c.resource)!;
        const relevant = c.changes.filter((p) => keys.some((k) => p.path === k || p.path.startsWith(`${k}.`) || p.path.startsWith(`${k}[`)));
        return relevant.length === 0 ? [] : [{ action: "change" as const, resource: c.resource, details: relevant.map((p) => `${p.path}: ${text(p.before)} → ${text(p.after)}`) }];
      }),
  ];
}

function valueAt(obj: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), obj);
}

/** A value on one line: policy documents are JSON strings, shown compact. */
function text(v: unknown): string {
  if (v === undefined) return "(none)";
  if (typeof v === "string") {
    try {
      return JSON.stringify(JSON.parse(v));
    } catch {
      return v;
    }
  }
  return JSON.stringify(v);
}
