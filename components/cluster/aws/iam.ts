/**
 * IAM roles: the control plane's, the nodes' (worker and image-pull only: the VPC CNI gets its AWS
 * permissions through Pod Identity instead of the node), and one Pod Identity role per add-on that
 * calls AWS, each trusted only by its own service account in this cluster.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { child, EksContext, managedPolicyArn, tags } from "./context";
import { podIdentityTrustPolicy } from "./identity-policies";
import { MANAGED_POLICIES } from "./tables";

export interface RoleWithPolicies {
  readonly role: aws.iam.Role;
  /** The role's policy attachments: depend on these, not the role, before using it. */
  readonly policies: readonly pulumi.Resource[];
}

function serviceTrust(service: string, actions: readonly string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions }],
  });
}

function attach(ctx: EksContext, role: aws.iam.Role, roleName: string, policies: readonly string[]): pulumi.Resource[] {
  return policies.map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        `${ctx.name}-${roleName}-${policy.replace(/^service-role\//, "").replace(/[^A-Za-z0-9]+/g, "-")}`,
        { role: role.name, policyArn: managedPolicyArn(ctx, policy) },
        child(ctx),
      ),
  );
}

/** The cluster's service role (EKS User Guide, "Amazon EKS cluster IAM role"). */
export function clusterRole(ctx: EksContext): RoleWithPolicies {
  const role = new aws.iam.Role(
    `${ctx.name}-cluster`,
    {
      description: `EKS control plane of ${ctx.spec.name}`,
      assumeRolePolicy: serviceTrust("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
      tags: tags(ctx),
    },
    child(ctx),
  );
  return { role, policies: attach(ctx, role, "cluster", [MANAGED_POLICIES.cluster]) };
}

/**
 * The node role: join the cluster and pull images, nothing else (EKS User Guide, "Amazon EKS node
 * IAM role"). Every pod without its own identity could reach these credentials if IMDS were open,
 * which is why the launch templates also cap the IMDS hop limit at 1.
 */
export function nodeRole(ctx: EksContext): RoleWithPolicies {
  const role = new aws.iam.Role(
    `${ctx.name}-node`,
    {
      description: `EKS nodes of ${ctx.spec.name}`,
      assumeRolePolicy: serviceTrust("ec2.amazonaws.com", ["sts:AssumeRole"]),
      tags: tags(ctx),
    },
    child(ctx),
  );
  return { role, policies: attach(ctx, role, "node", [MANAGED_POLICIES.workerNode, MANAGED_POLICIES.registryPull]) };
}

export interface PodIdentityRoleArgs {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** AWS-managed policies by name. */
  readonly managedPolicies?: readonly string[];
  /** An inline policy document (JSON). */
  readonly inlinePolicy?: pulumi.Input<string>;
}

/** A role only EKS Pod Identity can assume, and only for one service account of one namespace of this cluster. */
export function podIdentityRole(ctx: EksContext, id: string, args: PodIdentityRoleArgs): RoleWithPolicies {
  const role = new aws.iam.Role(
    `${ctx.name}-${id}`,
    {
      description: `Pod Identity of ${args.namespace}/${args.serviceAccount} in ${ctx.spec.name}`,
      assumeRolePolicy: podIdentityTrustPolicy(ctx.spec.name, args.namespace, args.serviceAccount),
      tags: tags(ctx),
    },
    child(ctx),
  );
  const policies = attach(ctx, role, id, args.managedPolicies ?? []);
  if (args.inlinePolicy !== undefined) {
    policies.push(new aws.iam.RolePolicy(`${ctx.name}-${id}`, { role: role.name, policy: args.inlinePolicy }, child(ctx)));
  }
  return { role, policies };
}
