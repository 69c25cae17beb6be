import { deepFreeze } from "./freeze";
import type { Cloud } from "./types";

/**
 * What runs on the system pool, and what each piece requests: the one table the planner sizes the
 * system pool from (capacity/system-pool.ts). Every capability that installs a Deployment or
 * StatefulSet there adds its rows here, and the code that installs it sets exactly these requests
 * (`addonResources`), so the sizing and the cluster agree.
 *
 * Rows are per pod (the sum over its containers, sidecars included) times `replicas`. DaemonSets
 * are not here: they run on every node and are subtracted from each node's allocatable
 * (daemons.ts). Pods the clouds run themselves are here too, with the numbers their add-on
 * manifests publish; their requests are not ours to set.
 */

/**
 * When a row runs: always, or because the spec turned on what needs it.
 * - `monitoring`: `monitoring.enabled` (kube-prometheus-stack and prometheus-adapter);
 * - `scale-to-zero`: a service with `replicas.min: 0` (KEDA and its HTTP add-on);
 * - `gateway`: a `gateway` section (Envoy Gateway and the Gateway's proxies);
 * - `gateway-certificates`: a `gateway` whose certificate cert-manager issues (`tls.issuer`
 *   `self-signed` or `letsencrypt`; with `secret` the user brings the certificate).
 */
export const ADDON_CONDITIONS = ["always", "monitoring", "scale-to-zero", "gateway", "gateway-certificates"] as const;
export type AddonCondition = (typeof ADDON_CONDITIONS)[number];

export interface SystemAddon {
  /** The pod's workload name, as `kubectl get deploy,sts -A` shows it. */
  readonly name: string;
  /** `ml-clusters`: installed here, requests set from this row; `cloud`: the managed service's own. */
  readonly owner: "ml-clusters" | "cloud";
  /** @default - every cloud */
  readonly clouds?: readonly Cloud[];
  readonly when: AddonCondition;
  readonly replicas: number;
  /** Replicas the add-on may scale itself to; sizes `maxNodes`. @default replicas */
  readonly maxReplicas?: number;
  /** Each container's requests (init containers too when they ask for more than the rest). */
  readonly containers: readonly AddonContainer[];
}

export interface AddonContainer {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  /** The memory limit this package sets; absent for the clouds' own pods and for `fixedBy` containers. */
  readonly memoryLimitMiB?: number;
  /**
   * Who fixes this container's requests when no setting reaches them (an operator that builds the
   * pod itself); the row records them so the pool is sized for them.
   * @default - the owner of the row sets them
   */
  readonly fixedBy?: string;
}

/** What one pod of the add-on requests: the sum over its containers. */
export function addonPodRequest(addon: SystemAddon): { readonly cpuMillis: number; readonly memoryMiB: number } {
  return {
    cpuMillis: addon.containers.reduce((s, c) => s + c.cpuMillis, 0),
    memoryMiB: addon.containers.reduce((s, c) => s + c.memoryMiB, 0),
  };
}

/** One container's requests; a memory limit only on the containers this package sizes. */
function c(name: string, cpuMillis: number, memoryMiB: number, memoryLimitMiB?: number): AddonContainer {
  return { name, cpuMillis, memoryMiB, ...(memoryLimitMiB !== undefined ? { memoryLimitMiB } : {}) };
}

/**
 * The prometheus-operator's config-reloader sidecar, in every Prometheus and Alertmanager pod. The
 * chart sizes it with one key (`prometheusOperator.prometheusConfigReloader.resources`); left
 * empty, the operator (v0.92.1) runs it with no requests at all. It reloads a file on change.
 */
const CONFIG_RELOADER = c("config-reloader", 10, 32, 64);

/** The name of the Envoy proxies' Deployment: gateway.ts names it in its EnvoyProxy, so the row and the cluster agree. */
export const GATEWAY_PROXY_DEPLOYMENT = "envoy-ml-gateway";

