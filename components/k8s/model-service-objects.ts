/**
 * The objects of a ModelService as pure functions of the validated service and its placement:
 * what the component registers, reviewable and testable without an engine.
 */
import type * as k8s from "@pulumi/kubernetes";
import { PRIVATE_IPV4_RANGES } from "../cluster/address-space";
import type { ClusterContract } from "../cluster/contract";
import type { ValidService } from "../spec/types";
import { HPA_SCALE_DOWN_STABILIZATION_SECONDS, REQUEST_RATE_GRANULARITY, REQUEST_RATE_WINDOW, ROLLOUT_MAX_UNAVAILABLE, SERVICE_SCRAPE_INTERVAL } from "./defaults";
import { engineProfile } from "../catalog/engines";
import { GPU_UTILIZATION_METRIC, REQUEST_RATE_METRIC, serviceSeries } from "./metrics";
import { localVolumeAnnotations, podSpec } from "./pod";
import type { HttpScalingRef } from "./refs";
import {
  Labels,
  Placement,
  SERVICE_GRACE_SECONDS,
  recommendedLabels,
  selectorLabels,
  serviceLifecycle,
  serviceProbes,
  topologySpread,
  unreachable,
} from "./scheduling";
import { progressDeadlineSeconds } from "./timeouts";

/** The container port's name: probes, the Service and the ServiceMonitor refer to it. */
export const PORT_NAME = "http";
export const CONTAINER_NAME = "server";
/** The container port Prometheus scrapes when the engine serves metrics on a port of its own (Triton, TEI). */
export const METRICS_PORT_NAME = "metrics";

/**
 * Probe paths: the user's `health.path` for every probe, else the engine's readiness and liveness
 * paths, else none (a TCP check).
 */
export function probePaths(s: ValidService): { readonly readiness: string; readonly liveness: string } | undefined {
  if (s.health.path !== undefined) return { readiness: s.health.path, liveness: s.health.path };
  return engineProfile(s.engine).health;
}

/** The container ports: the service's, and the engine's metrics port where it has its own. */
export function containerPorts(s: ValidService): k8s.types.input.core.v1.ContainerPort[] {
  const metricsPort = engineProfile(s.engine).metrics.port;
  return [
    { name: PORT_NAME, containerPort: s.port, protocol: "TCP" },
    ...(metricsPort !== undefined && metricsPort !== s.port ? [{ name: METRICS_PORT_NAME, containerPort: metricsPort, protocol: "TCP" }] : []),
  ];
}

/** Names of the Kubernetes objects of a service (each a DNS label: the name leaves room for the suffixes). */
export function serviceObjectNames(s: ValidService): {
  workload: string;
  secret: string;
  proxy: string;
  loadBalancerPolicy: string;
  canary: string;
  gatewayPolicy: string;
} {
  return {
    workload: s.name,
    secret: `${s.name}-env`,
    proxy: `${s.name}-proxy`,
    loadBalancerPolicy: `${s.name}-allow-lb`,
    canary: `${s.name}-canary`,
    gatewayPolicy: `${s.name}-allow-gw`,
  };
}

/**
 * Which Deployment of a service: the service itself, or its canary (`route.canary`, behind the
 * gateway only), a second Deployment of another image with its own Service, scaler and budget.
 */
export type Track = "stable" | "canary";

/** The name of a track's Deployment, Service, scaler and budget. */
export function trackName(s: ValidService, track: Track): string {
  return track === "canary" ? serviceObjectNames(s).canary : s.name;
}

/**
 * The selector of a track's pods. Both tracks share `app.kubernetes.io/name` (one application) and
 * differ in `app.kubernetes.io/instance`, so the service's Service, PDB and scaler never count a
 * canary pod and the canary's never count one of the service's; the stable track's selector is
 * the one every service has always had (selectorLabels), so adding a canary changes nothing of it.
 */
export function trackSelector(s: ValidService, track: Track): Labels {
  return { ...selectorLabels(s.name), "app.kubernetes.io/instance": trackName(s, track) };
}

