/** What a service's engine changes in its objects: probes, ports, the scrape, the HPA metric and the adapter's rules. */
import assert from "node:assert/strict";
import { adapterCustomRules, engineAdapterRule } from "../../../components/k8s/metrics";
import { containerPorts, hpaMetric, probePaths, serviceMonitorSpec } from "../../../components/k8s/model-service-objects";
import { serviceProbes } from "../../../components/k8s/scheduling";
import { service } from "./fixtures";

const RESOURCES = { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } };

describe("a service's serving engine", () => {
  it("targets each engine's own queue gauge as a per-pod metric at the spec's number", () => {
    const metrics = (["vllm", "sglang", "tgi", "triton", "tei"] as const).map((engine) => hpaMetric(service({ engine, autoscaling: { queueLength: 3 } })));
    assert.deepEqual(
      metrics.map((m) => [m.type, (m.pods as any).metric.name, (m.pods as any).target]),
      [
        ["Pods", "vllm_num_requests_waiting", { type: "AverageValue", averageValue: "3" }],
        ["Pods", "sglang_num_queue_reqs", { type: "AverageValue", averageValue: "3" }],
        ["Pods", "tgi_queue_size", { type: "AverageValue", averageValue: "3" }],
        ["Pods", "nv_inference_pending_request_count", { type: "AverageValue", averageValue: "3" }],
        ["Pods", "te_queue_size", { type: "AverageValue", averageValue: "3" }],
      ],
    );
  });

  it("scales requestsPerSecond on the engine's request counter, and on http_requests_total for generic", () => {
    const name = (s: ReturnType<typeof service>) => (hpaMetric(s).pods as any).metric.name;
    assert.equal(name(service({ engine: "tgi", autoscaling: { requestsPerSecond: 2 } })), "tgi_request_count_per_second");
    assert.equal(name(service({ engine: "triton", autoscaling: { requestsPerSecond: 2 } })), "nv_inference_request_success_per_second");
    assert.equal(name(service({ engine: "generic", autoscaling: { requestsPerSecond: 2 } })), "http_requests_per_second");
  });

  it("picks vLLM's KV-cache gauge by the image tag's release unless engineVersion overrides it", () => {
    const kv = (image: string, engineVersion?: string) =>
      (hpaMetric(service({ engine: "vllm", image, ...(engineVersion !== undefined ? { engineVersion } : {}), autoscaling: { kvCacheUtilization: 80 } })).pods as any).metric.name;
    assert.equal(kv("vllm/vllm-openai:v0.6.3"), "vllm_gpu_cache_usage_perc_percent");
    assert.equal(kv("vllm/vllm-openai:v0.10.1"), "vllm_kv_cache_usage_perc_percent");
    assert.equal(kv("vllm/vllm-openai:latest"), "vllm_kv_cache_usage_perc_percent");
    assert.equal(kv("registry.example.com/vllm:prod", "0.8.5"), "vllm_gpu_cache_usage_perc_percent");
  });

  it("adds one adapter rule per engine series in use, once, after the GPU and generic request rules", () => {
    const rules = adapterCustomRules([
      service({ name: "a", engine: "vllm", autoscaling: { queueLength: 4 } }),
      service({ name: "b", engine: "vllm", autoscaling: { queueLength: 8 } }),
      service({ name: "c", engine: "sglang", autoscaling: { kvCacheUtilization: 80 } }),
      service({ name: "d", engine: "tei", autoscaling: { requestsPerSecond: 50 } }),
      service({ name: "e", engine: "tgi", replicas: { min: 0, max: 2 }, autoscaling: { requestsPerSecond: 1 } }),
      service({ name: "f", engine: "generic", autoscaling: { requestsPerSecond: 1 } }),
    ]);
    assert.deepEqual(
      rules.map((r: any) => r.name.as),
      ["gpu_utilization", "http_requests_per_second", "vllm_num_requests_waiting", "sglang_token_usage_percent", "te_request_count_per_second"],
    );
    assert.deepEqual(adapterCustomRules().map((r: any) => r.name.as), ["gpu_utilization", "http_requests_per_second"]);
  });

  it("writes a gauge rule as a per-pod sum, a counter as its rate and a fraction in percent of the fullest cache", () => {
    assert.deepEqual(engineAdapterRule({ series: "tgi_queue_size", kind: "gauge", metric: "tgi_queue_size" }), {
      seriesQuery: 'tgi_queue_size{namespace!="",pod!=""}',
      resources: RESOURCES,
      name: { matches: "^tgi_queue_size$", as: "tgi_queue_size" },
      metricsQuery: "sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
    });
    assert.equal(
      engineAdapterRule({ series: "te_request_count", kind: "counter", metric: "te_request_count_per_second" }).metricsQuery,
      "sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)",
    );
    assert.deepEqual(engineAdapterRule({ series: "vllm:kv_cache_usage_perc", kind: "fraction", metric: "vllm_kv_cache_usage_perc_percent" }), {
      seriesQuery: 'vllm:kv_cache_usage_perc{namespace!="",pod!=""}',
      resources: RESOURCES,
      name: { matches: "^vllm:kv_cache_usage_perc$", as: "vllm_kv_cache_usage_perc_percent" },
      metricsQuery: "100 * max(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)",
    });
  });

  it("probes Triton's readiness and liveness paths unless health.path overrides both, and a generic service by TCP", () => {
    const triton = service({ engine: "triton", health: { startupSeconds: 600 } });
    const probes = serviceProbes(triton.health, "http", probePaths(triton));
    assert.deepEqual(
      [probes.startupProbe.httpGet, probes.readinessProbe.httpGet, probes.livenessProbe.httpGet],
      [{ path: "/v2/health/ready", port: "http" }, { path: "/v2/health/ready", port: "http" }, { path: "/v2/health/live", port: "http" }],
    );
    assert.deepEqual(probePaths(service({ engine: "triton", health: { path: "/ping", startupSeconds: 600 } })), { readiness: "/ping", liveness: "/ping" });
    const generic = service({ engine: "generic", health: { startupSeconds: 600 } });
    assert.equal(probePaths(generic), undefined);
    assert.deepEqual(serviceProbes(generic.health, "http", probePaths(generic)).livenessProbe.tcpSocket, { port: "http" });
  });

  it("scrapes TEI and Triton on their own metrics container port, and other engines on the service port", () => {
    const tei = service({ engine: "tei", port: 8080 });
    assert.deepEqual(containerPorts(tei), [{ name: "http", containerPort: 8080, protocol: "TCP" }, { name: "metrics", containerPort: 9000, protocol: "TCP" }]);
    assert.deepEqual((serviceMonitorSpec(tei) as any).endpoints, [{ targetPort: "metrics", path: "/metrics", interval: "30s" }]);
    const vllm = service({ engine: "vllm" });
    assert.deepEqual(containerPorts(vllm), [{ name: "http", containerPort: 8000, protocol: "TCP" }]);
    assert.deepEqual((serviceMonitorSpec(vllm) as any).endpoints, [{ port: "http", path: "/metrics", interval: "30s" }]);
  });
});
