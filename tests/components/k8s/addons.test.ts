import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { FakeCluster } from "../../../components/cluster/fake";
import { ClusterAddons } from "../../../components/k8s/addons";
import { DCGM_EXPORTER_CHART, KEDA_CHART, KEDA_HTTP_CHART, KUBE_PROMETHEUS_STACK_CHART, PROMETHEUS_ADAPTER_CHART } from "../../../components/k8s/charts";
import type { MonitoringRef } from "../../../components/k8s/refs";
import type { ValidService } from "../../../components/spec/types";
import { MockRun, input, ofType, one, render } from "../../helpers/mocks";
import { POOLS, monitoringRef, service } from "./fixtures";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const PRIORITY = "kubernetes:scheduling.k8s.io/v1:PriorityClass";
const SYSTEM = { nodeSelector: { "ml-clusters.io/pool": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] };
/** The cluster autoscaler never scales up for pods below this priority (`--expendable-pods-priority-cutoff`). */
const CA_EXPENDABLE_CUTOFF = -10;

function renderAddons(services: readonly ValidService[], withMonitoring: boolean): Promise<MockRun> {
  return render(() => {
    const contract = new FakeCluster("test", { pools: POOLS });
    let monitoring: MonitoringRef | undefined;
    if (withMonitoring) monitoring = { ...monitoringRef(), ready: [new pulumi.ComponentResource("test:index:Stack", "kps", {})] };
    new ClusterAddons("addons", { contract, services, monitoring });
  });
}

const scaleToZero = service({ name: "zero", replicas: { min: 0, max: 2 }, autoscaling: { requestsPerSecond: 3 } });