export function serviceLabels(s: ValidService, track: Track = "stable"): Labels {
  return { ...recommendedLabels(s.name, "model-server"), "app.kubernetes.io/instance": trackName(s, track) };
}

/** The canary of a service with one; a bug to ask otherwise (the component checks first). */
export function canaryOf(s: ValidService): NonNullable<NonNullable<ValidService["route"]>["canary"]> {
  const canary = s.route?.canary;
  if (canary === undefined) throw new Error(`bug: ${s.key} has no canary`);
  return canary;
}

/** What a track runs: the canary is the service with the canary's image and replicas, nothing else changed. */
export function trackWorkload(s: ValidService, track: Track): ValidService {
  if (track === "stable") return s;
  const canary = canaryOf(s);
  return { ...s, image: canary.image, replicas: { ...canary.replicas } };
}

/** How the service scales: an HPA from min >= 1, KEDA's HTTP add-on from zero. Never both. */
export type ScalerKind = "hpa" | "http-scaled-object";
export function scalerKind(s: ValidService): ScalerKind {
  return s.replicas.min === 0 ? "http-scaled-object" : "hpa";
}

export interface DeploymentInputs {
  readonly service: ValidService;
  readonly placement: Placement;
  readonly priorityClassName: string;
  readonly secretName?: string;
  /** Labels the cloud identity needs on every pod (ClusterContract.workloadIdentity). */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * The canary runs as the service's own ServiceAccount (the same cloud identity) and reads the
   * same Secret; only its image, selector and replicas differ.
   * @default "stable"
   */
  readonly track?: Track;
}

/**
 * The Deployment spec. No `replicas` under an HPA (it owns the count; kube-score
 * deployment-targeted-by-hpa-does-not-have-replicas-configured). A scale-to-zero service is
 * created at 0 so `pulumi up` does not wake a GPU node; KEDA owns the count from then on.
 * Rolling updates replace one pod at a time and never add one (maxSurge 0), so an update needs
 * no GPU beyond the plan. The progress deadline covers the slowest wave (timeouts.ts).
 */
export function deploymentSpec(input: DeploymentInputs): k8s.types.input.apps.v1.DeploymentSpec {
  const track = input.track ?? "stable";
  const s = trackWorkload(input.service, track);
  const selector = trackSelector(s, track);
  return {
    ...(scalerKind(s) === "http-scaled-object" ? { replicas: 0 } : {}),
    selector: { matchLabels: { ...selector } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: ROLLOUT_MAX_UNAVAILABLE } },
    progressDeadlineSeconds: progressDeadlineSeconds(s),
    template: {
      metadata: { labels: { ...input.podLabels, ...serviceLabels(s, track) }, annotations: localVolumeAnnotations(s) },
      spec: podSpec({
        workload: s,
        containerName: CONTAINER_NAME,
        placement: input.placement,
        priorityClassName: input.priorityClassName,
        serviceAccountName: s.name,
        secretName: input.secretName,
        ports: containerPorts(s),
        probes: serviceProbes(s.health, PORT_NAME, probePaths(s)),
        lifecycle: serviceLifecycle(),
        terminationGracePeriodSeconds: SERVICE_GRACE_SECONDS,
        topologySpreadConstraints: topologySpread(selector),
      }),
    },
  };
}

/** Service: ClusterIP by default; a LoadBalancer only when asked, internal unless `public`. Never NodePort. */
export function serviceSpecOf(s: ValidService, contract: ClusterContract): { annotations: Record<string, string>; spec: k8s.types.input.core.v1.ServiceSpec } {
  const ports = [{ name: PORT_NAME, port: s.port, targetPort: PORT_NAME, protocol: "TCP" }];
  const selector = { ...selectorLabels(s.name) };
  switch (s.expose) {
    case "cluster":
    case "gateway":
      // Behind the gateway the Service stays ClusterIP: the gateway's load balancer is the only one.
      return { annotations: {}, spec: { type: "ClusterIP", selector, ports } };
    case "internal":
      return { annotations: { ...contract.internalLoadBalancerAnnotations }, spec: { type: "LoadBalancer", selector, ports } };
    case "public":
      return { annotations: { ...contract.publicLoadBalancerAnnotations }, spec: { type: "LoadBalancer", selector, ports } };
    default:
      return unreachable(s.expose);
  }
}

