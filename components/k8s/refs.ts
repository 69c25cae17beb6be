/**
 * What workloads need to know about the cluster-wide add-ons and the monitoring stack. ClusterAddons
 * and Monitoring implement these; tests and programs that install the add-ons some other way can
 * pass plain objects.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface PriorityClassNames {
  readonly serving: string;
  readonly training: string;
}

/** The KEDA HTTP add-on: where its interceptor listens, for routing and network policies. */
export interface HttpScalingRef {
  readonly namespace: string;
  /** The interceptor's proxy Service (callers of a scale-to-zero service go through it). */
  readonly interceptorService: string;
  readonly interceptorPort: number;
  /** The release that installs the HTTPScaledObject CRD: scalers wait for it. */
  readonly ready: readonly pulumi.Resource[];
}

export interface AddonsRef {
  /** PriorityClasses every workload names: they must exist before any pod is admitted. */
  readonly priorityClasses: PriorityClassNames;
  /** Present when the KEDA HTTP add-on is installed (some service scales to zero). */
  readonly httpScaling?: HttpScalingRef;
  /** Whether an adapter serves custom.metrics.k8s.io (GPU utilisation, request rate) to HPAs. */
  readonly customMetrics: boolean;
  /** Resources workloads wait for (the PriorityClasses, the adapter). */
  readonly ready: readonly pulumi.Resource[];
}

export interface MonitoringRef {
  /** Namespace of Prometheus: team namespaces admit its scrapes. */
  readonly namespace: string;
  /** In-cluster URL of Prometheus, for the metrics adapter. */
  readonly prometheusUrl: string;
  /** The release that installs the ServiceMonitor CRD: scrape targets wait for it. */
  readonly ready: readonly pulumi.Resource[];
}

/**
 * The platform's one Gateway (gateway.ts), as ModelService needs it to route a service through it:
 * where the Gateway and its proxies are, the listener routes attach to, and the authentication
 * every route applies.
 */
export interface GatewayRef {
  /** Namespace of the Gateway, its EnvoyProxy, certificates and API-key Secret. */
  readonly namespace: string;
  /** The Gateway's name (HTTPRoute parentRefs). */
  readonly name: string;
  /** The HTTPS listener's name (parentRefs sectionName). */
  readonly httpsListener: string;
  /** The one host name; routes match it. */
  readonly hostname: string;
  /** Namespace the Envoy proxies run in, and labels selecting them: what a routed service's NetworkPolicy admits. */
  readonly proxyNamespace: string;
  readonly proxyLabels: Readonly<Record<string, string>>;
  /** Authentication each route's SecurityPolicy applies; absent: none. */
  readonly auth?: {
    /** The API-key Secret (client name -> key), in `namespace`; routes in other namespaces reach it through a ReferenceGrant there. */
    readonly apiKeySecret?: string;
    readonly jwt?: { readonly issuer: string; readonly jwksUri: string };
  };
  /** `https://<hostname>`. */
  readonly url: string;
  /** What routes wait for: the CRDs, the controller, the Gateway. */
  readonly ready: readonly pulumi.Resource[];
}
