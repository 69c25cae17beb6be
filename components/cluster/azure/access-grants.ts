/**
 * Cluster-wide grants from the spec: AcrPull on each listed registry for the kubelet identity, and
 * for each namespace member the AKS RBAC Writer role on that namespace plus the Cluster User role
 * on the cluster (so `az aks get-credentials` works for them).
 *
 * Members are bound by Azure RBAC, not by Kubernetes RoleBindings: the cluster runs with
 * `aadProfile.enableAzureRBAC` (managed-cluster.ts), and AKS RBAC roles "can be scoped to a
 * specific namespace ... setting the scope to `$AKS_ID/namespaces/<namespace-name>`"
 * (learn.microsoft.com/azure/aks/manage-azure-rbac, MicrosoftDocs/azure-aks-docs, read 2026-12).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import type * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { ValidNamespace, ValidRegistry } from "../../spec/types";
import { grantToIdentity, roleDefinitionIdOutput } from "./identity";
import { AZURE_ROLES, subscriptionOf } from "./tables";

/**
 * How a member is written: its kind, then its Entra object ID. Azure refuses an assignment whose
 * `principalType` is not the object's own (`UnmatchedPrincipalType`), and @pulumi/azure-native
 * sends "User" when it is left out (the API 2022-04-01 default, Azure/azure-rest-api-specs#21664),
 * so a group's assignment needs its kind written down; an object ID alone does not say.
 */
export const AKS_MEMBER_KINDS = Object.freeze({ user: "User", group: "Group" } as const);
export type AksMemberKind = keyof typeof AKS_MEMBER_KINDS;

export interface AksMember {
  readonly principalType: (typeof AKS_MEMBER_KINDS)[AksMemberKind];
  /** Lowercase, as Entra reports object IDs. */
  readonly objectId: string;
}

const MEMBER = /^(user|group):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A member entry (`group:<object ID>`, `user:<object ID>`), or undefined when it is not one. */
export function parseAksMember(text: string): AksMember | undefined {
  const m = MEMBER.exec(text.trim());
  if (m === null) return undefined;
  return { principalType: AKS_MEMBER_KINDS[m[1]!.toLowerCase() as AksMemberKind], objectId: m[2]!.toLowerCase() };
}

/** AcrPull on each registry for the kubelet identity, in the registry's own subscription. */
export function registryPullGrants(
  name: string,
  registries: readonly ValidRegistry[],
  kubelet: managedidentity.UserAssignedIdentity,
  parent: pulumi.Resource,
): authorization.RoleAssignment[] {
  const seen = new Set<string>();
  const out: authorization.RoleAssignment[] = [];
  for (const r of registries) {
    const scope = r.resourceId;
    if (scope === undefined || seen.has(scope.toLowerCase())) continue;
    seen.add(scope.toLowerCase());
    const label = (r.name ?? scope.split("/").pop() ?? "registry").toLowerCase();
    out.push(grantToIdentity(`${name}-acr-pull-${label}`, { identity: kubelet, role: AZURE_ROLES.acrPull, scope, subscriptionId: subscriptionOf(scope) ?? "" }, parent));
  }
  return out;
}

export interface MemberGrantArgs {
  readonly cluster: pulumi.CustomResource & { readonly id: pulumi.Output<string> };
  /** The cluster's subscription, where its role definitions are named. */
  readonly subscriptionId: pulumi.Input<string>;
}

/**
 * RBAC Writer per member and namespace at the namespace's scope, and Cluster User once per
 * distinct member at the cluster's. Both go with the cluster, as the deployer's own assignment.
 */
export function memberGrants(name: string, namespaces: readonly ValidNamespace[], args: MemberGrantArgs, parent: pulumi.Resource): authorization.RoleAssignment[] {
  const opts = { parent, deletedWith: args.cluster };
  const users = new Map<string, AksMember>();
  const writers = namespaces.flatMap((ns) =>
    (ns.members ?? []).flatMap((text) => {
      const member = parseAksMember(text);
      if (member === undefined) return [];
      users.set(member.objectId, member);
      return [
        new authorization.RoleAssignment(
          `${name}-${ns.name}-writer-${member.objectId}`,
          {
            principalId: member.objectId,
            principalType: member.principalType,
            roleDefinitionId: roleDefinitionIdOutput(args.subscriptionId, AZURE_ROLES.aksRbacWriter),
            scope: pulumi.interpolate`${args.cluster.id}/namespaces/${ns.name}`,
          },
          opts,
        ),
      ];
    }),
  );
  const clusterUsers = [...users.values()].map(
    (member) =>
      new authorization.RoleAssignment(
        `${name}-cluster-user-${member.objectId}`,
        {
          principalId: member.objectId,
          principalType: member.principalType,
          roleDefinitionId: roleDefinitionIdOutput(args.subscriptionId, AZURE_ROLES.aksClusterUser),
          scope: args.cluster.id,
        },
        opts,
      ),
  );
  return [...writers, ...clusterUsers];
}
