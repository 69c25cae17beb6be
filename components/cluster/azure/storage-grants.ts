/**
 * The role assignments a workload's `access` needs on Azure, planned without Pulumi: one per
 * container and role, since Azure keeps one assignment per principal, role and scope ("Is it
 * possible to create a role assignment with and without a condition, but using the same tuple of
 * security principal, role definition, and scope? No", conditions-faq; a second one fails with
 * RoleAssignmentExists, hashicorp/terraform-provider-azurerm#24045). Several prefixes in the same
 * container become one condition.
 */
import { createHash } from "node:crypto";
import type { StorageLocation, ValidAccess } from "../../spec/types";
import { BlobAccess, blobPrefixCondition } from "./blob-condition";

export interface StorageGrant {
  /** Which of the two custom roles (blob-roles.ts) the assignment names. */
  readonly access: BlobAccess;
  /** The container's ARM ID as first written (ARM IDs compare case-insensitively). */
  readonly scope: string;
  /** For the resource name, stable as other entries come and go: account and container, else a hash of the scope. */
  readonly label: string;
  /** Absent: the whole container. */
  readonly condition?: string;
}

/** Reader grants for `read`, writer grants for `write`, one per container, in spec order. */
export function storageGrants(access: ValidAccess): StorageGrant[] {
  return [...grantsFor("read", access.read), ...grantsFor("write", access.write)];
}

function grantsFor(access: BlobAccess, locations: readonly StorageLocation[]): StorageGrant[] {
  const byScope = new Map<string, StorageLocation[]>();
  for (const l of locations) {
    const key = l.bucket.toLowerCase();
    byScope.set(key, [...(byScope.get(key) ?? []), l]);
  }
  return [...byScope.values()].map((ls) => {
    const first = ls[0]!;
    const condition = blobPrefixCondition(access, ls.map((l) => l.prefix));
    return {
      access,
      scope: first.bucket,
      label:
        first.account !== undefined && first.container !== undefined
          ? `${first.account}-${first.container}`.toLowerCase()
          : createHash("sha256").update(first.bucket.toLowerCase()).digest("hex").slice(0, 12),
      ...(condition !== undefined ? { condition } : {}),
    };
  });
}
