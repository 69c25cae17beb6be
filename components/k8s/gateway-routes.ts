/**
 * A service behind the platform's Gateway, as pure objects: its HTTPRoute, the Envoy Gateway
 * policies attached to it, the ReferenceGrant a scale-to-zero route needs, the NetworkPolicy that
 * admits the gateway's proxies, and its canary's Service. ModelService registers them.
 *
 * Sources, read at the pinned tags (2026-12):
 * - Gateway API v1.6.1, apis/v1/httproute_types.go and referencegrant_types.go (the standard CRDs of
 *   HTTPRoute and ReferenceGrant are field for field those of v1.5.1, which the schema package in
 *   the tests models; v1.6.1 only makes ReferenceGrant's `spec` required);
 * - Envoy Gateway v1.9.0, api/v1alpha1 (api_key_auth_types.go, jwt_types.go, ratelimit_types.go),
 *   internal/gatewayapi (securitypolicy.go, validate.go, helpers.go) and internal/xds/translator;
 * - KEDA HTTP add-on v0.12.1, pkg/routing (how the interceptor matches a request's Host).
 */
import type * as k8s from "@pulumi/kubernetes";
import type { SpecProblem, ValidService } from "../spec/types";
import { DRAIN_SECONDS } from "./defaults";
import { PORT_NAME, Track, proxyHost, scalerKind, trackName, trackSelector } from "./model-service-objects";
import { namespaceSelector } from "./namespace-policies";
import type { GatewayRef, HttpScalingRef } from "./refs";
import { unreachable } from "./scheduling";
import { podReadySeconds } from "./timeouts";
import { workloadPath } from "./validate";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
/** HTTPRoute and ReferenceGrant: v1 is served by the v1.6.1 CRDs (ReferenceGrant's v1 since v1.5, next to v1beta1). */
export const GATEWAY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;
export const ENVOY_GATEWAY_GROUP = "gateway.envoyproxy.io";
export const ENVOY_GATEWAY_API_VERSION = `${ENVOY_GATEWAY_GROUP}/v1alpha1`;

/**
 * Where a route's API key is read, first match wins: `x-api-key`, then `Authorization`, so
 * OpenAI-compatible clients work unchanged (they send `Authorization: Bearer <key>`). Envoy's
 * api_key_auth filter, which Envoy Gateway configures with one key source per header in this
 * order (internal/xds/translator/api_key_auth.go), drops a leading "Bearer " from any header
 * before comparing (envoyproxy/envoy source/extensions/filters/http/api_key_auth/api_key_auth.cc,
 * KeySources::Source::getKey; Envoy Gateway v1.9.0 runs Envoy v1.39.0, api/v1alpha1/shared_types.go).
 */
export const API_KEY_HEADERS: readonly string[] = Object.freeze(["x-api-key", "authorization"]);

/** The JWT provider's name in the SecurityPolicy (any name unique in the policy). */
export const JWT_PROVIDER_NAME = "platform";

/** Gateway API's largest Duration number: `^([0-9]{1,5}(h|m|s|ms)){1,4}$` (shared_types.go). */
const MAX_DURATION_NUMBER = 99999;
/** BackendTrafficPolicy `limit.requests`: a uint32 (ratelimit_types.go, RateLimitValue). */
const MAX_RATE_LIMIT_REQUESTS = 4294967295;

// ---------------------------------------------------------------------------------------------
// Problems

/**
 * What routing the service through the gateway needs of ModelService's arguments: a GatewayRef,
 * a route exactly when `expose` is "gateway", and a route the objects below can carry. validateSpec
 * refuses all of it earlier for a spec; these are for a component built by hand.
 */
