/**
 * One workload's cloud identity on AKS (Microsoft Entra Workload ID): a user-assigned managed
 * identity, a federated credential that trusts exactly the workload's ServiceAccount token from
 * this cluster's OIDC issuer, and a role assignment per container it names, of the cluster's
 * custom blob reader or writer role (blob-roles.ts), limited to its prefixes by a condition
 * (blob-condition.ts).
 *
 * A customer-managed key (`access.kmsKey`) grants nothing here: Azure Storage unwraps its account
 * key with the storage account's own managed identity, never the caller's ("Azure Storage uses the
 * managed identity that's associated with the storage account to authenticate access to Azure Key
 * Vault", learn.microsoft.com/azure/storage/common/customer-managed-keys-overview, read 2026-12).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { WorkloadIdentityBinding, WorkloadIdentityRequest } from "../contract";
import { CONDITION_VERSION } from "./blob-condition";
import type { BlobRoles } from "./blob-roles";
import { storageGrants } from "./storage-grants";
import { WORKLOAD_IDENTITY, serviceAccountSubject, subscriptionOf } from "./tables";

export interface WorkloadIdentityContext {
  /** The cluster's resource group: the identity lives and dies with the cluster's resources. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The cluster's OIDC issuer URL (ManagedCluster `oidcIssuerProfile.issuerURL`). */
  readonly issuerUrl: pulumi.Output<string | undefined>;
  /** The cluster's custom blob roles, made on first use per subscription (blob-roles.ts). */
  readonly blobRoles: BlobRoles;
}

/**
 * Longest logical name for the identity and its credential: azure-native auto-names them from it
 * with a random suffix, and Azure allows 3-128 characters for a user-assigned identity
 * (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules,
 * Microsoft.ManagedIdentity) and 3-120 for a federated credential ("Federated Identity Credential
 * name '{ficName}' is invalid", learn.microsoft.com/entra/workload-id/workload-identity-federation-
 * considerations, "Errors"; both read 2026-12).
 */
export const IDENTITY_LOGICAL_NAME_MAX = 100;

/** `name`, or its head and a stable hash when it is longer than `max`. */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

export function aksWorkloadIdentity(
  name: string,
  request: WorkloadIdentityRequest,
  ctx: WorkloadIdentityContext,
  parent: pulumi.Resource,
): WorkloadIdentityBinding {
  // checkAccess refuses a container without a subscription first; this guards a request built
  // in code, before any resource is registered.
  const planned = storageGrants(request.access).map((g) => {
    const subscription = subscriptionOf(g.scope);
    if (subscription === undefined) throw new pulumi.RunError(`${request.key}: ${g.scope} is not a blob container's resource ID (/subscriptions/<id>/resourceGroups/...)`);
    return { ...g, subscription };
  });
  const identity = new managedidentity.UserAssignedIdentity(
    boundedName(`${name}-identity`, IDENTITY_LOGICAL_NAME_MAX),
    { resourceGroupName: ctx.resourceGroupName, location: ctx.location, tags: { ...ctx.tags } },
    { parent },
  );
  const credential = new managedidentity.FederatedIdentityCredential(
    boundedName(`${name}-federation`, IDENTITY_LOGICAL_NAME_MAX),
    {
      resourceGroupName: ctx.resourceGroupName,
      resourceName: identity.name,
      issuer: ctx.issuerUrl.apply((url) => {
        if (!url) throw new pulumi.RunError("the AKS cluster reports no OIDC issuer URL; its oidcIssuerProfile must be enabled for workload identity");
        return url;
      }),
      subject: serviceAccountSubject(request.namespace, request.serviceAccount),
      audiences: [WORKLOAD_IDENTITY.audience],
    },
    { parent },
  );
  const grants = planned.map(
    (g) =>
      new authorization.RoleAssignment(
        `${name}-${g.access}-${g.label}`,
        {
          principalId: identity.principalId,
          // A fresh identity is not yet in every Entra replica; naming its type lets Azure skip the lookup.
          principalType: "ServicePrincipal",
          // Defined in the container's own subscription, which may not be the cluster's: a role
          // is assignable only within its assignable scopes.
          roleDefinitionId: ctx.blobRoles(g.access, g.subscription),
          scope: g.scope,
          ...(g.condition !== undefined ? { condition: g.condition, conditionVersion: CONDITION_VERSION } : {}),
        },
        { parent },
      ),
  );
  return {
    serviceAccountAnnotations: { [WORKLOAD_IDENTITY.clientIdAnnotation]: identity.clientId },
    podLabels: { [WORKLOAD_IDENTITY.useLabel]: "true" },
    ready: [identity, credential, ...grants],
  };
}
