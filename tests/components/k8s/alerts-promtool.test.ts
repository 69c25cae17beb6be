/**
 * The alerts against a real Prometheus rule engine: `promtool check rules` and `promtool test rules`
 * on the rules the PrometheusRule carries (same builder), with DCGM- and kube-state-metrics-shaped
 * series. Every alert has a series that fires it and series that must not. promtool comes from
 * Debian's `prometheus` package (.ci/run installs it); without it the suite skips outside CI and
 * fails in CI.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alertRuleGroups, type AlertRule } from "../../../components/k8s/alerts";

type Labels = Record<string, string>;
interface Series {
  readonly series: string;
  readonly values: string;
}
interface AlertCheck {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: { exp_labels: Labels; exp_annotations: Labels }[];
}

/** The `a100` pool's GPU-hour price goes into the idle alert; `h100` is another branch of its template. */
const PRICES = { a100: 3.6725, h100: 12.29 };
const groups = alertRuleGroups({ gpuPricePerHour: PRICES });
const rules = new Map<string, AlertRule>(groups.flatMap((g) => g.rules.map((r) => [r.alert, r] as const)));

function series(name: string, labels: Labels, values: string): Series {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ");
  return { series: `${name}{${body}}`, values };
}

/** The alert promtool should report: the series' labels, the rule's, and its annotations expanded. */
function firing(alert: string, labels: Labels, value?: string, summary?: string): { exp_labels: Labels; exp_annotations: Labels } {
  const rule = rules.get(alert);
  assert.ok(rule, `no alert ${alert}`);
  const expand = (t: string) => t.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => labels[k] ?? "").replace(/\{\{ \$value \}\}/g, () => value ?? "");
  return {
    exp_labels: { ...labels, ...rule.labels },
    exp_annotations: { summary: summary ?? expand(rule.annotations.summary), runbook: expand(rule.annotations.runbook) },
  };
}

function check(eval_time: string, alertname: string, ...exp_alerts: ReturnType<typeof firing>[]): AlertCheck {
  return { eval_time, alertname, exp_alerts };
}

const gpu = (n: string, extra: Labels = {}): Labels => ({ gpu: n, node: "gpu-node-1", pool: "a100", ...extra });
const held = { namespace: "research", pod: "chat-7d9f" };

