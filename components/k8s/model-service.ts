/**
 * ModelService: one model server on its planned GPU pool, with the Deployment, Service, scaler and
 * disruption budget a production GPU cluster needs.
 *
 * ## Scaling to zero and the cold start (README-ready)
 *
 * A service with `replicas.min: 0` costs nothing while idle: no pod runs, and the autoscaler
 * removes its GPU nodes. Traffic reaches it through the KEDA HTTP add-on's interceptor, which
 * holds the first request while the service wakes:
 *
 * 1. KEDA sees the request and scales the Deployment from 0 to 1 (seconds);
 * 2. the pod is Pending until the cluster autoscaler adds a GPU node (typically 3-10 minutes,
 *    at most `--max-node-provision-time`, 15 minutes by default, driver start-up included);
 * 3. the node pulls the serving image (minutes for a multi-GB CUDA image);
 * 4. the server loads the model (up to `health.startupSeconds`).
 *
 * The first request after an idle period therefore waits minutes, not seconds. The interceptor
 * holds it for as long as the slowest scale-to-zero service of the cluster takes to wake (node,
 * image, startupSeconds: ClusterAddons sets this), so clients must use timeouts at least as long
 * or retry, and latency-sensitive services should keep `replicas.min: 1`.
 *
 * Its own Service never wakes it: requests must go through the interceptor, which routes by the
 * Host header (hosts and path prefixes of the HTTPScaledObject: kedacore/http-add-on
 * docs/ref/v0.12.1/http_scaled_object.md). Callers in the cluster send
 * `Host: <name>-proxy.<namespace>` to the interceptor's proxy Service (the `endpoint` output), or
 * call `http://<name>-proxy.<namespace>:8080`, an alias of the interceptor whose name is that host.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterContract } from "../cluster/contract";
import type { SpecProblem, ValidService } from "../spec/types";
import {
  ENVOY_GATEWAY_API_VERSION,
  GATEWAY_API_VERSION,
  backendTrafficPolicySpec,
  canaryServiceSpec,
  checkGatewayRoute,
  gatewayPolicySpec,
  gatewayUrl,
  httpRouteSpec,
  interceptorGrant,
  securityPolicySpec,
} from "./gateway-routes";
import {
  Track,
  deploymentSpec,
  hpaSpec,
  httpScaledObjectSpec,
  loadBalancerPolicySpec,
  loadBalancerSources,
  pdbSpec,
  proxyHost,
  proxyServiceSpec,
  scalerKind,
  serviceLabels,
  serviceMonitorSpec,
  serviceObjectNames,
  serviceSpecOf,
  trackName,
  trackWorkload,
} from "./model-service-objects";
import { dependencyList, k8sOptions } from "./options";
import type { AddonsRef, GatewayRef, HttpScalingRef, MonitoringRef } from "./refs";
import { workloadPlacement } from "./scheduling";
import { serviceTimeouts } from "./timeouts";
import { throwIfProblems } from "../bad-input";
import { checkNames, checkPool, checkScaling, checkSecretValues, checkServiceShape } from "./validate";
import { accountMetadata, checkIdentity, workloadIdentity } from "./identity";

/** How a client in the cluster reaches a model service. */
export interface ServiceEndpoint {
  /** Where to send requests: the service's own Service, or for a scale-to-zero service the KEDA HTTP interceptor. */
  readonly url: string;
  /**
   * The Host header requests must carry, for a scale-to-zero service: the interceptor routes by
   * it, and holds the request while the service wakes.
   * @default - none needed: the url reaches the service's pods directly
   */
  readonly host?: string;
}

