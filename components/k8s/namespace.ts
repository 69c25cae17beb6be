/**
 * TeamNamespace: a namespace a team can own without owning the cluster. Pod Security admission,
 * a quota that includes GPUs, container defaults, ingress closed to other namespaces, optional
 * egress limits, and edit rights for the team's groups in this namespace only.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as ipaddr from "ipaddr.js";
import type { ClusterContract } from "../cluster/contract";
import type { SpecProblem, ValidNamespace } from "../spec/types";
import { MANAGED_BY, PART_OF, TEAM_CLUSTER_ROLE } from "./defaults";
import { containerDefaults, networkPolicies, quotaHard } from "./namespace-policies";
import { dependencyList, k8sOptions } from "./options";
import type { AddonsRef, MonitoringRef } from "./refs";
import { podSecurityLabels } from "./scheduling";
import { DNS_LABEL_MAX } from "../spec/rules/names";
import { KUBERNETES_NAMESPACES } from "../spec/system-namespaces";
import { throwIfProblems } from "../bad-input";
import { checkDnsLabel } from "./validate";

export interface TeamNamespaceArgs {
  readonly contract: ClusterContract;
  /** The validated namespace from the spec. */
  readonly namespace: ValidNamespace;
  /**
   * The monitoring stack, whose Prometheus is let in to scrape.
   * @default - no scrapes admitted from outside the namespace
   */
  readonly monitoring?: Pick<MonitoringRef, "namespace">;
  /**
   * The cluster add-ons: when the KEDA HTTP add-on is installed, its interceptor is let in.
   * @default - no interceptor admitted
   */
  readonly addons?: Pick<AddonsRef, "httpScaling">;
  /**
   * Whether a workload in the namespace has a cloud identity (`access`): restricted egress then
   * admits where the cluster's identities fetch credentials (ClusterContract.identityEndpoints).
   * @default false
   */
  readonly workloadIdentities?: boolean;
}

/** Problems with a namespace given directly (the spec validator makes the same checks for spec users). */
export function checkNamespaceArgs(ns: ValidNamespace, out: SpecProblem[]): void {
  checkDnsLabel(ns.name, "namespace.name", DNS_LABEL_MAX, "", out);
  if (KUBERNETES_NAMESPACES.includes(ns.name)) {
    out.push({ path: "namespace.name", message: `"${ns.name}" is a namespace Kubernetes owns; give the team a namespace of its own` });
  }
  const gpu = ns.quota?.gpu;
  if (gpu !== undefined && (!Number.isInteger(gpu) || gpu < 0)) out.push({ path: "namespace.quota.gpu", message: `must be a whole number of GPUs, 0 or more, got ${gpu}` });
  ns.groups.forEach((g, i) => {
    if (g.trim() === "") out.push({ path: `namespace.groups[${i}]`, message: "must name an identity-provider group, got an empty string" });
  });
  ns.egress?.allowCidrs.forEach((c, i) => {
    if (!ipaddr.isValidCIDR(c)) out.push({ path: `namespace.egress.allowCidrs[${i}]`, message: `must be a CIDR block such as 10.0.0.0/8, got ${JSON.stringify(c)}` });
  });
}

export class TeamNamespace extends pulumi.ComponentResource {
  /** The namespace's name, for workloads placed in it. */
  readonly name: string;
  readonly namespace: k8s.core.v1.Namespace;

  constructor(name: string, args: TeamNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    const problems: SpecProblem[] = [];
    checkNamespaceArgs(args.namespace, problems);
    if ((args.namespace.members ?? []).length > 0 && args.contract.memberSubjects === undefined) {
      problems.push({
        path: "namespace.members",
        message: "this cluster cannot give cloud principals a way in (its contract has no memberSubjects); remove members, or grant the team through groups",
      });
    }
    throwIfProblems(problems, `TeamNamespace "${args.namespace.name}"`);
    super("ml-clusters:k8s:TeamNamespace", name, {}, opts);

    const { contract } = args;
    const ns = args.namespace.name;
    const labels = { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY };
    const waitFor = [...contract.ready, ...dependencyList(opts?.dependsOn)];

    // Baseline is enforced: GPU images often run as root, which restricted refuses. Restricted is
    // warned and audited, so teams see what a stricter namespace would reject.
    this.namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: ns, labels: { ...labels, ...podSecurityLabels("baseline") } } },
      k8sOptions(contract, this, { dependsOn: waitFor }),
    );
    const inNamespace = k8sOptions(contract, this, { dependsOn: [this.namespace] });

    const hard = quotaHard(args.namespace.quota);
    if (hard !== undefined) {
      new k8s.core.v1.ResourceQuota(`${name}-quota`, { metadata: { name: "team-quota", namespace: ns, labels }, spec: { hard } }, inNamespace);
    }
    new k8s.core.v1.LimitRange(`${name}-limits`, { metadata: { name: "team-defaults", namespace: ns, labels }, spec: { limits: containerDefaults() } }, inNamespace);

    for (const p of networkPolicies({
      namespace: args.namespace,
      monitoringNamespace: args.monitoring?.namespace,
      interceptorNamespace: args.addons?.httpScaling?.namespace,
      interceptorPort: args.addons?.httpScaling?.interceptorPort,
      identityEndpoints: args.workloadIdentities === true ? contract.identityEndpoints : undefined,
    })) {
      new k8s.networking.v1.NetworkPolicy(`${name}-${p.name}`, { metadata: { name: p.name, namespace: ns, labels }, spec: p.spec }, inNamespace);
    }

    // Members reach the cluster as the subjects the cluster names for them (EKS: a group their
    // access entry carries); a cloud that grants namespace rights itself (AKS) names none.
    const members = args.namespace.members ?? [];
    const subjects = [
      ...args.namespace.groups.map((g) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: g })),
      ...(members.length > 0 ? (contract.memberSubjects?.(ns, members) ?? []) : []).map((s) => ({ apiGroup: s.apiGroup, kind: s.kind, name: s.name })),
    ];
    if (subjects.length > 0) {
      new k8s.rbac.v1.RoleBinding(
        `${name}-edit`,
        {
          metadata: { name: "team-edit", namespace: ns, labels },
          // A RoleBinding (not a ClusterRoleBinding) grants the ClusterRole's rights in this namespace only.
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: TEAM_CLUSTER_ROLE },
          subjects,
        },
        inNamespace,
      );
    }

    this.name = ns;
    this.registerOutputs({ name: ns });
  }
}