/** One promtool test per alert group of series; each names what fires and, by omission, what does not. */
function promtoolTests(): { interval: string; input_series: Series[]; alert_rule_test: AlertCheck[] }[] {
  return [
    {
      interval: "1m",
      input_series: [
        series("DCGM_FI_DEV_XID_ERRORS", gpu("0"), "13x10"),
        series("DCGM_FI_DEV_XID_ERRORS", gpu("1"), "0x10"),
        series("DCGM_FI_DEV_XID_ERRORS", gpu("2"), "79x10"),
      ],
      alert_rule_test: [
        check("5m", "GpuXidError", firing("GpuXidError", gpu("0"), "13")),
        check("5m", "GpuFallenOffBus", firing("GpuFallenOffBus", gpu("2"))),
      ],
    },
    {
      interval: "1m",
      input_series: [
        // Both GPUs reported: quiet. One of two reported, and none of one: fire. A CPU node: quiet.
        series("kube_node_status_capacity", { node: "n1", resource: "nvidia_com_gpu" }, "2x20"),
        series("DCGM_FI_DEV_GPU_UTIL", { gpu: "0", node: "n1" }, "50x20"),
        series("DCGM_FI_DEV_GPU_UTIL", { gpu: "1", node: "n1" }, "50x20"),
        series("kube_node_status_capacity", { node: "n2", resource: "nvidia_com_gpu" }, "2x20"),
        series("DCGM_FI_DEV_GPU_UTIL", { gpu: "0", node: "n2" }, "50x20"),
        series("kube_node_status_capacity", { node: "n3", resource: "nvidia_com_gpu" }, "1x20"),
        series("kube_node_status_capacity", { node: "n4", resource: "nvidia_com_gpu" }, "0x20"),
      ],
      alert_rule_test: [check("5m", "GpuMissing"), check("15m", "GpuMissing", firing("GpuMissing", { node: "n2" }), firing("GpuMissing", { node: "n3" }))],
    },
    {
      interval: "1m",
      input_series: [
        series("DCGM_FI_DEV_FB_USED", gpu("0", held), "78000x30"),
        series("DCGM_FI_DEV_FB_FREE", gpu("0", held), "2000x30"),
        // 90%: vLLM's normal reservation.
        series("DCGM_FI_DEV_FB_USED", gpu("1"), "72000x30"),
        series("DCGM_FI_DEV_FB_FREE", gpu("1"), "8000x30"),
      ],
      alert_rule_test: [check("10m", "GpuMemoryNearFull"), check("20m", "GpuMemoryNearFull", firing("GpuMemoryNearFull", gpu("0", held)))],
    },
    {
      interval: "1m",
      input_series: [
        series("DCGM_FI_DEV_GPU_TEMP", gpu("0"), "90x30"),
        series("DCGM_FI_DEV_GPU_TEMP", gpu("1"), "80x30"),
        // Hot for five minutes, then cool: quiet.
        series("DCGM_FI_DEV_GPU_TEMP", gpu("2"), "90x5 70x25"),
      ],
      alert_rule_test: [check("5m", "GpuTemperatureHigh"), check("20m", "GpuTemperatureHigh", firing("GpuTemperatureHigh", gpu("0"), "90"))],
    },
    {
      interval: "1m",
      input_series: [
        series("DCGM_FI_DEV_GPU_UTIL", gpu("0", held), "2x200"),
        series("DCGM_FI_DEV_GPU_UTIL", gpu("1", { namespace: "research", pod: "train-0" }), "60x200"),
        // Idle but held by no pod: nobody pays for it here.
        series("DCGM_FI_DEV_GPU_UTIL", gpu("2"), "0x200"),
      ],
      alert_rule_test: [check("1h", "GpuIdleWhileHeld"), check(
          "2h10m",
          "GpuIdleWhileHeld",
          firing(
            "GpuIdleWhileHeld",
            gpu("0", held),
            undefined,
            "Pod research/chat-7d9f has held GPU 0 on node gpu-node-1 (pool a100) under 5% utilisation for 2 hours. It costs $3.67 an hour.",
          ),
        )],
    },
    {
      interval: "1m",
      input_series: [
        series("kube_pod_status_phase", { namespace: "research", pod: "gpu-a", phase: "Pending" }, "1x60"),
        series("kube_pod_container_resource_requests", { namespace: "research", pod: "gpu-a", container: "server", resource: "nvidia_com_gpu", unit: "integer" }, "1x60"),
        // Pending without a GPU: not this alert's business.
        series("kube_pod_status_phase", { namespace: "research", pod: "cpu-b", phase: "Pending" }, "1x60"),
        series("kube_pod_container_resource_requests", { namespace: "research", pod: "cpu-b", container: "app", resource: "cpu", unit: "core" }, "1x60"),
        // A GPU pod that is running.
        series("kube_pod_status_phase", { namespace: "research", pod: "gpu-c", phase: "Pending" }, "0x60"),
        series("kube_pod_container_resource_requests", { namespace: "research", pod: "gpu-c", container: "server", resource: "nvidia_com_gpu", unit: "integer" }, "1x60"),
      ],
      alert_rule_test: [check("20m", "GpuPodPending"), check("40m", "GpuPodPending", firing("GpuPodPending", { namespace: "research", pod: "gpu-a" }))],
    },
    {
      interval: "1m",
      input_series: [
        series("kube_job_failed", { namespace: "research", job_name: "pretrain-1a2b", condition: "true" }, "1x10"),
        series("kube_job_labels", { namespace: "research", job_name: "pretrain-1a2b", label_app_kubernetes_io_part_of: "ml-clusters", label_app_kubernetes_io_component: "training" }, "1x10"),
        series("kube_job_failed", { namespace: "research", job_name: "finetune-3c4d", condition: "true" }, "0x10"),
        series("kube_job_labels", { namespace: "research", job_name: "finetune-3c4d", label_app_kubernetes_io_part_of: "ml-clusters", label_app_kubernetes_io_component: "training" }, "1x10"),
        // Someone else's Job.
        series("kube_job_failed", { namespace: "tools", job_name: "backup", condition: "true" }, "1x10"),
        series("kube_job_labels", { namespace: "tools", job_name: "backup" }, "1x10"),
      ],
      alert_rule_test: [check("2m", "TrainingJobFailed", firing("TrainingJobFailed", { namespace: "research", job_name: "pretrain-1a2b" }))],
    },
    {
      interval: "1m",
      input_series: [
        ...deployment("zero", 1, 0),
        // Scaled to zero and asked for nothing: quiet. Serving: quiet.
        ...deployment("idle", 0, 0),
        ...deployment("chat", 2, 2),
        // Not the package's.
        series("kube_deployment_spec_replicas", { namespace: "research", deployment: "other" }, "1x60"),
        series("kube_deployment_status_replicas_available", { namespace: "research", deployment: "other" }, "0x60"),
        series("kube_deployment_labels", { namespace: "research", deployment: "other" }, "1x60"),
      ],
      alert_rule_test: [check("20m", "ServiceNotWaking"), check("40m", "ServiceNotWaking", firing("ServiceNotWaking", { namespace: "research", deployment: "zero" }))],
    },
  ];
}

