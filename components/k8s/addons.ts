/**
 * ClusterAddons: what every workload of the package relies on, installed once per cluster on the
 * system pool. PriorityClasses always; KEDA and its HTTP add-on only when a service scales to
 * zero; the metrics adapter that serves GPU utilisation and request rate to HPAs only when there
 * is a Prometheus to read them from.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { scalesToZero } from "../capacity/system-pool";
import { addonResources, systemAddon } from "../catalog/system-addons";
import type { ClusterContract } from "../cluster/contract";
import type { SpecProblem, ValidService } from "../spec/types";
import { KEDA_CHART, KEDA_HTTP_CHART, PROMETHEUS_ADAPTER_CHART } from "./charts";
import {
  DRAIN_SECONDS,
  KEDA_NAMESPACE,
  MANAGED_BY,
  PART_OF,
  SERVING_PRIORITY_CLASS,
  SERVING_PRIORITY_VALUE,
  TRAINING_PRIORITY_CLASS,
  TRAINING_PRIORITY_VALUE,
} from "./defaults";
import { helmRelease as release } from "./helm";
import { adapterCustomRules } from "./metrics";
import { dependencyList, k8sOptions } from "./options";
import type { AddonsRef, HttpScalingRef, MonitoringRef, PriorityClassNames } from "./refs";
import { podSecurityLabels } from "./scheduling";
import { podReadySeconds } from "./timeouts";
import { throwIfProblems } from "../bad-input";

/** The HTTP add-on's proxy Service: `<chart>-<interceptor.proxy.service>` in its chart, port 8080. */
export const HTTP_INTERCEPTOR_SERVICE = "keda-add-ons-http-interceptor-proxy";
export const HTTP_INTERCEPTOR_PORT = 8080;

export interface ClusterAddonsArgs {
  readonly contract: ClusterContract;
  /** The validated services: KEDA and its HTTP add-on are installed only when one has `replicas.min: 0`. */
  readonly services: readonly ValidService[];
  /**
   * The monitoring stack whose Prometheus the metrics adapter reads.
   * @default - no adapter: HPAs can scale on CPU only
   */
  readonly monitoring?: MonitoringRef;
}

/** Whether any service scales to zero, which needs KEDA's HTTP add-on (and the system pool has room for it). */
export const needsHttpScaling: (services: readonly ValidService[]) => boolean = scalesToZero;

/**
 * The HTTP interceptor's timeouts. Its chart defaults (keda-add-ons-http values:
 * `interceptor.replicas.waitTimeout` 20s, `interceptor.responseHeaderTimeout` 500ms, read
 * 2026-11) are sized for web services that wake in seconds: a GPU service woken from zero needs a
 * node, an image pull and a model load first, so every cold-start request would fail after 20 s,
 * and a model answering in more than half a second would fail on every request. The interceptor
 * holds a request as long as the slowest scale-to-zero service takes to become ready from nothing,
 * and waits for response headers as long as a replica is allowed to finish a request (DRAIN_SECONDS).
 */
export function interceptorTimeouts(services: readonly ValidService[]): { waitTimeout: string; responseHeaderTimeout: string } {
  const wake = Math.max(0, ...services.filter((s) => s.replicas.min === 0).map(podReadySeconds));
  return { waitTimeout: `${wake}s`, responseHeaderTimeout: `${DRAIN_SECONDS}s` };
}

/**
 * KEDA's values: on the system pool, with the system pool table's requests (`resources.operator`,
 * `resources.metricServer`, `resources.webhooks` in the keda 2.19.0 chart).
 */
export function kedaValues(system: Record<string, unknown>): Record<string, unknown> {
  return {
    ...system,
    resources: {
      operator: addonResources("keda-operator"),
      metricServer: addonResources("keda-operator-metrics-apiserver"),
      webhooks: addonResources("keda-admission-webhooks"),
    },
  };
}

/**
 * The HTTP add-on's values: every part on the system pool with the system pool table's requests,
 * the interceptor with timeouts a GPU cold start fits in and scaling no further than the system
 * pool was sized for (`interceptor.replicas.min`/`max`, keda-add-ons-http 0.12.1 values.yaml).
 */
export function httpAddonValues(system: Record<string, unknown>, services: readonly ValidService[]): Record<string, unknown> {
  const t = interceptorTimeouts(services);
  const interceptor = systemAddon("keda-add-ons-http-interceptor");
  return {
    operator: { ...system, resources: addonResources("keda-add-ons-http-controller-manager") },
    scaler: { ...system, replicas: systemAddon("keda-add-ons-http-external-scaler").replicas, resources: addonResources("keda-add-ons-http-external-scaler") },
    interceptor: {
      ...system,
      responseHeaderTimeout: t.responseHeaderTimeout,
      replicas: { min: interceptor.replicas, max: interceptor.maxReplicas ?? interceptor.replicas, waitTimeout: t.waitTimeout },
      resources: addonResources("keda-add-ons-http-interceptor"),
    },
  };
}

