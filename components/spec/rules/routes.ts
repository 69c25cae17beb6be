/**
 * A service's route through the gateway (`expose: gateway`): its path prefix, a rate limit and a
 * canary; and the checks across services and the `gateway` section.
 */
import type { Exposure, ReplicasSpec, ValidGatewayRoute } from "../types";
import { Mapping, readField, readInteger, readMapping, readString } from "./fields";
import type { GatewayDraft } from "./gateway";
import { checkImage } from "./images";
import { at, Problems } from "./problems";

export const ROUTE_FIELDS = ["path", "rateLimit", "canary"] as const;
export const RATE_LIMIT_FIELDS = ["requestsPerMinute"] as const;
export const CANARY_FIELDS = ["image", "weight"] as const;

/** Longest path prefix: Gateway API's HTTPPathMatch.value is MaxLength 1024 (apis/v1/httproute_types.go, v1.5.1). */
export const ROUTE_PATH_MAX = 1024;

/**
 * One path segment: RFC 3986's unreserved characters, a subset of what Gateway API admits in a
 * PathPrefix match (its CEL rule on HTTPPathMatch, which also refuses "//", "/./", "/../", "%2f"
 * and "#", apis/v1/httproute_types.go, v1.5.1): nothing needs escaping, in the URL or in YAML.
 */
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * Most requests per minute one gateway replica admits for a route: a million a second, far past
 * what one Envoy proxy forwards to a model server; a larger number is a unit slip.
 */
export const MAX_REQUESTS_PER_MINUTE = 60_000_000;

/** A canary takes a share of the route's requests, in whole percent: neither none nor all of them. */
export const CANARY_WEIGHT = { min: 1, max: 99 } as const;

/** What the route's checks need from the rest of the service, each present when it was sound. */
export interface RouteContext {
  readonly expose?: Exposure;
  /** The service gave no `expose`: messages say it is the default. */
  readonly exposeDefaulted: boolean;
  readonly name?: string;
  readonly namespace?: string;
  readonly image?: string;
  readonly replicas?: ReplicasSpec;
}

/**
 * The route as read. `path` is there when it is sound, even if another route field is not, so
 * paths are compared across services in the same run; `route` only when every field is sound.
 */
export interface RouteDraft {
  readonly path?: string;
  /** The spec wrote the path; otherwise it is the default. */
  readonly pathWritten: boolean;
  readonly route?: ValidGatewayRoute;
}

/**
 * The gateway fields of a service: refused unless it has `expose: gateway`, then its route with the
 * path defaulted to `/<namespace>/<name>` and the canary's replicas worked out.
 */
export function checkRoute(obj: Mapping, path: string, ctx: RouteContext, out: Problems): RouteDraft | undefined {
  if (ctx.expose !== "gateway") {
    if (ctx.expose === undefined) return undefined;
    for (const field of ROUTE_FIELDS.filter((f) => readField(obj, f) !== undefined)) {
      out.error(
        at(path, field),
        `applies only to expose: gateway (this service's expose is "${ctx.expose}"${ctx.exposeDefaulted ? ", the default" : ""}); set expose: gateway to serve it through the platform's gateway, or remove ${field}`,
      );
    }
    return undefined;
  }
  const before = out.count;
  const fallback = ctx.namespace !== undefined && ctx.name !== undefined ? `/${ctx.namespace}/${ctx.name}` : undefined;
  const written = readString(obj, "path", path, out);
  const routePath = written === undefined ? (readField(obj, "path") === undefined ? fallback : undefined) : checkRoutePath(written, at(path, "path"), fallback, out);
  const rateLimit = checkRateLimit(readField(obj, "rateLimit"), at(path, "rateLimit"), out);
  const canary = checkCanary(readField(obj, "canary"), at(path, "canary"), ctx, out);
  const pathWritten = written !== undefined;
  if (out.count !== before || routePath === undefined) return { path: routePath, pathWritten };
  return {
    path: routePath,
    pathWritten,
    route: { path: routePath, ...(rateLimit !== undefined ? { rateLimit } : {}), ...(canary !== undefined ? { canary } : {}) },
  };
}

