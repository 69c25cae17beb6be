/**
 * Helm values and scrape configuration of the monitoring stack, as pure functions of the cluster
 * contract: what Monitoring installs, reviewable without running anything.
 */
import { daemonRequest } from "../catalog/daemons";
import { addonResources } from "../catalog/system-addons";
import { GPU_DAEMON_TOLERATIONS, GPU_MODEL_LABEL } from "../cluster/common";
import type { ClusterContract, Toleration } from "../cluster/contract";
import { POOL_LABEL } from "../cluster/contract";
import { KSM_LABELS_ALLOWLIST } from "./alerts";
import { DCGM_SCRAPE_INTERVAL } from "./defaults";

/** Release names double as the charts' `fullname`, which names their Services. */
export const KUBE_PROMETHEUS_RELEASE = "kube-prometheus-stack";
export const DCGM_RELEASE = "dcgm-exporter";
/** The Secret Grafana reads its admin login from (`grafana.admin.existingSecret`). */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
export const GRAFANA_USER_KEY = "admin-user";
export const GRAFANA_PASSWORD_KEY = "admin-password";
/** Grafana's sidecar loads every ConfigMap with this label as a dashboard (kube-prometheus-stack default label). */
export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";

/** The in-cluster URL of Prometheus: `<fullname>-prometheus`, port 9090, in the monitoring namespace. */
export function prometheusUrl(namespace: string): string {
  return `http://${KUBE_PROMETHEUS_RELEASE}-prometheus.${namespace}.svc:9090`;
}

/**
 * The in-cluster URL of Grafana: the grafana subchart names its Service `<release>-grafana`
 * (kube-prometheus-stack's fullnameOverride does not reach subcharts), port 80. It is ClusterIP
 * only: reach it with `kubectl port-forward` or an ingress the platform team chooses.
 */
export function grafanaUrl(namespace: string): string {
  return `http://${KUBE_PROMETHEUS_RELEASE}-grafana.${namespace}.svc`;
}