export function checkGatewayRoute(s: ValidService, gateway: GatewayRef | undefined, out: SpecProblem[]): void {
  const path = workloadPath(s);
  if (s.expose !== "gateway") {
    if (s.route !== undefined) out.push({ path: `${path}.route`, message: `applies only to expose "gateway", and ${s.key} has expose "${s.expose}"; drop route or set expose to "gateway"` });
    return;
  }
  if (gateway === undefined) {
    out.push({
      path: "gateway",
      message: `is required for ${s.key}, whose expose is "gateway": pass the platform's Gateway (MlPlatform creates it from the spec's gateway section), or set ${path}.expose to "cluster"`,
    });
  } else {
    if (Object.keys(gateway.proxyLabels).length === 0) {
      out.push({ path: "gateway.proxyLabels", message: `must name the labels of the gateway's Envoy proxies, got none: ${s.key}'s NetworkPolicy would admit every pod of namespace ${gateway.proxyNamespace}` });
    }
    if (gateway.auth?.apiKeySecret !== undefined && gateway.auth.jwt !== undefined) {
      out.push({ path: "gateway.auth", message: "sets both apiKeySecret and jwt; a gateway authenticates with one of them, so pass only the one the spec's gateway.auth names" });
    }
  }
  const route = s.route;
  if (route === undefined) {
    out.push({ path: `${path}.route`, message: `is missing: ${s.key} has expose "gateway", which needs its route (path, rateLimit, canary); validateSpec fills it in, a hand-built service must set it` });
    return;
  }
  if (!route.path.startsWith("/") || (route.path !== "/" && route.path.endsWith("/"))) {
    out.push({ path: `${path}.path`, message: `must start with "/" and not end with "/" (the gateway strips it as a whole prefix), got ${JSON.stringify(route.path)}` });
  }
  const limit = route.rateLimit?.requestsPerMinute;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_RATE_LIMIT_REQUESTS)) {
    out.push({ path: `${path}.rateLimit.requestsPerMinute`, message: `must be a whole number from 1 to ${MAX_RATE_LIMIT_REQUESTS}, got ${limit}` });
  }
  const canary = route.canary;
  if (canary === undefined) return;
  if (scalerKind(s) === "http-scaled-object") {
    out.push({
      path: `${path}.canary`,
      message: `cannot run beside a service at replicas.min 0: its route goes through the KEDA HTTP interceptor, which sends every request to the one Deployment it scales; set replicas.min to 1 or drop canary`,
    });
  }
  if (!Number.isInteger(canary.weight) || canary.weight < 1 || canary.weight > 99) {
    out.push({ path: `${path}.canary.weight`, message: `must be a whole percentage from 1 to 99, got ${canary.weight}` });
  }
  const { min, max } = canary.replicas;
  if (!Number.isInteger(min) || min < 1 || !Number.isInteger(max) || max < min) {
    out.push({ path: `${path}.canary.replicas`, message: `must be whole numbers with 1 <= min <= max, got min ${min} and max ${max}` });
  }
}

// ---------------------------------------------------------------------------------------------
// The route

/** The service's route; a bug to ask of a service without one (the component checks first). */
function routeOf(s: ValidService): NonNullable<ValidService["route"]> {
  if (s.route === undefined) throw new Error(`bug: ${s.key} is routed through the gateway without a route`);
  return s.route;
}

/** The service's address through the gateway: the platform's URL and the route's path. */
export function gatewayUrl(s: ValidService, gateway: GatewayRef): string {
  const path = routeOf(s).path;
  return path === "/" ? `${gateway.url}/` : `${gateway.url}${path}`;
}

/**
 * How long the gateway waits for the whole response (HTTPRoute `timeouts.request`). Without it
 * Envoy cuts every request at 15 s (gateway.envoyproxy.io "HTTP Timeouts"; Envoy's route timeout
 * spans until the response is complete, so a streamed answer counts whole): an LLM answer runs
 * longer. A running service gets as long as a replica is allowed to finish a request
 * (DRAIN_SECONDS); a scale-to-zero one first waits at the interceptor while it wakes (a node, the
 * image, the model: podReadySeconds), as the interceptor itself does (addons.ts).
 */
export function routeTimeoutSeconds(s: ValidService): number {
  const scaler = scalerKind(s);
  switch (scaler) {
    case "hpa":
      return DRAIN_SECONDS;
    case "http-scaled-object":
      return podReadySeconds(s) + DRAIN_SECONDS;
    default:
      return unreachable(scaler);
  }
}

/** A Gateway API Duration: whole seconds, or whole minutes rounded up past 99999 s. */
export function gatewayDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  return whole <= MAX_DURATION_NUMBER ? `${whole}s` : `${Math.ceil(whole / 60)}m`;
}

/**
 * Where the route sends requests. A running service: its own Service, or with a canary both
 * tracks' Services weighted `100 - weight` and `weight` (HTTPBackendRef weights are proportions).
 * A scale-to-zero service: the KEDA HTTP interceptor's proxy Service in its own namespace, which
 * holds the request while the service wakes, allowed by interceptorGrantSpec.
 */
