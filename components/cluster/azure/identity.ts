/**
 * Identities: a user-assigned identity for the AKS control plane (a bring-your-own subnet and KMS
 * both need one; a system-assigned identity cannot be granted rights before the cluster exists),
 * a separate one for the kubelet, and the least role assignments each needs.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { AZURE_ROLES, roleDefinitionId } from "./tables";

export interface AksIdentities {
  readonly controlPlane: managedidentity.UserAssignedIdentity;
  readonly kubelet: managedidentity.UserAssignedIdentity;
  /** Role assignments the cluster needs before it is created. */
  readonly grants: readonly pulumi.Resource[];
}

export interface IdentityArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly subscriptionId: pulumi.Input<string>;
  /** Where nodes join: the control plane manages NICs and internal load balancers there. */
  readonly networkScope: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

export function aksIdentities(name: string, args: IdentityArgs, parent: pulumi.Resource): AksIdentities {
  const common = { resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags };
  const controlPlane = new managedidentity.UserAssignedIdentity(`${name}-control-plane`, common, { parent });
  // The kubelet identity pulls images and nothing else; workloads get their own identities
  // through workload identity, never the node's (CIS AKS 5.2.1).
  const kubelet = new managedidentity.UserAssignedIdentity(`${name}-kubelet`, common, { parent });
  const grants = [
    grantToIdentity(`${name}-network`, { identity: controlPlane, role: AZURE_ROLES.networkContributor, scope: args.networkScope, subscriptionId: args.subscriptionId }, parent),
    // AKS refuses a custom kubelet identity unless the control plane may assign it to VMs.
    grantToIdentity(`${name}-kubelet-operator`, { identity: controlPlane, role: AZURE_ROLES.managedIdentityOperator, scope: kubelet.id, subscriptionId: args.subscriptionId }, parent),
  ];
  return { controlPlane, kubelet, grants };
}

export interface GrantArgs {
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly role: string;
  readonly scope: pulumi.Input<string>;
  readonly subscriptionId: pulumi.Input<string>;
}

/** A role assignment to a managed identity. */
export function grantToIdentity(name: string, args: GrantArgs, parent: pulumi.Resource): authorization.RoleAssignment {
  return new authorization.RoleAssignment(
    name,
    {
      principalId: args.identity.principalId,
      // Set for a freshly created identity so Azure does not reject it before Entra ID replicates it.
      principalType: "ServicePrincipal",
      roleDefinitionId: roleDefinitionIdOutput(args.subscriptionId, args.role),
      scope: args.scope,
    },
    { parent },
  );
}

/** The role definition ID for a subscription known only at deployment time. */
export function roleDefinitionIdOutput(subscriptionId: pulumi.Input<string>, roleGuid: string): pulumi.Output<string> {
  return pulumi.output(subscriptionId).apply((s) => roleDefinitionId(s, roleGuid));
}