function requestsOf(daemon: string): Record<string, unknown> {
  const r = daemonRequest(daemon);
  // Exactly the catalogue's requests: the capacity planner subtracted these from each node.
  return { requests: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` }, limits: { memory: `${r.memoryMiB}Mi` } };
}

function systemPlacement(contract: ClusterContract): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
  return { nodeSelector: { ...contract.system.nodeSelector }, tolerations: contract.system.tolerations.map((t) => ({ ...t })) };
}

export interface PrometheusSizing {
  readonly retention: string;
  readonly storage: string;
}

/** The PriorityClass the node exporter runs at: above every workload class. */
export const NODE_EXPORTER_PRIORITY_CLASS = "system-node-critical";
/** Name of the quota that admits critical pods to the monitoring namespace. */
export const CRITICAL_PODS_QUOTA = "critical-pods";

/**
 * A ResourceQuota admitting pods of the critical PriorityClass to the monitoring namespace. GKE
 * configures the ResourceQuota admission plugin to limit critical classes to namespaces holding a
 * quota scoped to them (Kubernetes "Resource Quotas", "Limit Priority Class consumption by
 * default"; GKE ships one only in kube-system, `gcp-critical-pods`, seen in
 * openservicemesh/osm#4408, 2021-12): without this quota every node-exporter pod is refused with
 * "insufficient quota to match these scopes" and the atomic release rolls the whole stack back.
 * The DCGM exporter chart runs at the same class by default (`priorityClassName:
 * system-node-critical` in its values.yaml, 4.5.3-4.8.2), so the quota admits GPU metrics too.
 * The limit is GKE's own, 1G pods, so it never binds. Harmless on clouds that do not restrict.
 */
export function criticalPodsQuotaSpec(): { hard: Record<string, string>; scopeSelector: { matchExpressions: { scopeName: string; operator: string; values: string[] }[] } } {
  return {
    hard: { pods: "1G" },
    scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "In", values: [NODE_EXPORTER_PRIORITY_CLASS] }] },
  };
}

/** kube-prometheus-stack values: everything on the system pool, ClusterIP only, Grafana's login from a Secret. */
export function kubePrometheusStackValues(contract: ClusterContract, sizing: PrometheusSizing): Record<string, unknown> {
  const system = systemPlacement(contract);
  return {
    fullnameOverride: KUBE_PROMETHEUS_RELEASE,
    prometheus: {
      service: { type: "ClusterIP" },
      prometheusSpec: {
        retention: sizing.retention,
        resources: addonResources("prometheus", "prometheus"),
        // The contract's Retain class: metrics history outlives an uninstall, and EKS 1.30+ has
        // no default StorageClass to fall back on.
        storageSpec: {
          volumeClaimTemplate: {
            spec: { storageClassName: contract.storageClasses.checkpoint, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: sizing.storage } } },
          },
        },
        // Select every ServiceMonitor/PodMonitor/rule in the cluster, not only the chart's own:
        // ModelService scrape targets live in team namespaces.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        ...system,
      },
    },
    alertmanager: { service: { type: "ClusterIP" }, alertmanagerSpec: { ...system, resources: addonResources("alertmanager", "alertmanager") } },
    grafana: {
      // The password lives in a Secret Pulumi writes from a generated value; never in these values.
      admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: GRAFANA_USER_KEY, passwordKey: GRAFANA_PASSWORD_KEY },
      service: { type: "ClusterIP" },
      // One key sizes both sidecars (dashboards, datasources) in grafana 12.7.2's _pod.tpl.
      sidecar: { dashboards: { enabled: true, label: GRAFANA_DASHBOARD_LABEL, labelValue: "1" }, resources: addonResources("grafana", "grafana-sc-dashboard") },
      resources: addonResources("grafana", "grafana"),
      ...system,
    },
    // The operator's webhook certificate Jobs run as Helm hooks with their own placement: left
    // unplaced they stay Pending where every pool is tainted (an AKS system pool with
    // CriticalAddonsOnly, GPU pools), and the install times out.
    prometheusOperator: {
      ...system,
      resources: addonResources("kube-prometheus-stack-operator"),
      // The operator gives every Prometheus and Alertmanager pod's config-reloader these; left
      // empty it runs them with no requests (prometheus-operator v0.92.1).
      prometheusConfigReloader: { resources: addonResources("prometheus", "config-reloader") },
      admissionWebhooks: { patch: { ...system } },
    },
    "kube-state-metrics": {
      ...system,
      resources: addonResources("kube-state-metrics"),
      // The alerts pick the package's own Jobs and Deployments by label (kube-state-metrics chart
      // values.yaml `metricLabelsAllowlist`, default [], passed as --metric-labels-allowlist).
      metricLabelsAllowlist: [...KSM_LABELS_ALLOWLIST],
    },
    "prometheus-node-exporter": {
      resources: requestsOf("node-exporter"),
      // Above every workload class: a serving pod must never preempt a node's exporter.
      priorityClassName: NODE_EXPORTER_PRIORITY_CLASS,
      // On every node, GPU nodes included: the planner counted it there.
      tolerations: [{ operator: "Exists" }],
    },
  };
}

/** Tolerations for a daemon on every GPU node: the GPU taint and every taint of every pool. */
export function gpuDaemonTolerations(contract: ClusterContract): Toleration[] {
  const seen = new Set<string>();
  const out: Toleration[] = [];
  for (const t of [...GPU_DAEMON_TOLERATIONS, ...Object.values(contract.pools).flatMap((p) => p.tolerations)]) {
    const id = `${t.key}|${t.operator}|${t.value ?? ""}|${t.effect ?? ""}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push({ ...t });
    }
  }
  return out;
}

