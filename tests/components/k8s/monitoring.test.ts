import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { FakeCluster } from "../../../components/cluster/fake";
import { DCGM_EXPORTER_CHART, KUBE_PROMETHEUS_STACK_CHART } from "../../../components/k8s/charts";
import { alertRuleGroups, alertRuleSpec } from "../../../components/k8s/alerts";
import { Monitoring } from "../../../components/k8s/monitoring";
import { manifestOf, validateObject } from "../../helpers/k8s-schema";
import { helmCoalesce } from "../../helpers/helm";
import { MockRun, input, isSecretValue, maskSecrets, one, render, unwrapSecrets } from "../../helpers/mocks";
import { POOLS } from "./fixtures";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const PASSWORD = "PLAINTEXT-grafana-password-0123456789";

function renderMonitoring(driverRoot = "/"): Promise<MockRun> {
  return render(
    () => {
      const contract = new FakeCluster("test", { pools: POOLS, gpuDriver: { driverRoot, devicePluginManaged: false } });
      new Monitoring("monitoring", { contract });
    },
    { fakes: { outputs: { "random:index/randomPassword:RandomPassword": () => ({ result: PASSWORD }) }, invokes: {} } },
  );
}

describe("Monitoring", () => {
  it("generates Grafana's password and keeps it only in a Secret the chart references", async () => {
    const run = await renderMonitoring();
    const password = one(run, "random:index/randomPassword:RandomPassword");
    assert.deepEqual([input(password, "length"), input(password, "special")], [32, false]);
    const secret = one(run, "kubernetes:core/v1:Secret");
    assert.equal(input(secret, "metadata.name"), "grafana-admin");
    assert.ok(isSecretValue(secret.inputs.stringData));
    assert.deepEqual(unwrapSecrets(secret.inputs.stringData), { "admin-user": "admin", "admin-password": PASSWORD });
    const grafana = input(one(run, RELEASE, "monitoring-kube-prometheus-stack"), "values.grafana");
    assert.deepEqual(grafana.admin, { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    assert.equal(grafana.adminPassword, undefined);
    for (const r of run.resources) assert.ok(!JSON.stringify(maskSecrets(r.inputs)).includes(PASSWORD), `${r.type} ${r.name} holds the password in plain text`);
  });

  it("installs a pinned kube-prometheus-stack with retention, requests, a volume and ClusterIP services only", async () => {
    const run = await renderMonitoring();
    const stack = one(run, RELEASE, "monitoring-kube-prometheus-stack");
    assert.deepEqual([input(stack, "chart"), input(stack, "version"), input(stack, "namespace")], ["kube-prometheus-stack", KUBE_PROMETHEUS_STACK_CHART.version, "monitoring"]);
    const values = input(stack, "values");
    const prom = values.prometheus.prometheusSpec;
    assert.equal(prom.retention, "15d");
    assert.deepEqual(prom.resources, { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: null, memory: "4Gi" } });
    assert.deepEqual(prom.storageSpec.volumeClaimTemplate.spec, {
      storageClassName: "fake-checkpoint-retain",
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "50Gi" } },
    });
    assert.equal(prom.serviceMonitorSelectorNilUsesHelmValues, false);
    assert.deepEqual([values.prometheus.service.type, values.grafana.service.type, values.alertmanager.service.type], ["ClusterIP", "ClusterIP", "ClusterIP"]);
    assert.deepEqual(prom.nodeSelector, { "ml-clusters.io/pool": "system" });
    const system = { nodeSelector: { "ml-clusters.io/pool": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] };
    for (const part of [prom, values.alertmanager.alertmanagerSpec, values.grafana, values["kube-state-metrics"], values.prometheusOperator]) {
      assert.deepEqual([part.nodeSelector, part.tolerations], [system.nodeSelector, system.tolerations]);
    }
    // Every long-running pod on the system pool asks for what the system pool was sized with: none
    // runs BestEffort (first evicted, invisible to the scheduler).
    const sized = (cpu: string, memory: string, limit: string) => ({ requests: { cpu, memory }, limits: { cpu: null, memory: limit } });
    assert.deepEqual(
      [
        values.alertmanager.alertmanagerSpec.resources,
        values.grafana.resources,
        values.grafana.sidecar.resources,
        values.prometheusOperator.resources,
        values.prometheusOperator.prometheusConfigReloader.resources,
        values["kube-state-metrics"].resources,
      ],
      [sized("50m", "200Mi", "400Mi"), sized("100m", "256Mi", "512Mi"), sized("20m", "64Mi", "128Mi"), sized("100m", "128Mi", "512Mi"), sized("10m", "32Mi", "64Mi"), sized("50m", "128Mi", "512Mi")],
    );
    // The webhook certificate Jobs (Helm hooks) are placed too, or they stay Pending on tainted pools.
    assert.deepEqual(values.prometheusOperator.admissionWebhooks.patch, system);
    assert.deepEqual(values["prometheus-node-exporter"], {
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "64Mi" } },
      priorityClassName: "system-node-critical",
      tolerations: [{ operator: "Exists" }],
    });
    assert.ok(stack.options.dependsOn?.includes(one(run, "kubernetes:core/v1:Secret").urn), "Grafana starts after its Secret");
  });

  it("admits the node exporter's critical priority to the monitoring namespace with a quota scoped to it, before the stack", async () => {
    const run = await renderMonitoring();
    const quota = one(run, "kubernetes:core/v1:ResourceQuota");
    assert.deepEqual([input(quota, "metadata.name"), input(quota, "metadata.namespace")], ["critical-pods", "monitoring"]);
    assert.deepEqual(input(quota, "spec"), {
      hard: { pods: "1G" },
      scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "In", values: ["system-node-critical"] }] },
    });
    const stack = one(run, RELEASE, "monitoring-kube-prometheus-stack");
    assert.equal(input(stack, "values")["prometheus-node-exporter"].priorityClassName, "system-node-critical");
    assert.ok(stack.options.dependsOn?.includes(quota.urn), "the node exporter's pods are admitted only once the quota exists");
  });

  it("runs the pinned DCGM exporter on GPU nodes only, tolerating their taints, with the catalogue's requests", async () => {
    const run = await renderMonitoring();
    const dcgm = one(run, RELEASE, "monitoring-dcgm-exporter");
    assert.deepEqual([input(dcgm, "chart"), input(dcgm, "version")], ["dcgm-exporter", DCGM_EXPORTER_CHART.version]);
    const values = input(dcgm, "values");
    assert.deepEqual(values.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    assert.deepEqual(values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
      { matchExpressions: [{ key: "ml-clusters.io/gpu", operator: "Exists" }] },
    ]);
    assert.deepEqual(values.resources, { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: null, memory: "512Mi" } });
    assert.deepEqual(values.serviceMonitor, { enabled: false });
    assert.equal(values.extraHostVolumes, undefined);
  });

  it("deletes the chart's 200m CPU limit with a null that reaches the release, keeping the memory limit", async () => {
    // The chart's own resources (dcgm-exporter 4.5.3-4.8.2 deployment/values.yaml), merged as Helm merges maps.
    const chartDefaults = { limits: { cpu: "200m", memory: "512Mi" }, requests: { cpu: "100m", memory: "128Mi" } };
    const values = input(one(await renderMonitoring(), RELEASE, "monitoring-dcgm-exporter"), "values");
    assert.ok(Object.hasOwn(values.resources.limits, "cpu"), "the null survives serialisation to the provider");
    assert.deepEqual(helmCoalesce(values.resources, chartDefaults), { limits: { memory: "512Mi" }, requests: { cpu: "100m", memory: "512Mi" } });
    assert.deepEqual(helmCoalesce({ limits: { memory: "512Mi" } }, chartDefaults).limits, { cpu: "200m", memory: "512Mi" }, "without the null the limit stays");
  });

  it("mounts a driver installed outside the root where the contract says", async () => {
    const values = input(one(await renderMonitoring("/home/kubernetes/bin/nvidia"), RELEASE, "monitoring-dcgm-exporter"), "values");
    assert.deepEqual(values.extraHostVolumes, [{ name: "nvidia-driver", hostPath: "/home/kubernetes/bin/nvidia" }]);
    assert.deepEqual(values.extraVolumeMounts.at(-1), { name: "nvidia-driver", mountPath: "/usr/local/nvidia", readOnly: true });
    assert.deepEqual(values.extraEnv, [{ name: "LD_LIBRARY_PATH", value: "/usr/local/nvidia/lib64" }]);
  });

  it("scrapes the exporter keeping the GPU user's pod labels and adding node, pool and GPU model", async () => {
    const run = await renderMonitoring();
    const sm = one(run, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor");
    assert.deepEqual(input(sm, "spec.selector.matchLabels"), { "app.kubernetes.io/name": "dcgm-exporter", "app.kubernetes.io/instance": "dcgm-exporter" });
    assert.deepEqual(input(sm, "spec.attachMetadata"), { node: true });
    const [endpoint] = input(sm, "spec.endpoints");
    assert.equal(endpoint.honorLabels, true);
    assert.equal(endpoint.interval, "30s", "no faster than the exporter collects (every 30 s by default)");
    assert.deepEqual(endpoint.relabelings, [
      { action: "labeldrop", regex: "namespace|pod|container" },
      { action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" },
      { action: "replace", sourceLabels: ["__meta_kubernetes_node_label_ml_clusters_io_pool"], targetLabel: "pool" },
      { action: "replace", sourceLabels: ["__meta_kubernetes_node_label_ml_clusters_io_gpu"], targetLabel: "gpu_model" },
    ]);
    assert.ok(sm.options.dependsOn?.includes(one(run, RELEASE, "monitoring-kube-prometheus-stack").urn), "the CRD comes with the stack");
  });

  it("ships the platform's alerts as one schema-valid PrometheusRule in the monitoring namespace, after the stack", async () => {
    const run = await renderMonitoring();
    const rule = one(run, "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
    const obj = manifestOf(rule);
    await validateObject(obj);
    assert.deepEqual(obj.metadata, {
      name: "ml-clusters-alerts",
      namespace: "monitoring",
      labels: { "app.kubernetes.io/part-of": "ml-clusters", "app.kubernetes.io/managed-by": "pulumi" },
    });
    assert.deepEqual(obj.spec, alertRuleSpec());
    assert.deepEqual(
      alertRuleGroups().flatMap((g) => g.rules.map((r) => [r.alert, r.for, r.labels.severity])),
      [
        ["GpuXidError", "0m", "warning"],
        ["GpuFallenOffBus", "0m", "critical"],
        ["GpuMissing", "10m", "critical"],
        ["GpuMemoryNearFull", "15m", "warning"],
        ["GpuTemperatureHigh", "10m", "warning"],
        ["GpuIdleWhileHeld", "2h", "info"],
        ["GpuPodPending", "30m", "warning"],
        ["TrainingJobFailed", "0m", "warning"],
        ["ServiceNotWaking", "30m", "critical"],
      ],
    );
    for (const r of alertRuleGroups().flatMap((g) => g.rules)) {
      assert.deepEqual(Object.keys(r.annotations), ["summary", "runbook"], r.alert);
      assert.match(r.annotations.runbook, /^[A-Za-z].{40,}\.$/, `${r.alert} runbook is a sentence`);
    }
    assert.ok(rule.options.dependsOn?.includes(one(run, RELEASE, "monitoring-kube-prometheus-stack").urn), "the CRD comes with the stack");
  });

  it("lets kube-state-metrics export the package's Job and Deployment labels the alerts select on", async () => {
    const run = await renderMonitoring();
    const ksm = input(one(run, RELEASE, "monitoring-kube-prometheus-stack"), "values")["kube-state-metrics"];
    assert.deepEqual(ksm.metricLabelsAllowlist, [
      "jobs=[app.kubernetes.io/part-of,app.kubernetes.io/component]",
      "deployments=[app.kubernetes.io/part-of,app.kubernetes.io/component]",
    ]);
  });

  it("tells workloads and the platform where Prometheus and Grafana answer in the cluster", async () => {
    let monitoring: Monitoring | undefined;
    await render(() => {
      monitoring = new Monitoring("monitoring", { contract: new FakeCluster("test", { pools: POOLS }) });
    });
    assert.deepEqual([monitoring!.namespace, monitoring!.prometheusUrl, monitoring!.grafanaUrl, monitoring!.grafanaAdminSecret], [
      "monitoring",
      "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
      "http://kube-prometheus-stack-grafana.monitoring.svc",
      "grafana-admin",
    ]);
    assert.equal(await pulumi.isSecret(monitoring!.grafanaAdminPassword), true);
  });

  it("ships a GPU dashboard with utilisation, memory and power per node, pool and workload", async () => {
    const cm = one(await renderMonitoring(), "kubernetes:core/v1:ConfigMap");
    assert.equal(input(cm, "metadata.labels").grafana_dashboard, "1");
    const dashboard = JSON.parse(input(cm, "data")["gpu-dashboard.json"]);
    const panels = dashboard.panels.filter((p: any) => p.type === "timeseries");
    assert.deepEqual(
      panels.map((p: any) => p.title),
      [
        "GPU utilisation per node",
        "GPU utilisation per pool",
        "GPU utilisation per workload",
        "GPU memory used per node",
        "GPU memory used per pool",
        "GPU memory used per workload",
        "GPU power per node",
        "GPU power per pool",
        "GPU power per workload",
      ],
    );
    assert.equal(panels[0].targets[0].expr, 'avg by (node) (DCGM_FI_DEV_GPU_UTIL{pool=~"$pool"})');
    assert.equal(panels[5].targets[0].expr, 'sum by (namespace, pod) (DCGM_FI_DEV_FB_USED{pool=~"$pool",pod!=""}) * 1024 * 1024');
    assert.equal(panels[7].targets[0].expr, 'sum by (pool) (DCGM_FI_DEV_POWER_USAGE{pool=~"$pool"})');
  });
});
