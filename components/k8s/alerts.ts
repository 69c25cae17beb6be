/**
 * The platform's alerts: one PrometheusRule (monitoring.coreos.com/v1) that the stack's Prometheus
 * loads because it selects every rule in the cluster (`ruleSelectorNilUsesHelmValues: false`,
 * monitoring-values.ts). Pure: the same builder feeds the Kubernetes object and the
 * `promtool test rules` unit tests (tests/components/k8s/alerts-promtool.test.ts).
 *
 * Sources of the series, each checked at its source:
 * - DCGM exporter default counters (NVIDIA/dcgm-exporter `etc/default-counters.csv`, tag
 *   4.5.3-4.8.2, the newest tag in the stored snapshot; the pinned chart 4.8.3 mounts that file as
 *   its metrics config, read 2026-12): DCGM_FI_DEV_XID_ERRORS (gauge, "value of the last XID error
 *   encountered"), DCGM_FI_DEV_GPU_TEMP (gauge, C), DCGM_FI_DEV_GPU_UTIL (gauge, %),
 *   DCGM_FI_DEV_FB_USED and DCGM_FI_DEV_FB_FREE (gauges, MiB). Their `node`, `pool` and
 *   `gpu_model` labels, and the `namespace`/`pod` of the pod holding the GPU, come from
 *   Monitoring's ServiceMonitor (dcgmServiceMonitorSpec).
 * - kube-state-metrics (kubernetes/kube-state-metrics docs/metrics, read 2026-12; all STABLE):
 *   kube_pod_status_phase{phase}, kube_pod_container_resource_requests{resource} with extended
 *   resources sanitised (`nvidia.com/gpu` -> `nvidia_com_gpu`), kube_node_status_capacity{resource},
 *   kube_job_failed{condition} and kube_job_labels (workload/job-metrics.md),
 *   kube_deployment_spec_replicas, kube_deployment_status_replicas_available and
 *   kube_deployment_labels (workload/deployment-metrics.md). The `*_labels` series carry only the
 *   labels in `--metric-labels-allowlist`, which Monitoring sets (KSM_LABELS_ALLOWLIST).
 *
 * Prometheus versions: CI checks these with Debian's promtool (Prometheus 2.42) while the pinned
 * kube-prometheus-stack runs Prometheus 3.x. The expressions use only instant selectors, binary
 * operators and `count`/`max`/`sum by`, which both evaluate alike: no range selector (whose
 * boundary 3.x made left-open), no regex matcher on `.` (which 3.x lets match newlines), no function
 * 3.x renamed, and no `keep_firing_for` (2.42+ only in Prometheus, and not every operator CRD).
 */
import type { CapacityPlan } from "../capacity/types";
import { IMAGE_PULL_SECONDS, NODE_PROVISION_SECONDS, PART_OF } from "./defaults";

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<{ summary: string; runbook: string }>;
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** The PrometheusRule's name in the monitoring namespace. */
export const ALERTS_RULE_NAME = "ml-clusters-alerts";

/**
 * Kubernetes labels kube-state-metrics copies onto kube_job_labels and kube_deployment_labels
 * (its `--metric-labels-allowlist`, the kube-state-metrics chart's `metricLabelsAllowlist`), so
 * the alerts can pick the package's own Jobs and Deployments (recommendedLabels, scheduling.ts).
 */
export const KSM_LABELS_ALLOWLIST: readonly string[] = [
  "jobs=[app.kubernetes.io/part-of,app.kubernetes.io/component]",
  "deployments=[app.kubernetes.io/part-of,app.kubernetes.io/component]",
];

/**
 * Above this GPU temperature an alert fires. Estimate, not a published limit: datacenter GPUs
 * start slowing their clocks around 85-90 C (the slowdown threshold `nvidia-smi -q` reports varies
 * by model), so 85 C held for 10 minutes means cooling is failing before jobs slow down.
 */
export const GPU_TEMPERATURE_LIMIT_C = 85;
/**
 * Share of GPU memory in use above which an alert fires. vLLM claims 90% of the GPU's memory up
 * front (`--gpu-memory-utilization` 0.9 by default), so the threshold sits above that: a serving
 * engine at its normal reservation does not page anyone.
 */
export const GPU_MEMORY_FULL_RATIO = 0.95;
/** Utilisation (percent) under which a GPU counts as idle, as the idle-cost panel does. */
export const GPU_IDLE_PERCENT = 5;

/** Seconds to a Prometheus duration in whole minutes, rounded up. */
function minutes(seconds: number): string {
  return `${Math.ceil(seconds / 60)}m`;
}

