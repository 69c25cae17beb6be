/**
 * The objects of a team namespace as pure specs: quota, container defaults and network policies.
 * Namespaces are matched by the `kubernetes.io/metadata.name` label the API server sets on every
 * namespace (immutable, Kubernetes 1.22+), so no other label can impersonate one.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { ValidNamespace } from "../spec/types";
import { CONTAINER_DEFAULT_LIMIT, CONTAINER_DEFAULT_REQUEST } from "./defaults";

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export function namespaceSelector(name: string): k8s.types.input.networking.v1.NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } } };
}

/** ResourceQuota `hard` for what the namespace declares; undefined when it declares nothing. */
export function quotaHard(quota: ValidNamespace["quota"]): Record<string, string> | undefined {
  if (quota === undefined) return undefined;
  const hard: Record<string, string> = {};
  // Extended resources can only be quota'd on requests (Kubernetes "Resource Quotas").
  if (quota.gpu !== undefined) hard["requests.nvidia.com/gpu"] = String(quota.gpu);
  if (quota.cpu !== undefined) hard["requests.cpu"] = quota.cpu.text;
  if (quota.memory !== undefined) hard["requests.memory"] = quota.memory.text;
  return Object.keys(hard).length > 0 ? hard : undefined;
}

/** LimitRange limits: container defaults (defaults.ts). */
export function containerDefaults(): k8s.types.input.core.v1.LimitRangeItem[] {
  return [{ type: "Container", defaultRequest: { ...CONTAINER_DEFAULT_REQUEST }, default: { ...CONTAINER_DEFAULT_LIMIT } }];
}

export interface NamedPolicy {
  /** Object name, and the suffix of the Pulumi resource name. */
  readonly name: string;
  readonly spec: k8s.types.input.networking.v1.NetworkPolicySpec;
}

export interface PolicyInputs {
  readonly namespace: ValidNamespace;
  /** Prometheus' namespace, admitted to scrape every pod. */
  readonly monitoringNamespace?: string;
  /** The KEDA HTTP interceptor's namespace, admitted to forward requests to scale-to-zero services. */
  readonly interceptorNamespace?: string;
  /** The interceptor's proxy port: callers of a scale-to-zero service reach it there, even under restricted egress. */
  readonly interceptorPort?: number;
  /** Where the namespace's workload identities fetch credentials (ClusterContract.identityEndpoints), admitted under restricted egress. */
  readonly identityEndpoints?: readonly { readonly cidr: string; readonly ports: readonly number[] }[];
}

/**
 * Ingress denied by default, then allowed from the namespace itself, from monitoring and from
 * the HTTP interceptor. Egress stays open unless `egress.allowCidrs` is set; then it is limited
 * to DNS in kube-system, to pods of the namespace itself (distributed training workers reach
 * each other, services call each other), to the HTTP interceptor's proxy port when the add-on is
 * installed (a scale-to-zero service in the namespace is called through `<name>-proxy`, an alias
 * of the interceptor in its own namespace), to where workload identities fetch their credentials
 * when a workload here has one, and to the listed networks.
 */
export function networkPolicies(input: PolicyInputs): NamedPolicy[] {
  const all = { podSelector: {} };
  const policies: NamedPolicy[] = [
    { name: "default-deny-ingress", spec: { ...all, policyTypes: ["Ingress"] } },
    { name: "allow-same-namespace", spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] } },
  ];
  if (input.monitoringNamespace !== undefined) {
    policies.push({ name: "allow-from-monitoring", spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [namespaceSelector(input.monitoringNamespace)] }] } });
  }
  if (input.interceptorNamespace !== undefined) {
    policies.push({
      name: "allow-from-http-interceptor",
      spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [namespaceSelector(input.interceptorNamespace)] }] },
    });
  }
  const cidrs = input.namespace.egress?.allowCidrs;
  if (cidrs !== undefined) {
    policies.push({
      name: "restrict-egress",
      spec: {
        ...all,
        policyTypes: ["Egress"],
        egress: [
          {
            to: [namespaceSelector("kube-system")],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
          { to: [{ podSelector: {} }] },
          ...(input.interceptorNamespace !== undefined && input.interceptorPort !== undefined
            ? [{ to: [namespaceSelector(input.interceptorNamespace)], ports: [{ protocol: "TCP", port: input.interceptorPort }] }]
            : []),
          ...(input.identityEndpoints ?? []).map((e) => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: e.ports.map((port) => ({ protocol: "TCP", port })) })),
          ...(cidrs.length > 0 ? [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })) }] : []),
        ],
      },
    });
  }
  return policies;
}