/** A path prefix: "/", then segments joined by single "/", no trailing "/". */
export function checkRoutePath(value: string, path: string, fallback: string | undefined, out: Problems): string | undefined {
  const got = JSON.stringify(value);
  if (!value.startsWith("/")) {
    out.error(path, `must start with "/", got ${got}; write ${JSON.stringify(`/${value.trim().replace(/^\/*/, "")}`)}`);
    return undefined;
  }
  if (/^\/+$/.test(value)) {
    out.error(path, `must name a prefix of its own, not "/" alone, which would take every request on the gateway from the other services; write ${fallback !== undefined ? `"${fallback}" (the default) or ` : ""}a prefix like "/chat"`);
    return undefined;
  }
  if (value.endsWith("/")) {
    out.error(path, `must not end with "/", got ${got}: the gateway strips the prefix and the service sees the rest from its own "/"; write ${JSON.stringify(value.replace(/\/+$/, ""))}`);
    return undefined;
  }
  const segments = value.slice(1).split("/");
  if (!segments.every((s) => PATH_SEGMENT.test(s) && s !== "." && s !== "..")) {
    out.error(path, `must be segments of letters, digits, "-", ".", "_" and "~" joined by single "/" (no "." or ".." segment), got ${got}`);
    return undefined;
  }
  if (value.length > ROUTE_PATH_MAX) {
    out.error(path, `must be at most ${ROUTE_PATH_MAX} characters (Gateway API's limit), got ${value.length}`);
    return undefined;
  }
  return value;
}

function checkRateLimit(value: unknown, path: string, out: Problems): ValidGatewayRoute["rateLimit"] | undefined {
  if (value === undefined || value === null) return undefined;
  const r = readMapping(value, path, "a rate limit", RATE_LIMIT_FIELDS, out);
  if (r === undefined) return undefined;
  const requestsPerMinute = readInteger(r, "requestsPerMinute", path, out, {
    min: 1,
    max: MAX_REQUESTS_PER_MINUTE,
    required: "the requests one gateway replica admits per minute for this service, a whole number of at least 1",
  });
  return requestsPerMinute === undefined ? undefined : { requestsPerMinute };
}

/**
 * The canary's replicas, stated from the service's and the weight: the canary gets the weight's
 * share of the service's replicas, rounded up, and at least one pod, so it can take its share of
 * requests from the start: `min = max(1, ceil(service.min × weight / 100))`, `max = max(1,
 * ceil(service.max × weight / 100))`. `min <= max` follows from the service's `min <= max`.
 */
export function canaryReplicas(service: ReplicasSpec, weight: number): ReplicasSpec {
  const share = (n: number) => Math.max(1, Math.ceil((n * weight) / 100));
  return { min: share(service.min), max: share(service.max) };
}

function checkCanary(value: unknown, path: string, ctx: RouteContext, out: Problems): ValidGatewayRoute["canary"] | undefined {
  if (value === undefined || value === null) return undefined;
  const before = out.count;
  const c = readMapping(value, path, "a canary", CANARY_FIELDS, out);
  if (c === undefined) return undefined;
  const image = readString(c, "image", path, out, { required: 'the image the canary runs, pinned to a tag or digest, e.g. "vllm/vllm-openai:v0.7.0"' });
  if (image !== undefined) checkImage(image, at(path, "image"), out);
  const weight = readInteger(c, "weight", path, out, { ...CANARY_WEIGHT, required: `the percent of the route's requests the canary takes, a whole number from ${CANARY_WEIGHT.min} to ${CANARY_WEIGHT.max}` });
  if (ctx.replicas?.min === 0) {
    out.error(
      path,
      "cannot run next to a service at replicas.min 0: KEDA's HTTP interceptor wakes the service's own Deployment only, so the canary's share of requests would reach pods nobody wakes; set replicas.min to 1, or remove canary",
    );
  }
  if (image !== undefined && image === ctx.image) {
    out.warn(at(path, "image"), `is the service's own image (${JSON.stringify(image)}): the canary runs the same version and tests nothing; give the new image`);
  }
  if (out.count !== before || image === undefined || weight === undefined || ctx.replicas === undefined) return undefined;
  return { image, weight, replicas: canaryReplicas(ctx.replicas, weight) };
}

/** What the checks across services need of each: its path in the spec, exposure and route. */
export interface RoutedService {
  readonly path: string;
  readonly expose?: Exposure;
  readonly route?: RouteDraft;
}

/**
 * Across services and the gateway: `expose: gateway` needs the section; each route has a path of
 * its own, neither equal to another's nor nested in one. Gateway API gives a request to the route
 * with the longest matching prefix, and on a tie to the oldest route (HTTPRouteRule precedence,
 * apis/v1/httproute_types.go, v1.5.1): a repeated path sends the second service nothing, and a
 * nested one takes the outer service's own paths under it, with no error anywhere. A gateway no
 * service uses is a warning: its load balancer costs money and serves nothing.
 */
export function checkGatewayRoutes(services: readonly RoutedService[], gateway: GatewayDraft, out: Problems): void {
  const routed: { readonly path: string; readonly prefix: string }[] = [];
  for (const s of services) {
    if (s.expose === "gateway" && !gateway.present) {
      out.error(at(s.path, "expose"), 'is "gateway", but the spec has no gateway section; add one at the top level (gateway: { hostname: ml.example.com }), or use expose "cluster", "internal" or "public"');
    }
    const mine = s.route?.path;
    if (mine === undefined) continue;
    const where = at(s.path, "path");
    const shown = `"${mine}"${s.route?.pathWritten === true ? "" : " (the default, /<namespace>/<name>)"}`;
    for (const other of routed) {
      const theirs = other.prefix;
      const theirsAt = at(other.path, "path");
      if (mine === theirs) {
        out.error(where, `${shown} is also ${theirsAt}: the gateway gives a path to one route only, and this service would get no requests; give each service its own path`);
      } else if (mine.startsWith(`${theirs}/`)) {
        out.error(
          where,
          `${shown} lies under ${theirsAt} "${theirs}": the gateway sends requests under the longer prefix here, so ${other.path} loses its own paths under "${mine.slice(theirs.length)}"; give the services paths that do not nest`,
        );
      } else if (theirs.startsWith(`${mine}/`)) {
        out.error(
          where,
          `${shown} contains ${theirsAt} "${theirs}": the gateway sends requests under the longer prefix there, so this service loses its own paths under "${theirs.slice(mine.length)}"; give the services paths that do not nest`,
        );
      } else continue;
      break;
    }
    routed.push({ path: s.path, prefix: mine });
  }
  if (gateway.valid !== undefined && !services.some((s) => s.expose === "gateway")) {
    out.warn("gateway", "is set, but no service has expose: gateway: its load balancer and proxies cost money and serve nothing; set expose: gateway on a service, or remove gateway");
  }
}