export function routeBackends(s: ValidService, http: HttpScalingRef | undefined): Record<string, unknown>[] {
  const service = (name: string) => ({ group: "", kind: "Service", name, port: s.port });
  const scaler = scalerKind(s);
  switch (scaler) {
    case "hpa": {
      const canary = routeOf(s).canary;
      if (canary === undefined) return [service(s.name)];
      return [
        { ...service(trackName(s, "stable")), weight: 100 - canary.weight },
        { ...service(trackName(s, "canary")), weight: canary.weight },
      ];
    }
    case "http-scaled-object":
      if (http === undefined) throw new Error(`bug: ${s.key} scales from zero without the HTTP add-on`);
      return [{ group: "", kind: "Service", name: http.interceptorService, namespace: http.namespace, port: http.interceptorPort }];
    default:
      return unreachable(scaler);
  }
}

/**
 * The HTTPRoute: attached to the Gateway's HTTPS listener for its one hostname, matching the
 * route's path as a prefix (whole path segments) and replacing it with "/", since a model server
 * serves `/v1/...` at its root. For a scale-to-zero service the rewrite also sets the Host the
 * interceptor routes by (`urlRewrite.hostname`, which Envoy Gateway turns into Envoy's
 * host_rewrite_literal, replacing the whole Host, port included: internal/xds/translator/route.go;
 * it refuses a Host set by RequestHeaderModifier: internal/gatewayapi/filters.go
 * isModifiableHeader). The interceptor drops any port from the Host before matching (http-add-on
 * v0.12.1 pkg/routing/key.go stripPort, table.go Route), so the host matches the
 * HTTPScaledObject's hosts (proxyHosts) either way.
 * One rule with one PathPrefix match: the CRD's CEL rule for ReplacePrefixMatch asks exactly that.
 */
export function httpRouteSpec(s: ValidService, gateway: GatewayRef, http: HttpScalingRef | undefined): Record<string, unknown> {
  const route = routeOf(s);
  const wakes = scalerKind(s) === "http-scaled-object";
  return {
    parentRefs: [{ group: GATEWAY_API_GROUP, kind: "Gateway", namespace: gateway.namespace, name: gateway.name, sectionName: gateway.httpsListener }],
    hostnames: [gateway.hostname],
    rules: [
      {
        matches: [{ path: { type: "PathPrefix", value: route.path } }],
        filters: [
          {
            type: "URLRewrite",
            urlRewrite: { ...(wakes ? { hostname: proxyHost(s) } : {}), path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } },
          },
        ],
        backendRefs: routeBackends(s, http),
        timeouts: { request: gatewayDuration(routeTimeoutSeconds(s)) },
      },
    ],
  };
}

/**
 * A route in the service's namespace may send to the interceptor's Service in another namespace
 * only when a ReferenceGrant there allows it. One per service, named `<namespace>.<name>` (dots
 * cannot occur in either label, so two services never share a name), so each is created and
 * deleted with its own route and no service owns another's grant. It grants the HTTPRoutes of
 * the namespace that one Service and nothing else; any pod of the cluster can already call the
 * interceptor, whose routing table is cluster-wide.
 */
