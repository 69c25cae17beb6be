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
 * ServiceMonitor. A model server that names its counter differently scales on CPU or GPU
 * utilisation instead, or adds a recording rule producing `http_requests_total`.
 */
export const REQUEST_RATE_METRIC = "http_requests_per_second";
export const REQUEST_COUNTER = "http_requests_total";

/** Prometheus rate window for the request rate: 4 scrapes at the 30 s service scrape interval. */
const RATE_WINDOW = "2m";

/** prometheus-adapter `rules.custom`: namespace and pod labels map to the Kubernetes resources. */
export function adapterCustomRules(): Record<string, unknown>[] {
  const podResources = { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } };
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
  ];
}