/**
 * How long a GPU pod may stay Pending, or a serving Deployment without an available replica,
 * before anyone is told: a new GPU node (the autoscaler's 15 minute provision limit) plus the
 * image pull on it, plus 5 minutes to start. Anything longer is not a cold start any more.
 */
export const GPU_START_GRACE = minutes(NODE_PROVISION_SECONDS + IMAGE_PULL_SECONDS + 300);

const partOf = `label_app_kubernetes_io_part_of="${PART_OF}"`;

/** What the alerts know of the plan. */
export interface AlertOptions {
  /**
   * USD per GPU and hour by pool name (the plan's node price, spot where known, over its GPUs).
   * A pool without a price gets no cost in its idle alert.
   */
  readonly gpuPricePerHour?: Readonly<Record<string, number>>;
}

/**
 * USD per GPU and hour of each planned GPU pool: the node's price (a spot pool's snapshot spot
 * price where the plan has one, as that is what an idle spot node costs) over its GPUs.
 */
export function gpuPricesOfPlan(plan: Pick<CapacityPlan, "pools">): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of plan.pools) {
    if (p.gpu !== null && p.gpusPerNode > 0) out[p.name] = (p.spotPricePerHour ?? p.pricePerHour) / p.gpusPerNode;
  }
  return out;
}

/**
 * The idle alert's cost sentence as a Go template over the series' `pool` label (Prometheus
 * expands annotation templates with text/template in 2.x and 3.x alike): a pool's price is only
 * known when the alerts are built, so it is written in, one branch per pool.
 */
export function idleCostTemplate(prices: Readonly<Record<string, number>>): string {
  const pools = Object.keys(prices).sort();
  if (pools.length === 0) return "";
  const branches = pools.map((p, i) => `{{ ${i === 0 ? "if" : "else if"} eq $labels.pool ${JSON.stringify(p)} }} It costs $${prices[p].toFixed(2)} an hour.`);
  return `${branches.join("")}{{ end }}`;
}