describe("ClusterAddons", () => {
  it("ranks serving above training, with training still above the autoscaler's expendable cutoff and neither a default", async () => {
    const run = await renderAddons([service()], false);
    const classes = Object.fromEntries(ofType(run, PRIORITY).map((p) => [input(p, "metadata.name"), p.inputs]));
    const serving = classes["ml-clusters-serving"] as any;
    const training = classes["ml-clusters-training"] as any;
    assert.deepEqual(Object.keys(classes).sort(), ["ml-clusters-serving", "ml-clusters-training"]);
    assert.ok(serving.value > training.value);
    assert.ok(training.value >= CA_EXPENDABLE_CUTOFF);
    assert.deepEqual([serving.value, training.value], [1000, 0]);
    assert.deepEqual([serving.globalDefault, training.globalDefault], [false, false]);
    assert.deepEqual([serving.preemptionPolicy, training.preemptionPolicy], ["PreemptLowerPriority", "Never"]);
  });

  it("installs neither KEDA nor an adapter when no service scales to zero and there is no monitoring", async () => {
    const run = await renderAddons([service()], false);
    assert.equal(ofType(run, RELEASE).length, 0);
    assert.equal(ofType(run, "kubernetes:core/v1:Namespace").length, 0);
  });

  it("installs pinned KEDA and its HTTP add-on on the system pool when a service scales to zero", async () => {
    const run = await renderAddons([service(), scaleToZero], false);
    const keda = one(run, RELEASE, "addons-keda");
    const http = one(run, RELEASE, "addons-keda-http");
    assert.deepEqual(
      [keda, http].map((r) => [input(r, "chart"), input(r, "version"), input(r, "repositoryOpts.repo"), input(r, "namespace")]),
      [
        ["keda", KEDA_CHART.version, "https://kedacore.github.io/charts", "keda"],
        ["keda-add-ons-http", KEDA_HTTP_CHART.version, "https://kedacore.github.io/charts", "keda"],
      ],
    );
    // The system pool was sized with these requests; `cpu: null` drops the charts' CPU limits.
    const keda100 = { requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: null, memory: "512Mi" } };
    assert.deepEqual(input(keda, "values"), { ...SYSTEM, resources: { operator: keda100, metricServer: keda100, webhooks: keda100 } });
    const small = { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: null, memory: "256Mi" } };
    assert.deepEqual(input(http, "values"), {
      operator: { ...SYSTEM, resources: small },
      scaler: { ...SYSTEM, replicas: 3, resources: small },
      // 900 s for a node + 600 s for the image + the service's 600 s startup; 120 s for an answer.
      interceptor: {
        ...SYSTEM,
        responseHeaderTimeout: "120s",
        replicas: { min: 3, max: 10, waitTimeout: "2100s" },
        resources: { requests: { cpu: "250m", memory: "128Mi" }, limits: { cpu: null, memory: "512Mi" } },
      },
    });
    assert.ok(http.options.dependsOn?.includes(keda.urn), "the add-on's operator needs KEDA's CRDs");
    assert.equal(input(one(run, "kubernetes:core/v1:Namespace"), "metadata.labels")["pod-security.kubernetes.io/enforce"], "baseline");
  });

  it("holds a cold-start request as long as the slowest scale-to-zero service takes to wake, not the chart's 20 s", async () => {
    const slow = service({ name: "slow", replicas: { min: 0, max: 1 }, autoscaling: { requestsPerSecond: 1 }, health: { startupSeconds: 1200 } });
    const warm = service({ name: "warm", health: { path: "/health", startupSeconds: 3000 } });
    const run = await renderAddons([scaleToZero, slow, warm], false);
    const interceptor = input(one(run, RELEASE, "addons-keda-http"), "values.interceptor");
    // The warm service (replicas.min 1) never waits behind the interceptor: only "slow" counts.
    assert.deepEqual(interceptor.replicas, { min: 3, max: 10, waitTimeout: `${900 + 600 + 1200}s` });
    assert.equal(interceptor.responseHeaderTimeout, "120s");
  });

  it("serves custom metrics only from the adapter, reading the monitoring stack's Prometheus", async () => {
    const run = await renderAddons([service()], true);
    const adapter = one(run, RELEASE, "addons-metrics-adapter");
    assert.deepEqual([input(adapter, "chart"), input(adapter, "version"), input(adapter, "namespace")], ["prometheus-adapter", PROMETHEUS_ADAPTER_CHART.version, "monitoring"]);
    const values = input(adapter, "values");
    assert.deepEqual(values.prometheus, { url: "http://kube-prometheus-stack-prometheus.monitoring.svc", port: 9090 });
    assert.equal(values.rules.default, false);
    assert.deepEqual(values.rules.external, [], "KEDA owns external.metrics.k8s.io");
    assert.deepEqual(values.rules.resource, {}, "metrics-server owns metrics.k8s.io");
    assert.deepEqual(
      values.rules.custom.map((r: any) => r.name.as),
      ["gpu_utilization", "http_requests_per_second"],
    );
    assert.equal(values.rules.custom[0].seriesQuery, 'DCGM_FI_DEV_GPU_UTIL{namespace!="",pod!=""}');
    assert.deepEqual([values.nodeSelector, values.tolerations], [SYSTEM.nodeSelector, SYSTEM.tolerations]);
    assert.ok(adapter.options.dependsOn?.includes(one(run, "test:index:Stack").urn));
  });

  it("describes what it installed to the workloads", async () => {
    let full: ClusterAddons | undefined;
    let bare: ClusterAddons | undefined;
    await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      full = new ClusterAddons("full", { contract, services: [scaleToZero], monitoring: monitoringRef() });
      bare = new ClusterAddons("bare", { contract, services: [service()] });
    });
    assert.deepEqual(full!.priorityClasses, { serving: "ml-clusters-serving", training: "ml-clusters-training" });
    assert.deepEqual([full!.customMetrics, bare!.customMetrics], [true, false]);
    assert.deepEqual(
      { ...full!.httpScaling!, ready: full!.httpScaling!.ready.length },
      { namespace: "keda", interceptorService: "keda-add-ons-http-interceptor-proxy", interceptorPort: 8080, ready: 2 },
    );
    assert.equal(bare!.httpScaling, undefined);
    assert.deepEqual([full!.ready.length, bare!.ready.length], [3, 2]);
  });

  it("pins every chart to one exact version", () => {
    for (const pin of [KEDA_CHART, KEDA_HTTP_CHART, PROMETHEUS_ADAPTER_CHART, KUBE_PROMETHEUS_STACK_CHART, DCGM_EXPORTER_CHART]) assert.match(pin.version, /^\d+\.\d+\.\d+$/, pin.chart);
  });
});
