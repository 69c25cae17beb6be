/**
 * Monitoring: Prometheus and Grafana (kube-prometheus-stack) with GPU metrics from NVIDIA's DCGM
 * exporter, a GPU dashboard and the platform's alerts (alerts.ts). Grafana's admin password is
 * generated and kept in a Kubernetes Secret the chart references; it never appears in Helm values
 * or in plain text in the state.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import type { ClusterContract } from "../cluster/contract";
import type { SpecProblem } from "../spec/types";
import { DCGM_EXPORTER_CHART, KUBE_PROMETHEUS_STACK_CHART } from "./charts";
import { ALERTS_RULE_NAME, alertRuleSpec } from "./alerts";
import { gpuDashboard } from "./dashboard";
import { MANAGED_BY, MONITORING_NAMESPACE, PART_OF, PROMETHEUS_RETENTION, PROMETHEUS_STORAGE } from "./defaults";
import { helmRelease } from "./helm";
import {
  CRITICAL_PODS_QUOTA,
  DCGM_RELEASE,
  GRAFANA_ADMIN_SECRET,
  GRAFANA_DASHBOARD_LABEL,
  GRAFANA_PASSWORD_KEY,
  GRAFANA_USER_KEY,
  KUBE_PROMETHEUS_RELEASE,
  dcgmExporterValues,
  dcgmServiceMonitorSpec,
  grafanaUrl,
  criticalPodsQuotaSpec,
  kubePrometheusStackValues,
  prometheusUrl,
} from "./monitoring-values";
import { dependencyList, k8sOptions } from "./options";
import type { MonitoringRef } from "./refs";
import { podSecurityLabels } from "./scheduling";
import { throwIfProblems } from "../bad-input";

/** Length of the generated Grafana password: 32 alphanumerics, about 190 bits. */
const GRAFANA_PASSWORD_LENGTH = 32;

export interface MonitoringArgs {
  readonly contract: ClusterContract;
  /** How long Prometheus keeps samples. @default "15d" (PROMETHEUS_RETENTION) */
  readonly retention?: string;
  /** Size of Prometheus' volume. @default "50Gi" (PROMETHEUS_STORAGE) */
  readonly storage?: string;
  /**
   * USD per GPU and hour by GPU pool, for the idle-GPU alert's cost; MlPlatform passes the plan's.
   * Absent: the alert names no cost.
   */
  readonly gpuPricePerHour?: Readonly<Record<string, number>>;
}

/** Prometheus durations (`15d`, `12h`) and Kubernetes binary quantities (`50Gi`). */
const DURATION = /^[1-9][0-9]*(ms|s|m|h|d|w|y)$/;
const STORAGE = /^[1-9][0-9]*(Mi|Gi|Ti)$/;

/** Problems with Monitoring's arguments. */
export function monitoringProblems(args: MonitoringArgs): SpecProblem[] {
  const out: SpecProblem[] = [];
  if (args.retention !== undefined && !DURATION.test(args.retention)) {
    out.push({ path: "retention", message: `must be a Prometheus duration such as "15d" or "36h", got ${JSON.stringify(args.retention)}` });
  }
  if (args.storage !== undefined && !STORAGE.test(args.storage)) {
    out.push({ path: "storage", message: `must be a size in Mi, Gi or Ti such as "50Gi", got ${JSON.stringify(args.storage)}` });
  }
  for (const [pool, price] of Object.entries(args.gpuPricePerHour ?? {})) {
    if (!Number.isFinite(price) || price < 0) {
      out.push({ path: `gpuPricePerHour.${pool}`, message: `must be a price in USD per GPU and hour, 0 or more, got ${JSON.stringify(price)}` });
    }
  }
  return out;
}

export class Monitoring extends pulumi.ComponentResource implements MonitoringRef {
  readonly namespace: string;
  readonly prometheusUrl: string;
  /** In-cluster URL of Grafana (ClusterIP only). */
  readonly grafanaUrl: string;
  readonly ready: readonly pulumi.Resource[];
  /** Grafana's admin password (a secret output), for the stack's outputs. */
  readonly grafanaAdminPassword: pulumi.Output<string>;
  /** The Secret holding Grafana's login, in `namespace`. */
  readonly grafanaAdminSecret: string;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfProblems(monitoringProblems(args), "Monitoring");
    super("ml-clusters:k8s:Monitoring", name, {}, opts);
    const { contract } = args;
    const namespace = MONITORING_NAMESPACE;
    const labels = { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY };
    const waitFor = [...contract.ready, ...dependencyList(opts?.dependsOn)];

