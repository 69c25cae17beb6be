/**
 * Envelope encryption of Kubernetes Secrets (AKS KMS, learn.microsoft.com/azure/aks/use-kms-etcd-
 * encryption): a Key Vault with purge protection and Entra RBAC, an RSA key in it, and the one
 * role the control-plane identity needs to wrap and unwrap with it.
 *
 * The vault accepts public network traffic, gated by Entra ID RBAC only: AKS's `Private` KMS mode
 * requires API server VNet integration, which this package does not turn on yet.
 * Key rotation is a deliberate step: add a key version, `pulumi refresh`, `pulumi up` (the cluster
 * takes the new versioned key ID in place and re-encrypts).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { KEY_VAULT_SOFT_DELETE_DAYS } from "./args";
import { grantToIdentity } from "./identity";
import { AZURE_ROLES } from "./tables";

export interface AksSecretsKey {
  readonly vault: keyvault.Vault;
  readonly key: keyvault.Key;
  /** The versioned key identifier AKS KMS requires. */
  readonly keyId: pulumi.Output<string>;
  readonly grant: authorization.RoleAssignment;
}

export interface SecretsKeyArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly tenantId: pulumi.Input<string>;
  readonly subscriptionId: pulumi.Input<string>;
  readonly controlPlane: managedidentity.UserAssignedIdentity;
  readonly vaultName?: string;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** RSA 2048: the key type and size AKS KMS accepts (learn.microsoft.com/azure/aks/use-kms-etcd-encryption). */
const KMS_KEY = Object.freeze({ kty: "RSA", keySize: 2048 });

export function aksSecretsKey(name: string, args: SecretsKeyArgs, parent: pulumi.Resource): AksSecretsKey {
  const vault = new keyvault.Vault(
    `${name}-kms`,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      tags: args.tags,
      vaultName: args.vaultName ?? pulumi.all([args.subscriptionId, args.resourceGroupName]).apply(([s, g]) => derivedVaultName(s, g, name)),
      properties: {
        tenantId: args.tenantId,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: KEY_VAULT_SOFT_DELETE_DAYS,
        // A purged KMS key makes every Secret in etcd unreadable: nobody may purge it early.
        enablePurgeProtection: true,
        publicNetworkAccess: "Enabled",
        networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
      },
    },
    { parent, protect: args.protect, retainOnDelete: args.protect },
  );
  const key = new keyvault.Key(
    `${name}-kms-key`,
    {
      resourceGroupName: args.resourceGroupName,
      vaultName: vault.name,
      tags: args.tags,
      properties: { ...KMS_KEY, keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] },
    },
    // Retained even when unprotected: a replaced key must outlive the cluster's switch to the new one.
    { parent, protect: args.protect, retainOnDelete: true },
  );
  const grant = grantToIdentity(
    `${name}-kms-crypto`,
    { identity: args.controlPlane, role: AZURE_ROLES.keyVaultCryptoUser, scope: vault.id, subscriptionId: args.subscriptionId },
    parent,
  );
  return { vault, key, keyId: key.keyUriWithVersion, grant };
}

/**
 * A globally unique vault name (3-24 characters) that stays the same for the same stack: `kv` and
 * 16 hex characters of the subscription, resource group and component name. A new resource group
 * (auto-named) gives a new name, so a stack destroyed and created again does not collide with its
 * soft-deleted vault.
 */
export function derivedVaultName(subscriptionId: string, resourceGroupName: string, name: string): string {
  return `kv${createHash("sha256").update(`${subscriptionId}/${resourceGroupName}/${name}`).digest("hex").slice(0, 16)}`;
}