/** The HPA's one metric, from the service's one scaling signal. */
export function hpaMetric(s: ValidService): k8s.types.input.autoscaling.v2.MetricSpec {
  const a = s.autoscaling;
  if (a.gpuUtilization !== undefined) {
    return { type: "Pods", pods: { metric: { name: GPU_UTILIZATION_METRIC }, target: { type: "AverageValue", averageValue: String(a.gpuUtilization) } } };
  }
  const engine = serviceSeries(s);
  const target = a.requestsPerSecond ?? a.queueLength ?? a.kvCacheUtilization;
  if (target !== undefined) {
    const name = engine?.metric ?? REQUEST_RATE_METRIC;
    return { type: "Pods", pods: { metric: { name }, target: { type: "AverageValue", averageValue: String(target) } } };
  }
  if (a.cpuUtilization !== undefined) {
    return { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: a.cpuUtilization } } };
  }
  throw new Error(`bug: ${s.key} reached the HPA without a scaling signal`);
}

/** autoscaling/v2 HPA on the track's Deployment, between its replicas.min and replicas.max, on the service's one signal. */
export function hpaSpec(s: ValidService, track: Track = "stable"): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
  const { replicas } = trackWorkload(s, track);
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: trackName(s, track) },
    minReplicas: replicas.min,
    maxReplicas: replicas.max,
    metrics: [hpaMetric(s)],
    behavior: { scaleDown: { stabilizationWindowSeconds: HPA_SCALE_DOWN_STABILIZATION_SECONDS } },
  };
}

/**
 * The Host header that routes a request to a scale-to-zero service at the HTTP interceptor, and
 * the name of the `<name>-proxy` alias in its namespace, so a caller of that alias sends it.
 */
export function proxyHost(s: ValidService): string {
  return `${serviceObjectNames(s).proxy}.${s.namespace}`;
}

/**
 * Every Host header the interceptor routes to the service: the alias's names qualified by the
 * namespace (the interceptor drops the port before matching). The interceptor keeps one routing
 * table for the whole cluster and sends a host claimed twice to the older HTTPScaledObject
 * (kedacore/http-add-on v0.12.1 pkg/routing/tablememory.go), so the bare `<name>-proxy`, the
 * same for a service of that name in every namespace, is never a host here.
 */
export function proxyHosts(s: ValidService): string[] {
  const host = proxyHost(s);
  return [host, `${host}.svc`, `${host}.svc.cluster.local`];
}

/**
 * KEDA HTTP add-on HTTPScaledObject (http.keda.sh/v1alpha1): the interceptor queues requests
 * for the routed hosts, KEDA scales the Deployment from 0 to replicas.max on the requests in flight
 * or the request rate, and the queued requests are forwarded to the Service once a pod is ready.
 */
export function httpScaledObjectSpec(s: ValidService): Record<string, unknown> {
  return {
    hosts: proxyHosts(s),
    pathPrefixes: ["/"],
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: s.name, service: s.name, port: s.port },
    replicas: { min: 0, max: s.replicas.max },
    scalingMetric: httpScalingMetric(s),
  };
}

/**
 * The add-on's one scaling metric: `concurrency` or `requestRate`, which it takes as mutually
 * exclusive, each with an integer `targetValue` (HTTPScaledObject reference, v0.12.1).
 */
export function httpScalingMetric(s: ValidService): Record<string, unknown> {
  const { concurrentRequests, requestsPerSecond } = s.autoscaling;
  if (concurrentRequests !== undefined) return { concurrency: { targetValue: concurrentRequests } };
  if (requestsPerSecond !== undefined) {
    return { requestRate: { targetValue: Math.max(1, Math.round(requestsPerSecond)), window: REQUEST_RATE_WINDOW, granularity: REQUEST_RATE_GRANULARITY } };
  }
  throw new Error(`bug: ${s.key} scales from zero without a request signal`);
}