    const ns = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      // Privileged: node-exporter needs the host's network, PID namespace and filesystem, and the
      // DCGM exporter SYS_ADMIN and the kubelet's pod-resources socket (Pod Security Standards).
      { metadata: { name: namespace, labels: { ...labels, ...podSecurityLabels("privileged") } } },
      k8sOptions(contract, this, { dependsOn: waitFor }),
    );

    // The node exporter runs at system-node-critical, which GKE admits only against such a quota.
    const criticalQuota = new k8s.core.v1.ResourceQuota(
      `${name}-critical-pods`,
      { metadata: { name: CRITICAL_PODS_QUOTA, namespace, labels }, spec: criticalPodsQuotaSpec() },
      k8sOptions(contract, this, { dependsOn: [ns] }),
    );

    const password = new random.RandomPassword(`${name}-grafana-password`, { length: GRAFANA_PASSWORD_LENGTH, special: false }, { parent: this });
    this.grafanaAdminPassword = pulumi.secret(password.result);
    const adminSecret = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret({ [GRAFANA_USER_KEY]: "admin", [GRAFANA_PASSWORD_KEY]: password.result }),
      },
      k8sOptions(contract, this, { dependsOn: [ns] }),
    );
    this.grafanaAdminSecret = GRAFANA_ADMIN_SECRET;

    const stack = helmRelease(
      `${name}-kube-prometheus-stack`,
      KUBE_PROMETHEUS_RELEASE,
      KUBE_PROMETHEUS_STACK_CHART,
      namespace,
      kubePrometheusStackValues(contract, { retention: args.retention ?? PROMETHEUS_RETENTION, storage: args.storage ?? PROMETHEUS_STORAGE }),
      // Grafana starts only once its admin Secret exists; the node exporter once its quota does.
      k8sOptions(contract, this, { dependsOn: [ns, adminSecret, criticalQuota] }),
    );

    helmRelease(`${name}-dcgm-exporter`, DCGM_RELEASE, DCGM_EXPORTER_CHART, namespace, dcgmExporterValues(contract), k8sOptions(contract, this, { dependsOn: [ns] }));

    new k8s.apiextensions.CustomResource(
      `${name}-dcgm-servicemonitor`,
      { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: DCGM_RELEASE, namespace, labels }, spec: dcgmServiceMonitorSpec(namespace) },
      // The ServiceMonitor CRD comes with kube-prometheus-stack.
      k8sOptions(contract, this, { dependsOn: [stack] }),
    );

    new k8s.apiextensions.CustomResource(
      `${name}-alerts`,
      { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: ALERTS_RULE_NAME, namespace, labels }, spec: alertRuleSpec({ gpuPricePerHour: args.gpuPricePerHour }) },
      // The PrometheusRule CRD comes with kube-prometheus-stack, whose Prometheus selects every rule.
      k8sOptions(contract, this, { dependsOn: [stack] }),
    );

    new k8s.core.v1.ConfigMap(
      `${name}-gpu-dashboard`,
      {
        metadata: { name: "ml-clusters-gpu-dashboard", namespace, labels: { ...labels, [GRAFANA_DASHBOARD_LABEL]: "1" } },
        data: { "gpu-dashboard.json": JSON.stringify(gpuDashboard(), null, 2) },
      },
      k8sOptions(contract, this, { dependsOn: [ns] }),
    );

    this.namespace = namespace;
    this.prometheusUrl = prometheusUrl(namespace);
    this.grafanaUrl = grafanaUrl(namespace);
    this.ready = [stack];
    this.registerOutputs({ namespace, prometheusUrl: this.prometheusUrl, grafanaUrl: this.grafanaUrl, grafanaAdminPassword: this.grafanaAdminPassword });
  }
}
