/**
 * Identity on EKS: a workload's own IAM role through EKS Pod Identity, the namespaces' members as
 * access entries mapped to one Kubernetes group per namespace, and the warning that tells another
 * account how to let the nodes pull from its registry. The documents themselves are pure
 * (identity-policies.ts); this file registers them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../bad-input";
import type { RbacSubject, WorkloadIdentityBinding, WorkloadIdentityRequest } from "../contract";
import { child, EksContext, regional, tags } from "./context";
import { accessProblems, memberEntries, memberGroup, podIdentityTrustPolicy, principalSlug, registryWarnings, workloadRoleName, workloadStoragePolicy } from "./identity-policies";

/** The name of the inline policy on a workload's role: unique within the role is all IAM asks. */
export const WORKLOAD_POLICY_NAME = "ml-clusters-storage";

/**
 * The identity of one workload: a role only Pod Identity may assume for exactly this namespace and
 * ServiceAccount of this cluster, its storage policy inline, and the Pod Identity association. Pod
 * Identity needs nothing in the cluster: no ServiceAccount annotation and no pod label (EKS User
 * Guide, "Assign an IAM role to a Kubernetes service account": "you don't add any annotations to
 * the service accounts"). Its webhook mounts its own projected token (audience
 * pods.eks.amazonaws.com) into every pod of an associated ServiceAccount, a volume of its own that
 * `automountServiceAccountToken: false` does not remove (aws/amazon-eks-pod-identity-webhook
 * main.go, 3bf80a3: the container-credentials token volume and path flags; the webhook never reads
 * automountServiceAccountToken), so the workloads keep the API token out of their pods.
 */
export function workloadIdentity(ctx: EksContext, cluster: aws.eks.Cluster, name: string, request: WorkloadIdentityRequest, parent: pulumi.Resource): WorkloadIdentityBinding {
  throwIfProblems(accessProblems(request.access, `${request.key}.access`), `EksCluster "${ctx.name}" workload identity`);
  const { namespace, serviceAccount } = request;
  // Children of the workload, but on the cluster's AWS provider: a provider given to EksCluster
  // (another account or region) would not reach them through a parent of the Kubernetes layer.
  const provider = ctx.parent.getProvider("aws:iam/role:Role");
  const opts: pulumi.CustomResourceOptions = provider === undefined ? { parent } : { parent, provider };
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      name: workloadRoleName(ctx.spec.name, ctx.spec.region, request.key),
      description: `Pod Identity of ${namespace}/${serviceAccount} in ${ctx.spec.name}`,
      assumeRolePolicy: podIdentityTrustPolicy(ctx.spec.name, namespace, serviceAccount),
      tags: tags(ctx, { "ml-clusters.io/workload": request.key }),
    },
    opts,
  );
  const document = ctx.partition.apply((partition) => workloadStoragePolicy(partition, request.access));
  const policy = new aws.iam.RolePolicy(
    `${name}-storage`,
    { role: role.name, name: WORKLOAD_POLICY_NAME, policy: document.apply((d) => JSON.stringify(d)) },
    opts,
  );
  const association = new aws.eks.PodIdentityAssociation(
    `${name}-pod-identity`,
    { ...regional(ctx), clusterName: cluster.name, namespace, serviceAccount, roleArn: role.arn, tags: tags(ctx, { "ml-clusters.io/workload": request.key }) },
    opts,
  );
  return { serviceAccountAnnotations: {}, podLabels: {}, ready: [role, policy, association] };
}

/**
 * The RBAC subjects of a namespace's members: the one group their access entries map them to in
 * that namespace. The entries are made from the spec the cluster was built from, so members the
 * spec does not list for that namespace would be bound to a group nobody is in: that is a bug.
 */
export function memberSubjects(ctx: EksContext, namespace: string, members: readonly string[]): RbacSubject[] {
  if (members.length === 0) return [];
  const group = memberGroup(namespace);
  const entries = memberEntries(ctx.spec.namespaces);
  const missing = members.filter((m) => !entries.some((e) => e.principalArn === m && e.groups.includes(group)));
  if (missing.length > 0) {
    throw new Error(`bug: members ${missing.join(", ")} of namespace "${namespace}" are not in the spec EksCluster "${ctx.name}" was built from, so no access entry maps them to ${group}`);
  }
  return [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }];
}

/**
 * One STANDARD access entry per member principal, with the group of every namespace it belongs to
 * and no access policy: the namespaces' RoleBindings grant edit, and nothing grants more. The
 * admins' own entries (cluster-admin) are left alone. EKS allows one entry per principal, so a
 * member who is also an admin cannot get one: the validator refuses admins the args name, and a
 * member who turns out to be the identity running Pulumi is warned about as soon as the caller is
 * known (preview included), since EKS will refuse that entry at `pulumi up`.
 */
export function memberAccessEntries(ctx: EksContext, cluster: aws.eks.Cluster, admins: readonly pulumi.Input<string>[]): aws.eks.AccessEntry[] {
  const entries = memberEntries(ctx.spec.namespaces);
  if (entries.length > 0 && ctx.options.adminPrincipalArns === undefined) {
    pulumi.all([...admins]).apply((arns) => {
      for (const e of entries.filter((entry) => arns.includes(entry.principalArn))) pulumi.log.warn(deployerMemberWarning(e.path, e.principalArn), ctx.parent);
    });
  }
  return entries.map(
    (entry) =>
      new aws.eks.AccessEntry(
        `${ctx.name}-member-${principalSlug(entry.principalArn)}`,
        { ...regional(ctx), clusterName: cluster.name, principalArn: entry.principalArn, type: "STANDARD", kubernetesGroups: [...entry.groups], tags: tags(ctx) },
        child(ctx),
      ),
  );
}

/** Why the deployer cannot also be a member, and what to do. */
export function deployerMemberWarning(path: string, principalArn: string): string {
  return (
    `${path}: "${principalArn}" is the identity running Pulumi, which already has cluster-admin through its own access entry, ` +
    "and EKS allows one access entry per principal, so creating its member entry will fail; remove it from members, or deploy as another identity"
  );
}

/**
 * Warns, once the account and the node role are known (every `pulumi up`, and every preview of a
 * stack whose node role exists), about each registry in another account, with the repository
 * policy that account must add. Nothing is asked of AWS when no registry names an account.
 */
export function warnCrossAccountRegistries(ctx: EksContext, nodeRoleArn: pulumi.Output<string>): void {
  const registries = (ctx.spec.registries ?? []).filter((r) => r.account !== undefined);
  if (registries.length === 0) return;
  const account = aws.getCallerIdentityOutput({}, { parent: ctx.parent }).accountId;
  pulumi.all([account, nodeRoleArn]).apply(([accountId, roleArn]) => {
    for (const warning of registryWarnings(ctx.spec.registries ?? [], accountId, roleArn)) pulumi.log.warn(warning, ctx.parent);
  });
}
