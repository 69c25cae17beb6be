import assert from "node:assert/strict";
import { engineProfile, engineSeries, engineSignals, imageTagVersion, parseEngineVersion, SERVING_ENGINES } from "../../../components/catalog/engines";

describe("the serving engine table", () => {
  it("reads each engine's own series for each signal it exports", () => {
    const table = Object.fromEntries(
      SERVING_ENGINES.map((e) => [e, (["requestsPerSecond", "queueLength", "kvCacheUtilization"] as const).map((s) => engineSeries(e, s)?.series ?? null)]),
    );
    assert.deepEqual(table, {
      vllm: ["vllm:request_success_total", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc"],
      sglang: ["sglang:num_requests_total", "sglang:num_queue_reqs", "sglang:token_usage"],
      tgi: ["tgi_request_count", "tgi_queue_size", null],
      triton: ["nv_inference_request_success", "nv_inference_pending_request_count", null],
      tei: ["te_request_count", "te_queue_size", null],
      generic: ["http_requests_total", null, null],
    });
  });

  it("names each series' custom metric without colons: counters as rates, fractions in percent, the generic counter as before", () => {
    assert.deepEqual(engineSeries("vllm", "requestsPerSecond"), { series: "vllm:request_success_total", kind: "counter", metric: "vllm_request_success_total_per_second" });
    assert.deepEqual(engineSeries("sglang", "kvCacheUtilization"), { series: "sglang:token_usage", kind: "fraction", metric: "sglang_token_usage_percent" });
    assert.deepEqual(engineSeries("triton", "queueLength"), { series: "nv_inference_pending_request_count", kind: "gauge", metric: "nv_inference_pending_request_count" });
    assert.deepEqual(engineSeries("generic", "requestsPerSecond"), { series: "http_requests_total", kind: "counter", metric: "http_requests_per_second" });
  });

  it("reads vLLM's KV-cache gauge by its old name before v0.9.2 and by its new name from v0.9.2 or with no version", () => {
    assert.equal(engineSeries("vllm", "kvCacheUtilization", [0, 6, 3])?.series, "vllm:gpu_cache_usage_perc");
    assert.equal(engineSeries("vllm", "kvCacheUtilization", [0, 9, 1])?.series, "vllm:gpu_cache_usage_perc");
    assert.equal(engineSeries("vllm", "kvCacheUtilization", [0, 9, 2])?.series, "vllm:kv_cache_usage_perc");
    assert.equal(engineSeries("vllm", "kvCacheUtilization", [1, 0, 0])?.series, "vllm:kv_cache_usage_perc");
    assert.equal(engineSeries("vllm", "kvCacheUtilization")?.series, "vllm:kv_cache_usage_perc");
  });

  it("lists the engine-specific signals each engine exports", () => {
    assert.deepEqual(engineSignals("vllm"), ["requestsPerSecond", "queueLength", "kvCacheUtilization"]);
    assert.deepEqual(engineSignals("tgi"), ["requestsPerSecond", "queueLength"]);
    assert.deepEqual(engineSignals("generic"), ["requestsPerSecond"]);
  });

  it("gives Triton its KServe readiness and liveness paths and metrics port, TEI its own metrics port, generic no probe path", () => {
    assert.deepEqual(engineProfile("triton"), { health: { readiness: "/v2/health/ready", liveness: "/v2/health/live" }, metrics: { path: "/metrics", port: 8002 } });
    assert.deepEqual(engineProfile("tei").metrics, { path: "/metrics", port: 9000 });
    assert.deepEqual(engineProfile("vllm"), { health: { readiness: "/health", liveness: "/health" }, metrics: { path: "/metrics" } });
    assert.equal(engineProfile("generic").health, undefined);
  });

  it("reads a release from an image tag or an override, and none from latest, a digest or no tag", () => {
    assert.deepEqual(imageTagVersion("vllm/vllm-openai:v0.6.3"), [0, 6, 3]);
    assert.deepEqual(imageTagVersion("registry.example.com:5000/vllm:0.10-cu124"), [0, 10, 0]);
    assert.deepEqual(imageTagVersion("lmsysorg/sglang:v0.4.6.post1"), [0, 4, 6]);
    assert.equal(imageTagVersion("vllm/vllm-openai:latest"), undefined);
    assert.equal(imageTagVersion("registry.example.com:5000/vllm"), undefined);
    assert.equal(imageTagVersion("vllm/vllm-openai@sha256:0123abcd"), undefined);
    assert.deepEqual(parseEngineVersion("v0.9.2"), [0, 9, 2]);
    assert.equal(parseEngineVersion("nightly"), undefined);
  });
});
