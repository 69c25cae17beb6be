/** Model-serving services: a workload with a port, replicas, one scaling signal, health checks and an exposure. */
import { DEFAULT_ENGINE, parseEngineVersion, SERVING_ENGINES } from "../../catalog/engines";
import type { Exposure, ServingEngine, ValidService } from "../types";
import { DEFAULT_EXPOSE, DEFAULT_STARTUP_SECONDS, MAX_STARTUP_SECONDS, MIN_SPOT_REPLICAS, MIN_STARTUP_SECONDS } from "../defaults";
import { readEnum, readField, readInteger, readMapping, readString } from "./fields";
import type { Placement } from "./gpu";
import { checkLabel, DNS_LABEL_MAX, SERVICE_NAME_MAX } from "./names";
import { at, Problems } from "./problems";
import { checkRoute, ROUTE_FIELDS, RouteDraft } from "./routes";
import { checkAutoscaling, checkReplicas } from "./scaling";
import { readWorkload, WORKLOAD_FIELDS, WorkloadDraft } from "./workload";

export const SERVICE_FIELDS = [...WORKLOAD_FIELDS, "port", "replicas", "autoscaling", "health", "engine", "engineVersion", "expose", ...ROUTE_FIELDS] as const;
export const HEALTH_FIELDS = ["path", "startupSeconds"] as const;
export const EXPOSURES: readonly Exposure[] = ["cluster", "internal", "public", "gateway"];

/** A service as read: the parts of ValidService that were sound. */
export interface ServiceDraft extends WorkloadDraft {
  readonly kind: "service";
  readonly port?: number;
  readonly replicas?: ValidService["replicas"];
  readonly autoscaling?: ValidService["autoscaling"];
  readonly health?: ValidService["health"];
  readonly engine?: ServingEngine;
  readonly engineVersion?: string;
  readonly expose?: Exposure;
  /** `expose: gateway` only: the route, when its fields were sound. */
  readonly route?: RouteDraft;
}

export function checkService(value: unknown, index: number, where: Placement, out: Problems): ServiceDraft | undefined {
  const path = `services[${index}]`;
  const obj = readMapping(value, path, "a service", SERVICE_FIELDS, out);
  if (obj === undefined) return undefined;
  const common = readWorkload(obj, path, where, out);
  const nameOk =
    common.name !== undefined &&
    checkLabel(common.name, at(path, "name"), {
      max: SERVICE_NAME_MAX,
      startWithLetter: true,
      why: ` so the objects named after it ("<name>-<suffix>") stay within ${DNS_LABEL_MAX}`,
    }, out);
  const port = readInteger(obj, "port", path, out, { min: 1, max: 65_535, required: "the port the container listens on, a whole number from 1 to 65535" });
  const replicasPath = at(path, "replicas");
  const replicas = checkReplicas(readField(obj, "replicas"), replicasPath, out);
  const engine = readEnum(obj, "engine", path, out, SERVING_ENGINES) ?? (readField(obj, "engine") === undefined ? DEFAULT_ENGINE : undefined);
  const engineVersion = readString(obj, "engineVersion", path, out);
  if (engineVersion !== undefined && parseEngineVersion(engineVersion) === undefined) {
    out.error(at(path, "engineVersion"), `must be a release number such as "0.9.2" or "v0.9.2", got ${JSON.stringify(engineVersion)}`);
  }
  const autoscaling = checkAutoscaling(readField(obj, "autoscaling"), at(path, "autoscaling"), { replicas, hasGpu: common.hasGpu, replicasPath, engine }, out);
  const health = checkHealth(readField(obj, "health"), at(path, "health"), out);
  const expose = readEnum(obj, "expose", path, out, EXPOSURES) ?? (readField(obj, "expose") === undefined ? DEFAULT_EXPOSE : undefined);
  // Through the gateway a service at zero is still reached: its route goes to the KEDA interceptor.
  if ((expose === "internal" || expose === "public") && replicas?.min === 0) {
    out.error(at(path, "expose"), zeroScaleExposureMessage(expose));
  } else if (expose === "public") {
    out.warn(at(path, "expose"), "is public: the service is reachable from the internet through its own load balancer, with no TLS or authentication; use expose: gateway with gateway.auth, or internal");
  }
  if (common.spot === true && replicas !== undefined && replicas.min < MIN_SPOT_REPLICAS) {
    out.error(
      at(path, "spot"),
      `needs replicas.min of at least ${MIN_SPOT_REPLICAS}, got ${replicas.min}: the cloud can reclaim a spot node at short notice, and with fewer replicas the service is down until the fallback pool has a node; raise replicas.min to ${MIN_SPOT_REPLICAS} or remove spot`,
    );
  }
  const route = checkRoute(obj, path, { expose, exposeDefaulted: readField(obj, "expose") === undefined, name: nameOk ? common.name : undefined, namespace: common.namespace, image: common.image, replicas }, out);
  return { ...common, kind: "service", name: nameOk ? common.name : undefined, port, replicas, autoscaling, health, engine, ...(engineVersion !== undefined ? { engineVersion } : {}), expose, route };
}

/**
 * Why a load balancer cannot front a service that scales to zero: it would send traffic to zero
 * pods, and only KEDA's HTTP interceptor, which sees requests while no pod runs, can wake it.
 */
export function zeroScaleExposureMessage(expose: Exposure): string {
  return `"${expose}" gives a load balancer that would send traffic to zero pods and never wake them: at replicas.min 0 requests must enter through the KEDA HTTP interceptor; use expose "gateway" (its route goes through the interceptor) or "cluster", or set replicas.min to 1`;
}

/** `health: { path, startupSeconds }`; absent path means a TCP check on the port. */
export function checkHealth(value: unknown, path: string, out: Problems): ValidService["health"] | undefined {
  if (value === undefined || value === null) return { startupSeconds: DEFAULT_STARTUP_SECONDS };
  const before = out.count;
  const h = readMapping(value, path, "health checks", HEALTH_FIELDS, out);
  if (h === undefined) return undefined;
  const probePath = readString(h, "path", path, out);
  if (probePath !== undefined && (!probePath.startsWith("/") || /\s/.test(probePath))) {
    out.error(at(path, "path"), `must be an HTTP path starting with "/" and without spaces, got ${JSON.stringify(probePath)}${probePath.startsWith("/") ? "" : `; try "/${probePath.trim()}"`}`);
  }
  const startupSeconds =
    readInteger(h, "startupSeconds", path, out, { min: MIN_STARTUP_SECONDS, max: MAX_STARTUP_SECONDS }) ??
    (readField(h, "startupSeconds") === undefined ? DEFAULT_STARTUP_SECONDS : undefined);
  if (out.count !== before || startupSeconds === undefined) return undefined;
  return probePath === undefined ? { startupSeconds } : { path: probePath, startupSeconds };
}