function deployment(name: string, wanted: number, available: number): Series[] {
  const id = { namespace: "research", deployment: name };
  return [
    series("kube_deployment_spec_replicas", id, `${wanted}x60`),
    series("kube_deployment_status_replicas_available", id, `${available}x60`),
    series("kube_deployment_labels", { ...id, label_app_kubernetes_io_part_of: "ml-clusters", label_app_kubernetes_io_component: "model-server" }, "1x60"),
  ];
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync("promtool", args, { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

function promtoolAvailable(): boolean {
  return spawnSync("promtool", ["--version"]).error === undefined;
}

describe("Alerts in promtool", function () {
  let dir: string;

  before(function () {
    if (!promtoolAvailable()) {
      if (process.env.CI === "true") throw new Error("promtool is missing in CI: .ci/run installs Debian's prometheus package, which provides it");
      console.log("    (skipped: promtool is not installed; `apt-get install prometheus` provides it, and CI requires it)");
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), "ml-clusters-alerts-"));
    // JSON is YAML: promtool reads both files as written.
    writeFileSync(join(dir, "rules.yaml"), JSON.stringify({ groups }, null, 2));
    writeFileSync(join(dir, "tests.yaml"), JSON.stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests: promtoolTests() }, null, 2));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("accepts every rule (promtool check rules)", () => {
    const r = promtool("check", "rules", join(dir, "rules.yaml"));
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, new RegExp(`SUCCESS: ${rules.size} rules found`));
  });

  it("fires every alert on the series that should and on no other (promtool test rules)", () => {
    const tested = new Set(promtoolTests().flatMap((t) => t.alert_rule_test.filter((c) => c.exp_alerts.length > 0).map((c) => c.alertname)));
    assert.deepEqual([...tested].sort(), [...rules.keys()].sort(), "every alert has a firing case");
    const r = promtool("test", "rules", join(dir, "tests.yaml"));
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /SUCCESS/);
  });

  it("rejects an alert that fires where the tests say it must not", () => {
    const broken = promtoolTests();
    broken[0].alert_rule_test[0].exp_alerts.pop();
    writeFileSync(join(dir, "broken.yaml"), JSON.stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests: broken }, null, 2));
    const r = promtool("test", "rules", join(dir, "broken.yaml"));
    assert.equal(r.status, 1, r.output);
    assert.match(r.output, /alertname: GpuXidError/);
  });
});
