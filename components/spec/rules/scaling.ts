/**
 * Replicas and the one autoscaling signal of a service (shared/DESIGN.md, "Autoscaling"): with
 * `replicas.min >= 1` an HPA scales on CPU (default), GPU utilisation or request rate; with
 * `replicas.min: 0` only requests can wake the service, through KEDA's HTTP add-on, the one
 * mechanism that sees traffic while no pod runs: requests in flight (default) or request rate.
 */
import { engineSeries, engineSignals, EngineSignal, ENGINE_SIGNALS } from "../../catalog/engines";
import { DEFAULT_CONCURRENT_REQUESTS, DEFAULT_CPU_UTILIZATION, DEFAULT_REPLICAS } from "../defaults";
import type { AutoscalingSpec, ReplicasSpec, ServingEngine } from "../types";
import { readInteger, readMapping, readNumber } from "./fields";
import { at, listing, Problems } from "./problems";

export const REPLICAS_FIELDS = ["min", "max"] as const;
export const AUTOSCALING_FIELDS = ["cpuUtilization", "gpuUtilization", "requestsPerSecond", "concurrentRequests", "queueLength", "kvCacheUtilization"] as const;
export type ScalingSignal = (typeof AUTOSCALING_FIELDS)[number];

/**
 * Most replicas of one service: no GPU service in the field runs more, and the bound catches a
 * slipped digit (10000 for 100) before it becomes a capacity plan.
 */
export const MAX_REPLICAS = 1000;

/** Utilisation targets are percentages of the pod's request (HPA) or of the GPU (DCGM): 1..100. */
const UTILIZATION = { min: 1, max: 100 } as const;
/** Requests per second per replica: above 0; a million catches a unit slip. */
const MAX_REQUESTS_PER_SECOND = 1_000_000;
/**
 * Requests in flight per replica: a whole number (the add-on's `targetValue` is an integer) from
 * 1; no model server batches more than this many at once, so a larger number is a slip.
 */
const MAX_CONCURRENT_REQUESTS = 100_000;
/** The signals KEDA's HTTP add-on counts at its interceptor, the only ones that see a service at zero. */
const REQUEST_SIGNALS: readonly ScalingSignal[] = ["requestsPerSecond", "concurrentRequests"];
/** Waiting requests per replica: above 0; a million catches a unit slip. */
const MAX_QUEUE_LENGTH = 1_000_000;
/** What a signal measures on a running pod, for the message when none runs. */
const MEASURED: Readonly<Record<string, string>> = { cpuUtilization: "CPU", gpuUtilization: "GPU", queueLength: "engine queue", kvCacheUtilization: "KV cache" };

/** `replicas: { min, max }`, 0 <= min <= max, max >= 1. */
export function checkReplicas(value: unknown, path: string, out: Problems): ReplicasSpec | undefined {
  if (value === undefined || value === null) return DEFAULT_REPLICAS;
  const before = out.count;
  const r = readMapping(value, path, "a replica range", REPLICAS_FIELDS, out);
  if (r === undefined) return undefined;
  const min = readInteger(r, "min", path, out, { min: 0, max: MAX_REPLICAS, required: `the fewest pods, a whole number from 0 to ${MAX_REPLICAS}` });
  const max = readInteger(r, "max", path, out, { min: 1, max: MAX_REPLICAS, required: `the most pods, a whole number from 1 to ${MAX_REPLICAS}` });
  if (min !== undefined && max !== undefined && min > max) {
    out.error(at(path, "min"), `must not exceed replicas.max (${max}), got ${min}; lower min or raise max`);
  }
  return out.count === before && min !== undefined && max !== undefined ? { min, max } : undefined;
}

export interface ScalingContext {
  /** The service's replicas when they were sound. */
  readonly replicas?: ReplicasSpec;
  readonly hasGpu: boolean;
  /** Path of the service's replicas field, for warnings about them. */
  readonly replicasPath: string;
  /** The service's engine when it was sound; signals it does not export are problems. */
  readonly engine?: ServingEngine;
}

/**
 * At most one signal. Defaults: CPU from `replicas.min >= 1`, requests in flight from 0. CPU and
 * GPU cannot wake a service from zero; requests in flight are counted only at zero (an HPA has no
 * such metric).
 */
