/**
 * The EKS control plane: the cluster with a private endpoint, secrets encrypted with its own KMS key,
 * every control-plane log type, API-only authentication, and cluster-admin access entries for the
 * deploying identity (or the principals the args name).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { child, EksContext, regional, tags } from "./context";
import { clusterRole } from "./iam";
import { CLUSTER_ADMIN_ACCESS_POLICY, CONTROL_PLANE_LOG_RETENTION_DAYS, CONTROL_PLANE_LOG_TYPES } from "./tables";

export interface ControlPlane {
  readonly cluster: aws.eks.Cluster;
  readonly secretsKey: aws.kms.Key;
  /** The admin access entries and policy associations: Kubernetes calls fail until they exist. */
  readonly adminAccess: readonly pulumi.Resource[];
  /** The principals with cluster-admin: no other access entry may name them. */
  readonly adminPrincipalArns: readonly pulumi.Input<string>[];
}

/** KMS waits this long before deleting a key, the maximum (KMS API `ScheduleKeyDeletion`), so a mistake can be undone. */
export const KEY_DELETION_WINDOW_DAYS = 30;

export function controlPlane(ctx: EksContext, network: { readonly privateSubnetIds: readonly pulumi.Input<string>[] }): ControlPlane {
  const { name, spec } = ctx;
  // The key outlives any replacement of the cluster (retainOnDelete): secrets encrypted with it stay readable.
  const secretsKey = new aws.kms.Key(
    `${name}-secrets`,
    {
      ...regional(ctx),
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${spec.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      tags: tags(ctx),
    },
    child(ctx, { protect: spec.protect, retainOnDelete: true }),
  );
  new aws.kms.Alias(`${name}-secrets`, { ...regional(ctx), name: `alias/eks/${spec.name}`, targetKeyId: secretsKey.keyId }, child(ctx));

  const role = clusterRole(ctx);
  // Permissions EKS needs on the key (EKS User Guide, "Encrypt Kubernetes secrets with KMS"), on this key only.
  const keyAccess = new aws.iam.RolePolicy(
    `${name}-cluster-secrets-key`,
    {
      role: role.role.name,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: secretsKey.arn }],
      }),
    },
    child(ctx),
  );
  // EKS writes to this group by name; creating it first lets us set the retention (EKS creates it without one).
  const logs = new aws.cloudwatch.LogGroup(
    `${name}-control-plane`,
    { ...regional(ctx), name: `/aws/eks/${spec.name}/cluster`, retentionInDays: CONTROL_PLANE_LOG_RETENTION_DAYS, tags: tags(ctx) },
    child(ctx),
  );

  const publicCidrs = spec.apiAccess?.allowedCidrs;
  const cluster = new aws.eks.Cluster(
    `${name}-cluster`,
    {
      ...regional(ctx),
      name: spec.name,
      version: spec.kubernetesVersion,
      roleArn: role.role.arn,
      vpcConfig: {
        subnetIds: [...network.privateSubnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs !== undefined,
        ...(publicCidrs !== undefined ? { publicAccessCidrs: [...publicCidrs] } : {}),
      },
      // Access entries only: no aws-auth ConfigMap to corrupt, and no admin left behind for whoever created the cluster.
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      // Every add-on is an aws.eks.Addon below, so EKS must not install unmanaged copies first.
      bootstrapSelfManagedAddons: false,
      encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      deletionProtection: spec.protect,
      upgradePolicy: { supportType: ctx.options.supportType },
      tags: tags(ctx),
    },
    child(ctx, { protect: spec.protect, dependsOn: [...role.policies, keyAccess, logs] }),
  );

  const admins = adminPrincipals(ctx);
  return { cluster, secretsKey, adminAccess: adminAccess(ctx, cluster, admins), adminPrincipalArns: admins };
}

/**
 * The principals that get cluster-admin: the args' list, else whoever runs Pulumi. An assumed-role
 * session ARN (sts) is not a principal EKS accepts; getSessionContext maps it to its role, path
 * included.
 */
function adminPrincipals(ctx: EksContext): pulumi.Input<string>[] {
  if (ctx.options.adminPrincipalArns !== undefined) return [...ctx.options.adminPrincipalArns];
  const caller = aws.getCallerIdentityOutput({}, { parent: ctx.parent });
  return [aws.iam.getSessionContextOutput({ arn: caller.arn }, { parent: ctx.parent }).issuerArn];
}

function adminAccess(ctx: EksContext, cluster: aws.eks.Cluster, admins: readonly pulumi.Input<string>[]): pulumi.Resource[] {
  const policyArn = pulumi.interpolate`arn:${ctx.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_ACCESS_POLICY}`;
  return admins.flatMap((principalArn, i) => {
    const entry = new aws.eks.AccessEntry(
      `${ctx.name}-admin-${i}`,
      { ...regional(ctx), clusterName: cluster.name, principalArn, type: "STANDARD", tags: tags(ctx) },
      child(ctx),
    );
    const association = new aws.eks.AccessPolicyAssociation(
      `${ctx.name}-admin-${i}`,
      { ...regional(ctx), clusterName: cluster.name, principalArn: entry.principalArn, policyArn, accessScope: { type: "cluster" } },
      child(ctx),
    );
    return [entry, association];
  });
}