export interface ModelServiceArgs {
  readonly contract: ClusterContract;
  /** The validated service from the spec. */
  readonly service: ValidService;
  /**
   * The pool the capacity plan assigned (`plan.workloads[].pool`): a GPU pool, or a CPU pool for
   * a workload without GPUs. Required with a GPU request.
   * @default - the system pool, for a hand-built workload without GPUs
   */
  readonly pool?: string;
  /**
   * A spot workload's on-demand fallback pool (`plan.workloads[].fallbackPool`): its pods may run
   * on either pool, and the cluster's autoscaler prefers the spot one.
   * @default - none: the pods run on `pool` only
   */
  readonly fallbackPool?: string;
  /** The cluster add-ons: PriorityClasses, the HTTP add-on for scale-to-zero, the metrics adapter. */
  readonly addons: AddonsRef;
  /**
   * The monitoring stack: with it, a ServiceMonitor scrapes the server's `/metrics`.
   * @default - no scrape target
   */
  readonly monitoring?: MonitoringRef;
  /**
   * The values of `service.secretEnv`, by environment variable: secret outputs, e.g. from
   * `config.requireSecret(service.secretEnv[name])`. They go into a Kubernetes Secret the pod
   * references, never into the Deployment.
   * @default - none (required when the service has secretEnv)
   */
  readonly secretValues?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The platform's Gateway, for a service with `expose: "gateway"`: the service gets an HTTPRoute
   * at its path, the gateway's authentication and its rate limit as policies on that route, a
   * NetworkPolicy admitting the gateway's proxies, and with `canary` a second Deployment.
   * @default - none (required when `service.expose` is "gateway")
   */
  readonly gateway?: GatewayRef;
}

/** Every problem with a ModelService's arguments (pure: tests call it directly). */
export function modelServiceProblems(args: ModelServiceArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  checkNames(args.service, problems);
  checkPool(args.contract, args.service, args.pool, problems, args.fallbackPool);
  checkServiceShape(args.service, problems);
  checkScaling(args.service, args.addons, problems);
  checkSecretValues(args.service, args.secretValues, problems);
  checkIdentity(args.contract, args.service, problems);
  checkGatewayRoute(args.service, args.gateway, problems);
  return problems;
}

/**
 * A model server: Deployment (no replica count: its scaler owns it), Service, HorizontalPodAutoscaler
 * or KEDA HTTPScaledObject, PodDisruptionBudget, its own ServiceAccount, a Secret for `secretEnv`
 * and, with monitoring, a ServiceMonitor. Pulumi waits for the Deployment as long as its pods can
 * really take: a GPU node, the image pull, `health.startupSeconds`, per rollout wave (timeouts.ts).
 * Behind the gateway, also its HTTPRoute, policies and NetworkPolicy (gateway-routes.ts), and with
 * a canary the canary's Deployment, Service, HPA, budget and scrape target.
 */
export class ModelService extends pulumi.ComponentResource {
  /**
   * How to call the service in the cluster: `http://<name>.<namespace>.svc.cluster.local:<port>`,
   * or at `replicas.min: 0` the interceptor's proxy Service with the Host header it routes by.
   */
  readonly endpoint: ServiceEndpoint;
  /**
   * The service's address through the platform's Gateway, `https://<hostname><path>`, with
   * `expose: gateway`; a scale-to-zero service wakes on its first request there too.
   */
  readonly gatewayUrl?: string;
  readonly deployment: k8s.apps.v1.Deployment;

