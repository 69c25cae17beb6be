import { engineSeries, EngineSeries, EngineSignal, imageTagVersion, parseEngineVersion } from "../catalog/engines";
import type { ValidService } from "../spec/types";

/**
 * The custom metrics HPAs scale on, and the prometheus-adapter rules that serve them from
 * Prometheus under custom.metrics.k8s.io (per pod, so HPAs use them as `Pods` metrics).
 */

/**
 * GPU utilisation of a pod, in percent: DCGM_FI_DEV_GPU_UTIL (0-100) from the DCGM exporter,
 * attributed to the pod that holds the GPU through the kubelet pod-resources API (the exporter's
 * `namespace`, `pod`, `container` labels, kept by its ServiceMonitor's honorLabels). A pod with
 * several GPUs reports their average.
 */
export const GPU_UTILIZATION_METRIC = "gpu_utilization";

/**
 * Requests per second of a pod: the rate of `http_requests_total`, the conventional Prometheus
 * counter of an HTTP server, scraped from the pod's `/metrics` by the ModelService's
 * ServiceMonitor, for engine `generic`; a named engine's own counter otherwise (catalog/engines.ts).
 */
export const REQUEST_RATE_METRIC = "http_requests_per_second";
export const REQUEST_COUNTER = "http_requests_total";

/** Prometheus rate window for the request rate: 4 scrapes at the 30 s service scrape interval. */
const RATE_WINDOW = "2m";

const POD_RESOURCES = { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } };

/**
 * The series a service's HPA reads for its engine-specific signal, at the engine's version (the
 * `engineVersion` override, else the image tag's), or undefined when it scales on CPU, GPU, or
 * through KEDA from zero.
 */
export function serviceSeries(s: ValidService): EngineSeries | undefined {
  if (s.replicas.min === 0) return undefined;
  const signal = (["requestsPerSecond", "queueLength", "kvCacheUtilization"] as const).find((k): k is EngineSignal => s.autoscaling[k] !== undefined);
  if (signal === undefined) return undefined;
  const version = s.engineVersion !== undefined ? parseEngineVersion(s.engineVersion) : imageTagVersion(s.image);
  return engineSeries(s.engine, signal, version);
}

/**
 * One adapter rule serving an engine series per pod: a counter as its rate, a gauge summed over
 * the pod's series (Triton labels its gauge per model, vLLM per engine), a 0..1 fraction as the
 * fullest of the pod's caches in percent. Templates as prometheus-adapter documents them
 * (docs/config.md: seriesQuery, resources.overrides, name.matches/as, metricsQuery with
 * <<.Series>>, <<.LabelMatchers>>, <<.GroupBy>>).
 */
export function engineAdapterRule(e: EngineSeries): Record<string, unknown> {
  const selector = "<<.Series>>{<<.LabelMatchers>>}";
  const metricsQuery =
    e.kind === "counter"
      ? `sum(rate(${selector}[${RATE_WINDOW}])) by (<<.GroupBy>>)`
      : e.kind === "gauge"
        ? `sum(${selector}) by (<<.GroupBy>>)`
        : `100 * max(${selector}) by (<<.GroupBy>>)`;
  return { seriesQuery: `${e.series}{namespace!="",pod!=""}`, resources: POD_RESOURCES, name: { matches: `^${e.series}$`, as: e.metric }, metricsQuery };
}

/**
 * prometheus-adapter `rules.custom`: GPU utilisation and the generic request rate always (what
 * HPAs used before engines), then one rule per engine series a service scales on, each once.
 */
export function adapterCustomRules(services: readonly ValidService[] = []): Record<string, unknown>[] {
  const podResources = POD_RESOURCES;
  const engineRules = new Map<string, Record<string, unknown>>();
  for (const s of services) {
    const e = serviceSeries(s);
    if (e !== undefined && e.series !== REQUEST_COUNTER && !engineRules.has(e.series)) engineRules.set(e.series, engineAdapterRule(e));
  }
  return [
    {
      seriesQuery: 'DCGM_FI_DEV_GPU_UTIL{namespace!="",pod!=""}',
      resources: podResources,
      name: { matches: "^DCGM_FI_DEV_GPU_UTIL$", as: GPU_UTILIZATION_METRIC },
      metricsQuery: "avg(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
    },
    {
      seriesQuery: `${REQUEST_COUNTER}{namespace!="",pod!=""}`,
      resources: podResources,
      name: { matches: `^${REQUEST_COUNTER}$`, as: REQUEST_RATE_METRIC },
      metricsQuery: `sum(rate(<<.Series>>{<<.LabelMatchers>>}[${RATE_WINDOW}])) by (<<.GroupBy>>)`,
    },
    ...engineRules.values(),
  ];
}