export const SYSTEM_ADDONS: readonly SystemAddon[] = deepFreeze([
  // --- installed by ml-clusters: requests are ours, set from these rows ------------------------
  // Values keys and chart defaults were read at the pinned versions (k8s/charts.ts;
  // cluster/aws/tables.ts), each key against the template that reads it, 2026-12.

  // kubernetes/autoscaler cluster-autoscaler chart 9.37.0-9.59.0: `resources: {}`, `replicaCount: 1`.
  { name: "cluster-autoscaler", owner: "ml-clusters", clouds: ["aws"], when: "always", replicas: 1, containers: [c("cluster-autoscaler", 100, 300, 600)] },
  // kedacore/charts keda 2.19.0 (tag v2.19.0): 1 replica each; chart requests 100m/100Mi, which we
  // keep; its 1000Mi limits become 512Mi.
  { name: "keda-operator", owner: "ml-clusters", when: "scale-to-zero", replicas: 1, containers: [c("keda-operator", 100, 100, 512)] },
  { name: "keda-operator-metrics-apiserver", owner: "ml-clusters", when: "scale-to-zero", replicas: 1, containers: [c("keda-operator-metrics-apiserver", 100, 100, 512)] },
  { name: "keda-admission-webhooks", owner: "ml-clusters", when: "scale-to-zero", replicas: 1, containers: [c("keda-admission-webhooks", 100, 100, 512)] },
  // keda-add-ons-http 0.12.1 (kedacore/charts c38077d, PR #812): operator 1 and scaler 3 replicas;
  // the interceptor scales itself from `interceptor.replicas.min` 3 to `.max`, which we lower from
  // 50 to 10 (INTERCEPTOR_MAX_REPLICAS). The chart's 250m/20Mi under a 64Mi limit leaves a proxy
  // holding cold-start requests for minutes no memory to hold them in: 128Mi under 512Mi.
  { name: "keda-add-ons-http-controller-manager", owner: "ml-clusters", when: "scale-to-zero", replicas: 1, containers: [c("keda-add-ons-http-operator", 100, 64, 256)] },
  { name: "keda-add-ons-http-external-scaler", owner: "ml-clusters", when: "scale-to-zero", replicas: 3, containers: [c("keda-add-ons-http-external-scaler", 100, 64, 256)] },
  { name: "keda-add-ons-http-interceptor", owner: "ml-clusters", when: "scale-to-zero", replicas: 3, maxReplicas: 10, containers: [c("keda-add-ons-http-interceptor", 250, 128, 512)] },
  // prometheus-community kube-prometheus-stack 87.12.5 and its subcharts (kube-state-metrics 7.5.3,
  // grafana 12.7.2 from grafana-community/helm-charts). Left alone, only Prometheus asks for
  // anything and the operator adds 200Mi to Alertmanager: the rest would run BestEffort, first to
  // be evicted and invisible to the scheduler.
  // Prometheus: 15 days of a few dozen GPU nodes at a 30 s interval (k8s/defaults.ts).
  { name: "prometheus", owner: "ml-clusters", when: "monitoring", replicas: 1, containers: [c("prometheus", 500, 2048, 4096), CONFIG_RELOADER] },
  { name: "alertmanager", owner: "ml-clusters", when: "monitoring", replicas: 1, containers: [c("alertmanager", 50, 200, 400), CONFIG_RELOADER] },
  // Grafana and its two sidecars (dashboards, datasources), which share `grafana.sidecar.resources`.
  { name: "grafana", owner: "ml-clusters", when: "monitoring", replicas: 1, containers: [c("grafana", 100, 256, 512), c("grafana-sc-dashboard", 20, 64, 128), c("grafana-sc-datasources", 20, 64, 128)] },
  // The operator runs one replica, hard-coded in the chart.
  { name: "kube-prometheus-stack-operator", owner: "ml-clusters", when: "monitoring", replicas: 1, containers: [c("kube-prometheus-stack", 100, 128, 512)] },
  { name: "kube-state-metrics", owner: "ml-clusters", when: "monitoring", replicas: 1, containers: [c("kube-state-metrics", 50, 128, 512)] },
  // prometheus-adapter 5.3.0: `resources` rendered only when set; 1 replica.
  { name: "prometheus-adapter", owner: "ml-clusters", when: "monitoring", replicas: 1, containers: [c("prometheus-adapter", 100, 128, 512)] },
  // envoyproxy/gateway v1.9.0, charts/gateway-helm/values.tmpl.yaml: `deployment.replicas: 1` and
  // the controller's 100m/256Mi under a 1024Mi limit, kept. One replica is enough: the proxies
  // keep the configuration they were last sent and serve on while the controller restarts.
  { name: "envoy-gateway", owner: "ml-clusters", when: "gateway", replicas: 1, containers: [c("envoy-gateway", 100, 256, 1024)] },
  // The Gateway's Envoy proxies, which Envoy Gateway creates from gateway.ts's EnvoyProxy: two, so
  // a node drain or a rollout never leaves the one entry point without a proxy. Envoy's own
  // default request 100m/512Mi (api/v1alpha1/shared_types.go at v1.9.0) is kept, under a 1Gi
  // limit: streamed model answers pass through in small chunks, and the limit stops a leak taking
  // the node. Envoy Gateway builds the shutdown-manager sidecar with a fixed 10m/32Mi and no limit
  // (`DefaultShutdownManagerContainerResourceRequirements`, same tag); no EnvoyProxy field sets it.
  {
    name: GATEWAY_PROXY_DEPLOYMENT,
    owner: "ml-clusters",
    when: "gateway",
    replicas: 2,
    containers: [c("envoy", 100, 512, 1024), { name: "shutdown-manager", cpuMillis: 10, memoryMiB: 32, fixedBy: "envoy-gateway v1.9.0" }],
  },
  // cert-manager v1.21.1 (deploy/charts/cert-manager/values.yaml): one replica each and
  // `resources: {}` everywhere, so left alone all three run BestEffort. For the few certificates
  // of one Gateway (ECDSA keys; the controller caches the full content of TLS Secrets only, the
  // metadata of the rest: cert-manager.io "Scaling cert-manager") modest requests suffice; the
  // limits leave room for a cluster with many Secrets. An outage of one replica delays renewals,
  // which start a third of a certificate's life before it ends, and blocks nothing else.
  { name: "cert-manager", owner: "ml-clusters", when: "gateway-certificates", replicas: 1, containers: [c("cert-manager-controller", 50, 128, 512)] },
  { name: "cert-manager-webhook", owner: "ml-clusters", when: "gateway-certificates", replicas: 1, containers: [c("cert-manager-webhook", 10, 64, 256)] },
  { name: "cert-manager-cainjector", owner: "ml-clusters", when: "gateway-certificates", replicas: 1, containers: [c("cert-manager-cainjector", 20, 128, 512)] },

  // --- run by the clouds: their own requests --------------------------------------------------
  // Pods with no requests (EKS efs-csi-controller, AKS cilium-operator) take no schedulable room
  // and are not listed. Replicas are the small-cluster counts: GKE kube-dns, AKS CoreDNS and the
  // konnectivity agents add replicas as the cluster grows, and metrics-server's requests grow by
  // 0.5m and 4Mi per node (GKE and AKS nanny), which maxNodes' headroom absorbs.

  // EKS: coredns add-on, 2 replicas, 100m/70Mi (EKS User Guide, CoreDNS; eksctl
  // pkg/addons/default/assets/coredns-1.34.json @03c9a0a1). metrics-server community add-on: 2
  // replicas of 100m/200Mi (v0.8.0 and v0.9.0 eksbuilds described in public dumps, 2026-09).
  // ebs-csi-controller: 2 replicas of six containers, 10m/40Mi each but the liveness probe's
  // 10m/32Mi (aws-ebs-csi-driver chart 2.64.0, controller.yaml; the add-on forces the snapshotter on).
  { name: "coredns", owner: "cloud", clouds: ["aws"], when: "always", replicas: 2, containers: [c("coredns", 100, 70)] },
  { name: "metrics-server", owner: "cloud", clouds: ["aws"], when: "always", replicas: 2, containers: [c("metrics-server", 100, 200)] },
  { name: "ebs-csi-controller", owner: "cloud", clouds: ["aws"], when: "always", replicas: 2, containers: [c("ebs-plugin", 10, 40), c("csi-provisioner", 10, 40), c("csi-attacher", 10, 40), c("csi-snapshotter", 10, 40), c("csi-resizer", 10, 40), c("liveness-probe", 10, 32)] },

  // GKE Standard with Dataplane V2, from kube-state-metrics dumps of GKE 1.31 clusters and the
  // upstream kube-dns manifest (kubernetes cluster/addons/dns/kube-dns), 2023-2026; metrics-server
  // per GKE's add-on autoscaling formula at five nodes (cloud.google.com/kubernetes-engine/docs/
  // concepts/add-on/autoscaling). GKE runs its autoscaler and CSI controllers off the nodes.
  { name: "kube-dns", owner: "cloud", clouds: ["gcp"], when: "always", replicas: 2, containers: [c("kubedns", 100, 70), c("dnsmasq", 150, 20), c("sidecar", 10, 20), c("kubedns-metrics-collector", 5, 30)] },
  { name: "kube-dns-autoscaler", owner: "cloud", clouds: ["gcp"], when: "always", replicas: 1, containers: [c("autoscaler", 20, 10)] },
  { name: "konnectivity-agent", owner: "cloud", clouds: ["gcp"], when: "always", replicas: 2, containers: [c("konnectivity-agent", 10, 30), c("konnectivity-agent-metrics-collector", 5, 30)] },
  { name: "konnectivity-agent-autoscaler", owner: "cloud", clouds: ["gcp"], when: "always", replicas: 1, containers: [c("autoscaler", 10, 10)] },
  { name: "metrics-server", owner: "cloud", clouds: ["gcp"], when: "always", replicas: 1, containers: [c("metrics-server", 43, 55), c("metrics-server-nanny", 5, 50)] },
  { name: "event-exporter-gke", owner: "cloud", clouds: ["gcp"], when: "always", replicas: 1, containers: [c("event-exporter", 3, 100)] },
  { name: "l7-default-backend", owner: "cloud", clouds: ["gcp"], when: "always", replicas: 1, containers: [c("default-http-backend", 10, 20)] },

  // AKS with Azure CNI Overlay and Cilium: CoreDNS 2 × 100m/70Mi (learn.microsoft.com/azure/aks/
  // coredns-autoscale, 2026-01); metrics-server 2 × the nanny's 150m/100Mi plus 0.5m/4Mi per node
  // and its VPA container (use-metrics-server-vertical-pod-autoscaler; 156m/138Mi seen per pod on
  // two nodes, 2026-09); the workload identity webhook 2 × 100m/20Mi (Azure/azure-workload-identity
  // chart values @0146045); the rest from public dumps of AKS clusters, 2022-2026.
  { name: "coredns", owner: "cloud", clouds: ["azure"], when: "always", replicas: 2, containers: [c("coredns", 100, 70)] },
  { name: "coredns-autoscaler", owner: "cloud", clouds: ["azure"], when: "always", replicas: 1, containers: [c("autoscaler", 20, 10)] },
  { name: "metrics-server", owner: "cloud", clouds: ["azure"], when: "always", replicas: 2, containers: [c("metrics-server", 151, 108), c("metrics-server-vpa", 5, 30)] },
  { name: "konnectivity-agent", owner: "cloud", clouds: ["azure"], when: "always", replicas: 2, containers: [c("konnectivity-agent", 20, 20)] },
  { name: "azure-wi-webhook-controller-manager", owner: "cloud", clouds: ["azure"], when: "always", replicas: 2, containers: [c("manager", 100, 20)] },
]);

