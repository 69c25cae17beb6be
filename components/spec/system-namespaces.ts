/**
 * Namespaces teams may not declare or deploy into: Kubernetes' own, the cloud's, and those this
 * package installs its add-ons into. The k8s layer installs into PLATFORM_NAMESPACES, so the
 * names live here once and both layers agree.
 */
import type { Cloud } from "../catalog/types";

/** Where this package's add-ons run. */
export const PLATFORM_NAMESPACES = Object.freeze({
  /** Prometheus, Grafana, the Prometheus metrics adapter. */
  monitoring: "monitoring",
  /** KEDA and its HTTP add-on (scale from zero on requests). */
  keda: "keda",
  /** GPU node add-ons: the NVIDIA device plugin (cluster/common.ts installs it here) and the DCGM exporter. */
  gpu: "nvidia-device-plugin",
  /** The platform's Gateway, its certificates and API keys (k8s/gateway.ts). */
  gateway: "ml-gateway",
  /** Envoy Gateway's controller and the Gateway's Envoy proxies (the chart's documented namespace). */
  "gateway controller": "envoy-gateway-system",
  /** cert-manager, which issues the Gateway's certificate. */
  "certificate": "cert-manager",
} as const);

/**
 * Kubernetes' own namespaces. Every name starting with "kube-" is reserved for Kubernetes system
 * namespaces too (kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/, read 2026-10).
 */
export const KUBERNETES_NAMESPACES = Object.freeze(["default", "kube-system", "kube-public", "kube-node-lease"]);
const KUBERNETES_PREFIX = "kube-";

/**
 * Namespaces a managed cluster creates for itself. GKE: Google Cloud Managed Service for
 * Prometheus runs in gmp-system and reads gmp-public, on by default since GKE 1.27; GKE add-ons
 * use gke-* namespaces (cloud.google.com/stackdriver/docs/managed-prometheus, read 2026-10).
 */
const CLOUD_NAMESPACES: { readonly [c in Cloud]: { readonly names: readonly string[]; readonly prefixes: readonly string[] } } = Object.freeze({
  aws: { names: [], prefixes: [] },
  gcp: { names: ["gmp-system", "gmp-public"], prefixes: ["gke-"] },
  azure: { names: [], prefixes: [] },
});

/** Why a namespace is reserved, or undefined when a team may use it. */
export function reservedNamespace(name: string, cloud?: Cloud): string | undefined {
  if (KUBERNETES_NAMESPACES.includes(name)) return "it is one of Kubernetes' own namespaces";
  if (name.startsWith(KUBERNETES_PREFIX)) return `names starting with "${KUBERNETES_PREFIX}" are reserved for Kubernetes system namespaces`;
  const platform = Object.entries(PLATFORM_NAMESPACES).find(([, ns]) => ns === name);
  if (platform !== undefined) return `ml-clusters installs its ${platform[0]} add-ons there`;
  if (cloud !== undefined) {
    const own = CLOUD_NAMESPACES[cloud];
    if (own.names.includes(name) || own.prefixes.some((p) => name.startsWith(p))) return `${cloud} manages it for the cluster`;
  }
  return undefined;
}
