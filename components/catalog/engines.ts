/**
 * What each model server exports and answers on: the probes' paths, where Prometheus scrapes it,
 * and the series behind each engine-specific scaling signal. Pure data and lookups: the spec rules
 * ask which signals an engine can scale on, the k8s layer builds probes, scrapes, HPA metrics and
 * prometheus-adapter rules from the same rows, so the two can never disagree.
 *
 * Series names were read at these sources (2026-12):
 * - vLLM: vllm/v1/metrics/loggers.py at v0.11.0 (vllm-project/vllm): `vllm:num_requests_waiting`
 *   (gauge), `vllm:request_success_total` (counter), `vllm:kv_cache_usage_perc` (gauge, "1 means
 *   100 percent usage"). The KV gauge was `vllm:gpu_cache_usage_perc` up to v0.9.1; v0.9.2 added
 *   the new name and marked the old one deprecated, v0.11 hides the old one unless
 *   `--show-hidden-metrics-for-version=0.10`, v0.12 removed it (same file's comment at v0.11.0).
 * - SGLang: python/sglang/srt/metrics/collector.py (sgl-project/sglang, main): `sglang:num_queue_reqs`
 *   ("requests in the waiting queue"), `sglang:token_usage` (fraction of the KV token pool in
 *   use), `sglang:num_requests_total` (counter). Served on the HTTP port only with `--enable-metrics`.
 * - TGI: docs/source/reference/metrics.md (huggingface/text-generation-inference): `tgi_queue_size`
 *   (gauge), `tgi_request_count` (counter); no KV-cache gauge.
 * - Triton: docs/user_guide/metrics.md (triton-inference-server/server, and
 *   https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/user_guide/metrics.html):
 *   `nv_inference_pending_request_count` (gauge, per model), `nv_inference_request_success`
 *   (counter, per model); metrics on port 8002 `/metrics`; health `/v2/health/ready` and
 *   `/v2/health/live` (KServe v2 protocol). No KV-cache gauge in Triton's own metrics.
 * - TEI: core/src/queue.rs `te_queue_size` (gauge), router/src/http/server.rs `te_request_count`
 *   (counter), `/health`; Prometheus on its own port, `--prometheus-port` default 9000
 *   (router/src/main.rs), all at v1.9.3 (huggingface/text-embeddings-inference).
 */
import type { ServingEngine } from "../spec/types";

export const SERVING_ENGINES: readonly ServingEngine[] = ["vllm", "sglang", "tgi", "triton", "tei", "generic"];
export const DEFAULT_ENGINE: ServingEngine = "generic";

/** The signals whose series depend on the engine; CPU and GPU utilisation work with any. */
export type EngineSignal = "requestsPerSecond" | "queueLength" | "kvCacheUtilization";
export const ENGINE_SIGNALS: readonly EngineSignal[] = ["requestsPerSecond", "queueLength", "kvCacheUtilization"];

/**
 * One series a signal reads and the per-pod custom metric the adapter serves it as. A counter is
 * served as its per-second rate; a `fraction` gauge (0..1) is served in percent, so the HPA target
 * is the spec's number as written.
 */
export interface EngineSeries {
  readonly series: string;
  readonly kind: "counter" | "gauge" | "fraction";
  /** The name under custom.metrics.k8s.io: a DNS-safe form of the series (no ":"), unique per series. */
  readonly metric: string;
}

export interface EngineProfile {
  /** Probe paths when `health.path` is not set; absent: a TCP check on the port. */
  readonly health?: { readonly readiness: string; readonly liveness: string };
  /** Where Prometheus scrapes; `port` absent: the service's own port. */
  readonly metrics: { readonly path: string; readonly port?: number };
}

function series(name: string, kind: EngineSeries["kind"]): EngineSeries {
  const base = name.replace(/:/g, "_");
  return { series: name, kind, metric: kind === "counter" ? `${base}_per_second` : kind === "fraction" ? `${base}_percent` : base };
}