export function checkAutoscaling(value: unknown, path: string, ctx: ScalingContext, out: Problems): AutoscalingSpec | undefined {
  const before = out.count;
  const fromZero = ctx.replicas?.min === 0;
  const a = value === undefined || value === null ? {} : readMapping(value, path, "an autoscaling signal", AUTOSCALING_FIELDS, out);
  if (a === undefined) return undefined;
  const signals: AutoscalingSpec = {
    cpuUtilization: readInteger(a, "cpuUtilization", path, out, UTILIZATION),
    gpuUtilization: readInteger(a, "gpuUtilization", path, out, UTILIZATION),
    requestsPerSecond: readNumber(a, "requestsPerSecond", path, out, {
      above: 0,
      max: MAX_REQUESTS_PER_SECOND,
      what: `requests per second per replica, a number above 0 and at most ${MAX_REQUESTS_PER_SECOND}`,
    }),
    concurrentRequests: readInteger(a, "concurrentRequests", path, out, { min: 1, max: MAX_CONCURRENT_REQUESTS }),
    queueLength: readNumber(a, "queueLength", path, out, {
      above: 0,
      max: MAX_QUEUE_LENGTH,
      what: `waiting requests per replica, a number above 0 and at most ${MAX_QUEUE_LENGTH}`,
    }),
    kvCacheUtilization: readInteger(a, "kvCacheUtilization", path, out, UTILIZATION),
  };
  const given = AUTOSCALING_FIELDS.filter((k) => a[k] !== undefined && a[k] !== null);
  if (given.length > 1) {
    out.error(path, `sets ${given.length} signals (${listing(given, false)}), allowed is one; keep the one that tracks the service's load`);
    return undefined;
  }
  if (fromZero) {
    const blocked = given.find((k) => !REQUEST_SIGNALS.includes(k));
    if (blocked !== undefined) {
      out.error(
        at(path, blocked),
        `cannot wake a service from replicas.min 0: with no pod running there is no ${MEASURED[blocked]} to measure; use concurrentRequests or requestsPerSecond (KEDA's HTTP add-on sees requests while no pod runs), leave autoscaling out for ${DEFAULT_CONCURRENT_REQUESTS} requests in flight per replica, or set replicas.min to 1`,
      );
      return undefined;
    }
    out.warn(ctx.replicasPath, "min is 0: the first request after an idle spell waits for a node to start and the model to load (up to health.startupSeconds)");
  } else if (given[0] === "concurrentRequests" && ctx.replicas !== undefined) {
    out.error(
      at(path, "concurrentRequests"),
      `is counted by KEDA's HTTP interceptor, which fronts only services at replicas.min 0, and replicas.min is ${ctx.replicas.min}; use requestsPerSecond, or set replicas.min to 0`,
    );
    return undefined;
  }
  const engine = ctx.engine;
  const engineSignal = given.find((k): k is EngineSignal => (ENGINE_SIGNALS as readonly string[]).includes(k) && k !== "requestsPerSecond");
  if (engine !== undefined && engineSignal !== undefined && engineSeries(engine, engineSignal) === undefined) {
    const exported = [...engineSignals(engine), "cpuUtilization", "gpuUtilization"];
    out.error(
      at(path, engineSignal),
      `is not exported by engine "${engine}", which scales on ${listing(exported, false, "or")}${engine === "generic" ? "; name the server's engine (vllm, sglang, tgi, triton or tei) to scale on its queue" : ""}`,
    );
  }
  if (out.count !== before) return undefined;
  const defaulted: AutoscalingSpec = fromZero ? { concurrentRequests: DEFAULT_CONCURRENT_REQUESTS } : { cpuUtilization: DEFAULT_CPU_UTILIZATION };
  const chosen: AutoscalingSpec = given.length === 0 ? defaulted : { [given[0]!]: signals[given[0]!] };
  const scales = ctx.replicas !== undefined && ctx.replicas.max > ctx.replicas.min;
  if (ctx.hasGpu && scales && chosen.cpuUtilization !== undefined) {
    out.warn(
      given.length === 0 ? path : at(path, "cpuUtilization"),
      `a GPU service scales on CPU utilisation${given.length === 0 ? " (the default)" : ""}, which rarely tracks a model server's GPU load; consider gpuUtilization or requestsPerSecond`,
    );
  }
  return chosen;
}