/** `<name>-proxy`: a DNS alias of the interceptor, so callers in the namespace reach the service by name. */
export function proxyServiceSpec(http: HttpScalingRef): k8s.types.input.core.v1.ServiceSpec {
  return { type: "ExternalName", externalName: `${http.interceptorService}.${http.namespace}.svc.cluster.local` };
}

/** At most one replica down for drains and upgrades; a crash-looping pod never blocks a drain. */
export function pdbSpec(s: ValidService, track: Track = "stable"): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
  return { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels: { ...trackSelector(s, track) } } };
}

/**
 * Prometheus scrape of the server's `/metrics` on its port (request counters, server metrics),
 * through the track's Service (it selects Services by their labels, serviceLabels). The canary has
 * its own: its HPA's request rate comes from it, and its metrics are what the canary is judged by.
 */
/**
 * The engine's metrics path on the service port, or on the engine's own metrics port, which is a
 * container port only (no Service port: a load-balanced service would publish it): the
 * ServiceMonitor's `targetPort` names it, and Prometheus' endpoint discovery also yields a target
 * for every container port of a selected pod that no Service port covers (prometheus/prometheus
 * discovery/kubernetes/endpointslice.go, "For all seen pods, check all container ports", read
 * 2026-12), which the operator keeps by the container port's name.
 */
function scrapeEndpoint(s: ValidService): Record<string, unknown> {
  const { path, port } = engineProfile(s.engine).metrics;
  const where = port !== undefined && port !== s.port ? { targetPort: METRICS_PORT_NAME } : { port: PORT_NAME };
  return { ...where, path, interval: SERVICE_SCRAPE_INTERVAL };
}

export function serviceMonitorSpec(s: ValidService, track: Track = "stable"): Record<string, unknown> {
  return {
    selector: { matchLabels: { ...trackSelector(s, track) } },
    namespaceSelector: { matchNames: [s.namespace] },
    endpoints: [scrapeEndpoint(s)],
  };
}

/**
 * `expose: public` asks for the internet: an internet-facing load balancer delivers any client's
 * address (or a node's, where the node forwards it), so the policy cannot narrow it; it still opens
 * the service port only. Put authentication in front of such a service (validate warns).
 */
export const INTERNET_SOURCE = "0.0.0.0/0";

/**
 * The sources the service's load balancer delivers traffic from. Internal: what the cluster reports
 * (ClusterContract.internalLoadBalancerSourceRanges, each cloud's data path explained where it is
 * filled); when it reports nothing, the private address space, which holds every address an
 * internal load balancer can deliver, clients' and nodes' alike. Never 0.0.0.0/0: that admitted
 * every address, pods of other namespaces included where the network plugin matches pod addresses
 * against ipBlocks, and undid the namespace's default-deny.
 */
export function loadBalancerSources(s: ValidService, internal: readonly string[] | undefined): readonly string[] {
  switch (s.expose) {
    case "cluster":
    case "gateway":
      // No load balancer of its own: a separate policy admits the gateway's proxies (gateway-routes.ts).
      return [];
    case "internal":
      return internal ?? PRIVATE_IPV4_RANGES.map((r) => r.cidr);
    case "public":
      return [INTERNET_SOURCE];
    default:
      return unreachable(s.expose);
  }
}

/**
 * A load balancer's traffic reaches pods from outside the namespace (client or node addresses),
 * which a team namespace's default-deny policy drops: admit it from `sources` on the service port
 * only. No sources admits nothing: a rule with an empty `from` would admit every source.
 */
export function loadBalancerPolicySpec(s: ValidService, sources: readonly string[]): k8s.types.input.networking.v1.NetworkPolicySpec {
  const unique = [...new Set(sources)];
  return {
    podSelector: { matchLabels: { ...selectorLabels(s.name) } },
    policyTypes: ["Ingress"],
    ingress: unique.length === 0 ? [] : [{ from: unique.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: s.port }] }],
  };
}