export function interceptorGrant(s: ValidService, http: HttpScalingRef): { name: string; namespace: string; spec: Record<string, unknown> } {
  return {
    name: `${s.namespace}.${s.name}`,
    namespace: http.namespace,
    spec: {
      from: [{ group: GATEWAY_API_GROUP, kind: "HTTPRoute", namespace: s.namespace }],
      to: [{ group: "", kind: "Service", name: http.interceptorService }],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Policies (Envoy Gateway), attached to the route in its namespace

function targetRoute(s: ValidService): Record<string, unknown>[] {
  return [{ group: GATEWAY_API_GROUP, kind: "HTTPRoute", name: s.name }];
}

/**
 * The route's SecurityPolicy, or none when the gateway has no authentication. API keys: the
 * Gateway's Secret (client name -> key) in the gateway's namespace; Envoy Gateway follows a
 * credentialRef to another namespace only when a ReferenceGrant there lets SecurityPolicies of the
 * route's namespace read that Secret (apiKeySecretGrantSpec; validateSecretObjectRef with
 * cross-namespace allowed, from {gateway.envoyproxy.io, SecurityPolicy}). The key never reaches the
 * model server (`sanitize` drops the headers it was read from). JWT: the issuer's remote JWKS,
 * read from `Authorization: Bearer` by default.
 */
export function securityPolicySpec(s: ValidService, gateway: GatewayRef): Record<string, unknown> | undefined {
  const auth = gateway.auth;
  if (auth?.apiKeySecret !== undefined) {
    return {
      targetRefs: targetRoute(s),
      apiKeyAuth: {
        credentialRefs: [{ group: "", kind: "Secret", name: auth.apiKeySecret, namespace: gateway.namespace }],
        extractFrom: [{ headers: [...API_KEY_HEADERS] }],
        sanitize: true,
      },
    };
  }
  if (auth?.jwt !== undefined) {
    return {
      targetRefs: targetRoute(s),
      jwt: { providers: [{ name: JWT_PROVIDER_NAME, issuer: auth.jwt.issuer, remoteJWKS: { uri: auth.jwt.jwksUri } }] },
    };
  }
  return undefined;
}

/**
 * The ReferenceGrant the Gateway's namespace needs so the routes' SecurityPolicies may read its
 * API-key Secret: from SecurityPolicies of each namespace with a gateway-exposed service, to that
 * one Secret. The Gateway component creates it (it owns the Secret and its namespace).
 */
export function apiKeySecretGrantSpec(secretName: string, routeNamespaces: readonly string[]): Record<string, unknown> {
  return {
    from: [...new Set(routeNamespaces)].sort().map((namespace) => ({ group: ENVOY_GATEWAY_GROUP, kind: "SecurityPolicy", namespace })),
    to: [{ group: "", kind: "Secret", name: secretName }],
  };
}

/**
 * The route's local rate limit, or none: `requestsPerMinute` for the route as a whole (both tracks
 * of a canary), counted by each gateway replica on its own (Envoy's local rate limit; a global
 * limit needs a shared rate-limit service). `rateLimit.local`, not the deprecated `type: Local`.
 */
export function backendTrafficPolicySpec(s: ValidService): Record<string, unknown> | undefined {
  const limit = routeOf(s).rateLimit;
  if (limit === undefined) return undefined;
  return { targetRefs: targetRoute(s), rateLimit: { local: { rules: [{ limit: { requests: limit.requestsPerMinute, unit: "Minute" } }] } } };
}

// ---------------------------------------------------------------------------------------------
// Network policy and the canary's Service

/**
 * The gateway's proxies reach a running service's pods directly (Envoy Gateway routes to the
 * endpoints, not the ClusterIP), from their own namespace, which the team namespace's default-deny
 * policy drops: admit exactly them (namespace and pod labels together, one peer) on the service
 * port, to both tracks' pods. Never an address block. A scale-to-zero service needs none: its
 * traffic arrives from the interceptor, which the namespace already admits (namespace-policies.ts).
 */
export function gatewayPolicySpec(s: ValidService, gateway: GatewayRef): k8s.types.input.networking.v1.NetworkPolicySpec | undefined {
  if (scalerKind(s) === "http-scaled-object") return undefined;
  const tracks: Track[] = routeOf(s).canary !== undefined ? ["stable", "canary"] : ["stable"];
  const podSelector =
    tracks.length === 1
      ? { matchLabels: { ...trackSelector(s, "stable") } }
      : {
          matchLabels: { "app.kubernetes.io/name": s.name },
          matchExpressions: [{ key: "app.kubernetes.io/instance", operator: "In", values: tracks.map((t) => trackName(s, t)) }],
        };
  return {
    podSelector,
    policyTypes: ["Ingress"],
    ingress: [
      {
        from: [{ ...namespaceSelector(gateway.proxyNamespace), podSelector: { matchLabels: { ...gateway.proxyLabels } } }],
        ports: [{ protocol: "TCP", port: s.port }],
      },
    ],
  };
}

/** The canary's own ClusterIP Service, selecting only canary pods: the route's second backend. */
export function canaryServiceSpec(s: ValidService): k8s.types.input.core.v1.ServiceSpec {
  return {
    type: "ClusterIP",
    selector: { ...trackSelector(s, "canary") },
    ports: [{ name: PORT_NAME, port: s.port, targetPort: PORT_NAME, protocol: "TCP" }],
  };
}