/** Every alert the platform ships, in one group. */
export function alertRuleGroups(options: AlertOptions = {}): RuleGroup[] {
  const gpuWhere = "GPU {{ $labels.gpu }} on node {{ $labels.node }} (pool {{ $labels.pool }})";
  const rules: AlertRule[] = [
    {
      alert: "GpuXidError",
      // Xid 79 has its own, critical alert below.
      expr: "DCGM_FI_DEV_XID_ERRORS != 0 unless DCGM_FI_DEV_XID_ERRORS == 79",
      for: "0m",
      labels: { severity: "warning" },
      annotations: {
        summary: `${gpuWhere} reported Xid error {{ $value }}.`,
        runbook:
          "Look the Xid up in NVIDIA's Xid catalogue and in the node's kernel log (dmesg | grep -i xid); an application Xid (13, 31, 43) means the pod's own code failed, while a hardware Xid (48, 63, 64, 74, 94, 95) or any recurring one means cordoning and draining the node so the cloud replaces it.",
      },
    },
    {
      alert: "GpuFallenOffBus",
      expr: "DCGM_FI_DEV_XID_ERRORS == 79",
      for: "0m",
      labels: { severity: "critical" },
      annotations: {
        summary: `${gpuWhere} has fallen off the bus (Xid 79).`,
        runbook: "The GPU is unreachable until the node reboots: cordon and drain the node, then delete it so the autoscaler replaces it; if it recurs on new nodes of the pool, open a case with the cloud.",
      },
    },
    {
      alert: "GpuMissing",
      // A GPU that disappears leaves no series to compare, so the exporter's per-GPU series are
      // counted against the node's GPU capacity; a node with GPUs and no series at all (its
      // exporter down, or every GPU gone) is the second half.
      expr: [
        'count by (node) (DCGM_FI_DEV_GPU_UTIL) < on(node) max by (node) (kube_node_status_capacity{resource="nvidia_com_gpu"})',
        'max by (node) (kube_node_status_capacity{resource="nvidia_com_gpu"} > 0) unless on(node) count by (node) (DCGM_FI_DEV_GPU_UTIL)',
      ].join("\nor\n"),
      for: "10m",
      labels: { severity: "critical" },
      annotations: {
        summary: "Node {{ $labels.node }} has GPUs in its capacity that the DCGM exporter no longer reports.",
        runbook:
          "Check the node's dcgm-exporter pod in the monitoring namespace and run nvidia-smi on the node: if the exporter is fine and a GPU is missing, cordon and drain the node and delete it so the autoscaler replaces it.",
      },
    },
    {
      alert: "GpuMemoryNearFull",
      expr: `DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE) > ${GPU_MEMORY_FULL_RATIO}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: `${gpuWhere} has used over ${GPU_MEMORY_FULL_RATIO * 100}% of its memory for 15 minutes (pod {{ $labels.namespace }}/{{ $labels.pod }}).`,
        runbook:
          "The pod is close to CUDA out-of-memory: lower its batch size, context length or the engine's memory share (vLLM --gpu-memory-utilization), or give the service a GPU with more memory.",
      },
    },
    {
      alert: "GpuTemperatureHigh",
      expr: `DCGM_FI_DEV_GPU_TEMP > ${GPU_TEMPERATURE_LIMIT_C}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: `${gpuWhere} has been above ${GPU_TEMPERATURE_LIMIT_C} C for 10 minutes ({{ $value }} C).`,
        runbook: "The GPU will throttle its clocks: if only this node is hot, cordon and drain it so the cloud replaces it; if the whole pool is, report the cooling problem to the cloud.",
      },
    },
    {
      alert: "GpuIdleWhileHeld",
      expr: `DCGM_FI_DEV_GPU_UTIL{pod!=""} < ${GPU_IDLE_PERCENT}`,
      for: "2h",
      labels: { severity: "info" },
      annotations: {
        summary: `Pod {{ $labels.namespace }}/{{ $labels.pod }} has held ${gpuWhere} under ${GPU_IDLE_PERCENT}% utilisation for 2 hours.${idleCostTemplate(options.gpuPricePerHour ?? {})}`,
        runbook:
          "An idle GPU costs its full hourly price: ask the pod's owner whether it is still needed; a service can scale to zero (replicas.min: 0) and a finished notebook or job should be deleted.",
      },
    },
    {
      alert: "GpuPodPending",
      expr: [
        'max by (namespace, pod) (kube_pod_status_phase{phase="Pending"}) == 1',
        'and on(namespace, pod)',
        'sum by (namespace, pod) (kube_pod_container_resource_requests{resource="nvidia_com_gpu"}) > 0',
      ].join("\n"),
      for: GPU_START_GRACE,
      labels: { severity: "warning" },
      annotations: {
        summary: `GPU pod {{ $labels.namespace }}/{{ $labels.pod }} has been Pending for over ${GPU_START_GRACE}.`,
        runbook:
          "kubectl describe the pod: a FailedScheduling or NotTriggerScaleUp event means the autoscaler could not place it (pool at its maximum, GPU quota or zone capacity exhausted); raise the pool's maximum or the cloud quota, or fall back to another GPU type.",
      },
    },
    {
      alert: "TrainingJobFailed",
      expr: [
        'max by (namespace, job_name) (kube_job_failed{condition="true"}) == 1',
        "and on(namespace, job_name)",
        `kube_job_labels{${partOf}, label_app_kubernetes_io_component="training"}`,
      ].join("\n"),
      for: "0m",
      labels: { severity: "warning" },
      annotations: {
        summary: "Training Job {{ $labels.namespace }}/{{ $labels.job_name }} has failed.",
        runbook:
          "kubectl describe job and kubectl logs its last pods: the Job gave up after its retries; fix the cause (code, data, out of memory) and run it again, resuming from its checkpoint volume where it has one.",
      },
    },
    {
      alert: "ServiceNotWaking",
      // Observable without the KEDA HTTP add-on's own metrics, which the stack does not scrape:
      // a scale-to-zero service that was asked to wake has replicas wanted and none available.
      // Services that never scale to zero and lose every replica fire too, as they should.
      expr: [
        "max by (namespace, deployment) (kube_deployment_spec_replicas) > 0",
        "and on(namespace, deployment)",
        "max by (namespace, deployment) (kube_deployment_status_replicas_available) == 0",
        "and on(namespace, deployment)",
        `kube_deployment_labels{${partOf}, label_app_kubernetes_io_component="model-server"}`,
      ].join("\n"),
      for: GPU_START_GRACE,
      labels: { severity: "critical" },
      annotations: {
        summary: `Service {{ $labels.namespace }}/{{ $labels.deployment }} wants replicas but has had none available for ${GPU_START_GRACE}.`,
        runbook:
          "Requests to it queue or fail: kubectl describe its pods, then check for a GpuPodPending alert (no node), an image pull error or a crashing model server (kubectl logs --previous), and fix that cause.",
      },
    },
  ];
  return [{ name: "ml-clusters-gpu-and-workloads", rules }];
}

/** The PrometheusRule's spec. */
export function alertRuleSpec(options: AlertOptions = {}): { groups: RuleGroup[] } {
  return { groups: alertRuleGroups(options) };
}