/** Problems with ClusterAddons' arguments. */
export function clusterAddonsProblems(args: ClusterAddonsArgs): SpecProblem[] {
  const out: SpecProblem[] = [];
  const url = args.monitoring?.prometheusUrl;
  if (url !== undefined && !/^https?:\/\/[^/:\s]+(:[0-9]+)?\/?$/.test(url)) {
    out.push({ path: "monitoring.prometheusUrl", message: `must be an http(s) URL of a host and optional port, such as "http://prometheus.monitoring.svc:9090", got ${JSON.stringify(url)}` });
  }
  return out;
}

export class ClusterAddons extends pulumi.ComponentResource implements AddonsRef {
  readonly priorityClasses: PriorityClassNames;
  readonly httpScaling?: HttpScalingRef;
  readonly customMetrics: boolean;
  readonly ready: readonly pulumi.Resource[];

  constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfProblems(clusterAddonsProblems(args), "ClusterAddons");
    super("ml-clusters:k8s:ClusterAddons", name, {}, opts);
    const { contract } = args;
    const waitFor = [...contract.ready, ...dependencyList(opts?.dependsOn)];
    const labels = { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY };

    const serving = new k8s.scheduling.v1.PriorityClass(
      `${name}-serving`,
      {
        metadata: { name: SERVING_PRIORITY_CLASS, labels },
        value: SERVING_PRIORITY_VALUE,
        globalDefault: false,
        preemptionPolicy: "PreemptLowerPriority",
        description: "Model serving: preempts training pods when GPUs are short.",
      },
      k8sOptions(contract, this, { dependsOn: waitFor }),
    );
    const training = new k8s.scheduling.v1.PriorityClass(
      `${name}-training`,
      {
        metadata: { name: TRAINING_PRIORITY_CLASS, labels },
        value: TRAINING_PRIORITY_VALUE,
        globalDefault: false,
        // A waiting training pod queues for GPUs; it never evicts anything to get them.
        preemptionPolicy: "Never",
        description: "Training jobs: below serving, above the cluster autoscaler's expendable cutoff (-10), so pending pods still add nodes.",
      },
      k8sOptions(contract, this, { dependsOn: waitFor }),
    );
    this.priorityClasses = { serving: SERVING_PRIORITY_CLASS, training: TRAINING_PRIORITY_CLASS };
    const ready: pulumi.Resource[] = [serving, training];

    if (needsHttpScaling(args.services)) {
      const ns = new k8s.core.v1.Namespace(
        `${name}-keda-namespace`,
        { metadata: { name: KEDA_NAMESPACE, labels: { ...labels, ...podSecurityLabels("baseline") } } },
        k8sOptions(contract, this, { dependsOn: waitFor }),
      );
      const system = { nodeSelector: { ...contract.system.nodeSelector }, tolerations: contract.system.tolerations.map((t) => ({ ...t })) };
      // KEDA's metrics server registers external.metrics.k8s.io; the adapter below keeps to custom metrics.
      const keda = release(`${name}-keda`, "keda", KEDA_CHART, KEDA_NAMESPACE, kedaValues(system), k8sOptions(contract, this, { dependsOn: [ns, ...waitFor] }));
      const http = release(
        `${name}-keda-http`,
        "keda-add-ons-http",
        KEDA_HTTP_CHART,
        KEDA_NAMESPACE,
        httpAddonValues(system, args.services),
        // The add-on's operator creates KEDA ScaledObjects: KEDA's CRDs must exist first.
        k8sOptions(contract, this, { dependsOn: [ns, keda, ...waitFor] }),
      );
      this.httpScaling = { namespace: KEDA_NAMESPACE, interceptorService: HTTP_INTERCEPTOR_SERVICE, interceptorPort: HTTP_INTERCEPTOR_PORT, ready: [keda, http] };
    }

    this.customMetrics = args.monitoring !== undefined;
    if (args.monitoring !== undefined) {
      const url = new URL(args.monitoring.prometheusUrl);
      const adapter = release(
        `${name}-metrics-adapter`,
        "prometheus-adapter",
        PROMETHEUS_ADAPTER_CHART,
        args.monitoring.namespace,
        {
          prometheus: { url: `${url.protocol}//${url.hostname}`, port: Number(url.port || (url.protocol === "https:" ? 443 : 80)) },
          // Custom metrics only: no default rules (they list every container_* series), no
          // external rules (KEDA owns external.metrics.k8s.io), no resource rules (metrics-server
          // owns metrics.k8s.io, which `kubectl top` and CPU HPAs use).
          rules: { default: false, custom: adapterCustomRules(args.services), external: [], resource: {} },
          nodeSelector: { ...contract.system.nodeSelector },
          tolerations: contract.system.tolerations.map((t) => ({ ...t })),
          resources: addonResources("prometheus-adapter"),
        },
        k8sOptions(contract, this, { dependsOn: [...args.monitoring.ready, ...waitFor] }),
      );
      ready.push(adapter);
    }
    this.ready = ready;
    this.registerOutputs({ priorityClasses: this.priorityClasses, customMetrics: this.customMetrics, httpScaling: this.httpScaling !== undefined });
  }
}