/**
 * The exporter's resources: the catalogue's requests and memory limit, and no CPU limit. The
 * chart's values.yaml sets `resources.limits` to cpu 200m, memory 512Mi (NVIDIA/dcgm-exporter
 * `deployment/values.yaml` since 4.4.2-4.7.0, still so at tag 4.5.3-4.8.2, the newest readable
 * here; the pin is its 4.8.3 patch). Helm merges user values into the chart's map by map, so
 * leaving `cpu` out keeps the 200m, which throttles the exporter each time it collects; a `null`
 * deletes the chart's key (helm.sh/docs/chart_template_guide/values_files, "Deleting a default
 * key"). helm.v3.Release passes a TypeScript `null` through to Helm from pulumi-kubernetes 4.30.0
 * on (CHANGELOG, #2997; Pulumi Registry, kubernetes "Deleting Helm Chart Default Values"; read
 * 2026-12); the pinned SDK is 4.34.2. A null for a key the chart does not set is rendered as
 * `cpu: null` instead: re-check values.yaml when moving DCGM_EXPORTER_CHART.
 */
export function dcgmExporterResources(): Record<string, unknown> {
  const r = daemonRequest("dcgm-exporter");
  return { requests: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` }, limits: { cpu: null, memory: `${r.memoryMiB}Mi` } };
}

/** Where a driver installed outside `/` is mounted in the exporter (as GKE's own GPU docs do). */
export const DRIVER_MOUNT_PATH = "/usr/local/nvidia";

/** DCGM exporter values: GPU nodes only, the catalogue's requests, the contract's driver location. */
export function dcgmExporterValues(contract: ClusterContract): Record<string, unknown> {
  const values: Record<string, unknown> = {
    tolerations: gpuDaemonTolerations(contract),
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: GPU_MODEL_LABEL, operator: "Exists" }] }] },
      },
    },
    resources: dcgmExporterResources(),
    // Scraped by Monitoring's own ServiceMonitor, which keeps the GPU users' pod labels.
    serviceMonitor: { enabled: false },
    service: { type: "ClusterIP" },
  };
  if (contract.gpuDriver.driverRoot !== "/") {
    values.extraHostVolumes = [{ name: "nvidia-driver", hostPath: contract.gpuDriver.driverRoot }];
    // Helm replaces lists: the chart's own metrics-config mount is repeated here.
    values.extraVolumeMounts = [
      { name: "exporter-metrics-volume", mountPath: "/etc/dcgm-exporter/default-counters.csv", subPath: "default-counters.csv" },
      { name: "nvidia-driver", mountPath: DRIVER_MOUNT_PATH, readOnly: true },
    ];
    values.extraEnv = [{ name: "LD_LIBRARY_PATH", value: `${DRIVER_MOUNT_PATH}/lib64` }];
  }
  return values;
}

/** A node label as Prometheus' Kubernetes discovery spells it: non-alphanumerics become `_`. */
export function nodeLabelMeta(label: string): string {
  return `__meta_kubernetes_node_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

/**
 * The DCGM exporter's scrape: per-GPU series carry the `namespace`/`pod`/`container` of the pod
 * using the GPU (the exporter reads the kubelet's pod-resources API). honorLabels keeps them over
 * the exporter pod's own target labels, which are dropped outright so an idle GPU is not
 * attributed to the exporter; `node`, `pool` and `gpu_model` come from the node the exporter runs on.
 */
export function dcgmServiceMonitorSpec(namespace: string): Record<string, unknown> {
  return {
    selector: { matchLabels: { "app.kubernetes.io/name": DCGM_RELEASE, "app.kubernetes.io/instance": DCGM_RELEASE } },
    namespaceSelector: { matchNames: [namespace] },
    attachMetadata: { node: true },
    endpoints: [
      {
        port: "metrics",
        path: "/metrics",
        interval: DCGM_SCRAPE_INTERVAL,
        honorLabels: true,
        relabelings: [
          { action: "labeldrop", regex: "namespace|pod|container" },
          { action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" },
          { action: "replace", sourceLabels: [nodeLabelMeta(POOL_LABEL)], targetLabel: "pool" },
          { action: "replace", sourceLabels: [nodeLabelMeta(GPU_MODEL_LABEL)], targetLabel: "gpu_model" },
        ],
      },
    ],
  };
}