  constructor(name: string, args: ModelServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfProblems(modelServiceProblems(args), `ModelService "${args.service.key}"`);
    super("ml-clusters:k8s:ModelService", name, {}, opts);

    const { contract, service: s } = args;
    const names = serviceObjectNames(s);
    const labels = { ...serviceLabels(s) };
    const meta = (objectName: string) => ({ name: objectName, namespace: s.namespace, labels });
    const waitFor = [...contract.ready, ...args.addons.ready, ...dependencyList(opts?.dependsOn)];
    const opt = (extra: Parameters<typeof k8sOptions>[2] = {}) => k8sOptions(contract, this, { ...extra, dependsOn: [...waitFor, ...(extra.dependsOn ?? [])] });

    const identity = workloadIdentity(contract, `${name}-identity`, s, names.workload, this);
    const account = new k8s.core.v1.ServiceAccount(
      `${name}-account`,
      { metadata: accountMetadata(meta(names.workload), identity), automountServiceAccountToken: false },
      opt(),
    );

    let secret: k8s.core.v1.Secret | undefined;
    if (Object.keys(s.secretEnv).length > 0) {
      const values = args.secretValues ?? {};
      secret = new k8s.core.v1.Secret(
        `${name}-env`,
        { metadata: meta(names.secret), type: "Opaque", stringData: pulumi.secret(Object.fromEntries(Object.keys(s.secretEnv).map((k) => [k, values[k]]))) },
        opt(),
      );
    }

    const scaler = scalerKind(s);
    const placement = workloadPlacement(contract, args.pool, args.fallbackPool);
    // Both tracks run as the service's ServiceAccount, with its identity and Secret.
    const deploymentOf = (resourceName: string, track: Track) =>
      new k8s.apps.v1.Deployment(
        resourceName,
        {
          metadata: { name: trackName(s, track), namespace: s.namespace, labels: { ...serviceLabels(s, track) } },
          spec: deploymentSpec({
            service: s,
            placement,
            priorityClassName: args.addons.priorityClasses.serving,
            secretName: secret !== undefined ? names.secret : undefined,
            podLabels: identity.podLabels,
            track,
          }),
        },
        opt({
          // A pod started before its identity's grants exist fails its first reads.
          dependsOn: [account, ...identity.ready, ...(secret !== undefined ? [secret] : [])],
          // The scaler owns the replica count; Pulumi must not reset it on every up.
          ignoreChanges: ["spec.replicas"],
          customTimeouts: serviceTimeouts(trackWorkload(s, track)),
        }),
      );
    this.deployment = deploymentOf(`${name}-deployment`, "stable");

    const svc = serviceSpecOf(s, contract);
    const service = new k8s.core.v1.Service(`${name}-service`, { metadata: { ...meta(names.workload), annotations: svc.annotations }, spec: svc.spec }, opt());
    if (s.expose === "internal" || s.expose === "public") {
      const internal: pulumi.Input<readonly string[] | undefined> = contract.internalLoadBalancerSourceRanges;
      const spec = pulumi.output(internal).apply((ranges) => loadBalancerPolicySpec(s, loadBalancerSources(s, ranges)));
      new k8s.networking.v1.NetworkPolicy(`${name}-allow-lb`, { metadata: meta(names.loadBalancerPolicy), spec }, opt());
    }

    switch (scaler) {
      case "hpa":
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, { metadata: meta(names.workload), spec: hpaSpec(s) }, opt({ dependsOn: [this.deployment] }));
        break;
      case "http-scaled-object": {
        const http = args.addons.httpScaling;
        if (http === undefined) throw new Error(`bug: ${s.key} scales from zero without the HTTP add-on`);
        new k8s.apiextensions.CustomResource(
          `${name}-http-scaler`,
          { apiVersion: "http.keda.sh/v1alpha1", kind: "HTTPScaledObject", metadata: meta(names.workload), spec: httpScaledObjectSpec(s) },
          opt({ dependsOn: [this.deployment, ...http.ready] }),
        );
        new k8s.core.v1.Service(`${name}-proxy`, { metadata: meta(names.proxy), spec: proxyServiceSpec(http) }, opt());
        break;
      }
      default: {
        const never: never = scaler;
        throw new Error(`unreachable scaler ${String(never)}`);
      }
    }