const PROFILES: Readonly<Record<ServingEngine, EngineProfile>> = {
  vllm: { health: { readiness: "/health", liveness: "/health" }, metrics: { path: "/metrics" } },
  sglang: { health: { readiness: "/health", liveness: "/health" }, metrics: { path: "/metrics" } },
  tgi: { health: { readiness: "/health", liveness: "/health" }, metrics: { path: "/metrics" } },
  triton: { health: { readiness: "/v2/health/ready", liveness: "/v2/health/live" }, metrics: { path: "/metrics", port: 8002 } },
  tei: { health: { readiness: "/health", liveness: "/health" }, metrics: { path: "/metrics", port: 9000 } },
  generic: { metrics: { path: "/metrics" } },
};

/** The first vLLM release with `vllm:kv_cache_usage_perc` (see the header). */
const VLLM_KV_RENAMED_IN: EngineVersion = [0, 9, 2];

/** A release as [major, minor, patch]. */
export type EngineVersion = readonly [number, number, number];

/** The version a tag or override names (`v0.9.2`, `0.10`, `v0.6.3-cu124`), or undefined for `latest`, a digest, a nightly. */
export function parseEngineVersion(text: string): EngineVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+.].*)?$/.exec(text);
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** The version in an image reference's tag, if it names one (`vllm/vllm-openai:v0.6.3`). */
export function imageTagVersion(image: string): EngineVersion | undefined {
  const name = image.split("@")[0]!;
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  return colon > slash ? parseEngineVersion(name.slice(colon + 1)) : undefined;
}

function atLeast(v: EngineVersion, floor: EngineVersion): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== floor[i]) return v[i]! > floor[i]!;
  return true;
}

export function engineProfile(engine: ServingEngine): EngineProfile {
  return PROFILES[engine];
}

/**
 * The series behind a signal for an engine at a version (undefined: the newest), or undefined
 * when the engine does not export one. `generic` keeps today's request counter and nothing else.
 */
export function engineSeries(engine: ServingEngine, signal: EngineSignal, version?: EngineVersion): EngineSeries | undefined {
  switch (engine) {
    case "vllm":
      if (signal === "requestsPerSecond") return series("vllm:request_success_total", "counter");
      if (signal === "queueLength") return series("vllm:num_requests_waiting", "gauge");
      return version !== undefined && !atLeast(version, VLLM_KV_RENAMED_IN) ? series("vllm:gpu_cache_usage_perc", "fraction") : series("vllm:kv_cache_usage_perc", "fraction");
    case "sglang":
      if (signal === "requestsPerSecond") return series("sglang:num_requests_total", "counter");
      if (signal === "queueLength") return series("sglang:num_queue_reqs", "gauge");
      return series("sglang:token_usage", "fraction");
    case "tgi":
      if (signal === "requestsPerSecond") return series("tgi_request_count", "counter");
      return signal === "queueLength" ? series("tgi_queue_size", "gauge") : undefined;
    case "triton":
      if (signal === "requestsPerSecond") return series("nv_inference_request_success", "counter");
      return signal === "queueLength" ? series("nv_inference_pending_request_count", "gauge") : undefined;
    case "tei":
      if (signal === "requestsPerSecond") return series("te_request_count", "counter");
      return signal === "queueLength" ? series("te_queue_size", "gauge") : undefined;
    case "generic":
      // The conventional HTTP counter, served under the name HPAs have always used (k8s/metrics.ts).
      return signal === "requestsPerSecond" ? { series: "http_requests_total", kind: "counter", metric: "http_requests_per_second" } : undefined;
  }
}

/** The engine-specific signals an engine exports, in ENGINE_SIGNALS order. */
export function engineSignals(engine: ServingEngine): EngineSignal[] {
  return ENGINE_SIGNALS.filter((s) => engineSeries(engine, s) !== undefined);
}