/** The row of an add-on this package installs; throws for a name not in the table (a programming error). */
export function systemAddon(name: string): SystemAddon {
  const row = SYSTEM_ADDONS.find((a) => a.name === name && a.owner === "ml-clusters");
  if (row === undefined) throw new Error(`no system add-on "${name}" installed by ml-clusters in catalog/system-addons.ts`);
  return row;
}

/** A container's resources as chart values take them. */
export interface AddonResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: null; readonly memory: string };
}

/**
 * A container's `resources` for a chart's values: the table's requests and memory limit, and no
 * CPU limit (throttling an add-on slows the whole cluster; the request already reserves its
 * share). `cpu: null` deletes a chart's default CPU limit, which Helm would otherwise merge in
 * (KEDA's 1 CPU, the HTTP add-on's 500m).
 */
export function addonResources(name: string, container?: string): AddonResources {
  const row = systemAddon(name);
  const one = container === undefined ? row.containers[0] : row.containers.find((x) => x.name === container);
  if (one === undefined || one.memoryLimitMiB === undefined) throw new Error(`system add-on "${name}" has no sized container "${container ?? "(first)"}"`);
  return { requests: { cpu: `${one.cpuMillis}m`, memory: mebibytes(one.memoryMiB) }, limits: { cpu: null, memory: mebibytes(one.memoryLimitMiB) } };
}

/** `2Gi` for 2048, `100Mi` for 100: as a person would write the quantity. */
function mebibytes(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}