    new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, { metadata: meta(names.workload), spec: pdbSpec(s) }, opt());

    if (args.monitoring !== undefined) {
      new k8s.apiextensions.CustomResource(
        `${name}-scrape`,
        { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: meta(names.workload), spec: serviceMonitorSpec(s) },
        opt({ dependsOn: [...args.monitoring.ready] }),
      );
    }

    const backends: pulumi.Resource[] = [service];
    if (s.route?.canary !== undefined) {
      // A second Deployment of another image beside the service, on the same pool, with its own
      // Service (the route's second backend), HPA on the same signal, budget and scrape target.
      const canaryMeta = { name: names.canary, namespace: s.namespace, labels: { ...serviceLabels(s, "canary") } };
      const canary = deploymentOf(`${name}-canary-deployment`, "canary");
      backends.push(new k8s.core.v1.Service(`${name}-canary-service`, { metadata: canaryMeta, spec: canaryServiceSpec(s) }, opt()));
      new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-canary-hpa`, { metadata: canaryMeta, spec: hpaSpec(s, "canary") }, opt({ dependsOn: [canary] }));
      new k8s.policy.v1.PodDisruptionBudget(`${name}-canary-pdb`, { metadata: canaryMeta, spec: pdbSpec(s, "canary") }, opt());
      if (args.monitoring !== undefined) {
        new k8s.apiextensions.CustomResource(
          `${name}-canary-scrape`,
          { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: canaryMeta, spec: serviceMonitorSpec(s, "canary") },
          opt({ dependsOn: [...args.monitoring.ready] }),
        );
      }
    }

    if (s.expose === "gateway") {
      const gateway = args.gateway;
      if (gateway === undefined) throw new Error(`bug: ${s.key} is exposed through the gateway without one`);
      this.gatewayUrl = this.routeThroughGateway(name, s, gateway, scaler === "http-scaled-object" ? args.addons.httpScaling : undefined, backends, opt);
    }

    this.endpoint = serviceEndpoint(s, args.addons.httpScaling);
    this.registerOutputs({ endpoint: this.endpoint, gatewayUrl: this.gatewayUrl });
  }

  /**
   * The service's HTTPRoute, the policies on it and the NetworkPolicy for the gateway's proxies.
   * The policies exist before the route, so the route never serves a request unauthenticated or
   * unlimited, and Envoy Gateway fails a route closed (a 500) while its SecurityPolicy is invalid,
   * e.g. before the API-key Secret's grant exists (internal/gatewayapi/securitypolicy.go, v1.9.0).
   */
  private routeThroughGateway(
    name: string,
    s: ValidService,
    gateway: GatewayRef,
    http: HttpScalingRef | undefined,
    backends: readonly pulumi.Resource[],
    opt: (extra?: Parameters<typeof k8sOptions>[2]) => pulumi.CustomResourceOptions,
  ): string {
    const labels = { ...serviceLabels(s) };
    const meta = { name: s.name, namespace: s.namespace, labels };
    const crds = [...gateway.ready];
    const policies: pulumi.Resource[] = [];
    const security = securityPolicySpec(s, gateway);
    if (security !== undefined) {
      policies.push(
        new k8s.apiextensions.CustomResource(`${name}-auth`, { apiVersion: ENVOY_GATEWAY_API_VERSION, kind: "SecurityPolicy", metadata: meta, spec: security }, opt({ dependsOn: crds })),
      );
    }
    const traffic = backendTrafficPolicySpec(s);
    if (traffic !== undefined) {
      policies.push(
        new k8s.apiextensions.CustomResource(`${name}-rate-limit`, { apiVersion: ENVOY_GATEWAY_API_VERSION, kind: "BackendTrafficPolicy", metadata: meta, spec: traffic }, opt({ dependsOn: crds })),
      );
    }
    const targets: pulumi.Resource[] = [...backends];
    if (http !== undefined) {
      const grant = interceptorGrant(s, http);
      targets.push(
        new k8s.apiextensions.CustomResource(
          `${name}-interceptor-grant`,
          { apiVersion: GATEWAY_API_VERSION, kind: "ReferenceGrant", metadata: { name: grant.name, namespace: grant.namespace, labels }, spec: grant.spec },
          opt({ dependsOn: [...crds, ...http.ready] }),
        ),
      );
    }
    new k8s.apiextensions.CustomResource(
      `${name}-route`,
      { apiVersion: GATEWAY_API_VERSION, kind: "HTTPRoute", metadata: meta, spec: httpRouteSpec(s, gateway, http) },
      opt({ dependsOn: [...crds, ...policies, ...targets] }),
    );
    const allow = gatewayPolicySpec(s, gateway);
    if (allow !== undefined) {
      new k8s.networking.v1.NetworkPolicy(`${name}-allow-gateway`, { metadata: { ...meta, name: serviceObjectNames(s).gatewayPolicy }, spec: allow }, opt());
    }
    return gatewayUrl(s, gateway);
  }
}

/**
 * The address that reaches the service's pods, waking them when they are at zero: the Service
 * itself, or the interceptor's proxy Service with the Host header of the service's route.
 */
export function serviceEndpoint(s: ValidService, http: HttpScalingRef | undefined): ServiceEndpoint {
  if (scalerKind(s) === "hpa") return { url: `http://${s.name}.${s.namespace}.svc.cluster.local:${s.port}` };
  if (http === undefined) throw new Error(`bug: ${s.key} scales from zero without the HTTP add-on`);
  return { url: `http://${http.interceptorService}.${http.namespace}.svc.cluster.local:${http.interceptorPort}`, host: proxyHost(s) };
}
