/**
 * Every Helm chart the Kubernetes layer installs, pinned to one version. A version moves only
 * by editing this table, so a chart upgrade is a reviewed diff, never a side effect of `up`.
 */

export interface ChartPin {
  readonly chart: string;
  readonly version: string;
  /** A chart repository URL, or an OCI registry path (`oci://...`) that holds the chart by name. */
  readonly repo: string;
}

/**
 * How Helm is told where the chart is: an OCI chart by its full reference and no repository (the
 * provider resolves `oci://` names itself and would look a repository URL up as an index,
 * pulumi-kubernetes provider/pkg/provider/helm_release.go `resolveChartName`), any other by name
 * in its repository.
 */
export function chartSource(pin: ChartPin): { readonly chart: string; readonly repositoryOpts?: { readonly repo: string } } {
  return pin.repo.startsWith("oci://") ? { chart: `${pin.repo}/${pin.chart}` } : { chart: pin.chart, repositoryOpts: { repo: pin.repo } };
}

/**
 * KEDA core 2.19.0 (kedacore/charts, chart version = KEDA version). KEDA v2.19.0 was released at
 * the start of February 2026 (github.com/kedacore/keda/releases/tag/v2.19.0; endoflife.date
 * added the 2.19 cycle on 2026-02-10). The HTTP add-on below is not built against it: 0.12.1
 * builds on keda v2.18.3 (kedacore/http-add-on `go.mod` at v0.12.1) and its compatibility table
 * pairs 0.12 with KEDA v2.18 (`docs/install.md`, same tag; read 2026-12), so 2.19 with it is a
 * pairing upstream has not listed.
 */
export const KEDA_CHART: ChartPin = Object.freeze({
  chart: "keda",
  version: "2.19.0",
  repo: "https://kedacore.github.io/charts",
});

/**
 * KEDA HTTP add-on 0.12.1 (chart keda-add-ons-http 0.12.1, kedacore/charts PR #812, merged
 * 2026-02-03; 0.12.2 followed on 2026-02-19). Its routing API is `HTTPScaledObject`
 * (http.keda.sh/v1alpha1) with `hosts` and `pathPrefixes` lists (kedacore/http-add-on
 * `operator/apis/http/v1alpha1/httpscaledobject_types.go` at v0.12.1; the single `host` field
 * went in v0.7.0). 0.13 keeps that API unchanged; 0.14 adds `InterceptorRoute`
 * (http.keda.sh/v1beta1) beside it and logs a deprecation warning for each HTTPScaledObject, which
 * still works there and in 0.15 (http-add-on CHANGELOG, v0.7.0 and v0.14.0; read 2026-12).
 */
export const KEDA_HTTP_CHART: ChartPin = Object.freeze({
  chart: "keda-add-ons-http",
  version: "0.12.1",
  repo: "https://kedacore.github.io/charts",
});

/**
 * prometheus-adapter chart 5.3.0 (prometheus-community/helm-charts, published 2026-02-19 per
 * its Artifact Hub feed). It serves custom.metrics.k8s.io only here: KEDA's metrics server owns
 * external.metrics.k8s.io, and an APIService group can have one backend.
 */
export const PROMETHEUS_ADAPTER_CHART: ChartPin = Object.freeze({
  chart: "prometheus-adapter",
  version: "5.3.0",
  repo: "https://prometheus-community.github.io/helm-charts",
});

/**
 * kube-prometheus-stack 87.12.5 (prometheus-community/helm-charts; released by 2026-07-10, the
 * date dependency bots proposed it, e.g. Profiidev/server-config PR #135). The values used here
 * (`grafana.admin.existingSecret`, `prometheusSpec.storageSpec`, the `*NilUsesHelmValues`
 * switches) have kept their names across the 5x-8x majors.
 */
export const KUBE_PROMETHEUS_STACK_CHART: ChartPin = Object.freeze({
  chart: "kube-prometheus-stack",
  version: "87.12.5",
  repo: "https://prometheus-community.github.io/helm-charts",
});

/**
 * NVIDIA DCGM exporter chart 4.8.3 (chart version = exporter version; release 4.6.0-4.8.3,
 * DCGM 4.6.0, released 2026-07-15 per NVIDIA's DCGM Exporter release notes). Held on 4.8.x on
 * purpose: 4.9.0 renames the default metrics and changes units (GPU utilisation becomes a 0-1
 * ratio, memory bytes) and the Helm values format, which the adapter rules and the dashboard
 * here are written against.
 */
export const DCGM_EXPORTER_CHART: ChartPin = Object.freeze({
  chart: "dcgm-exporter",
  version: "4.8.3",
  repo: "https://nvidia.github.io/dcgm-exporter/helm-charts",
});

/**
 * Envoy Gateway v1.9.0 (released 2026-08-15; envoyproxy/gateway tag v1.9.0): the Gateway API
 * implementation behind the platform's one Gateway. Chosen as the issue expects: a CNCF project,
 * conformant to the Gateway API, with authentication (SecurityPolicy) and rate limits
 * (BackendTrafficPolicy) as policy resources rather than annotations. Both of its charts are
 * published to one OCI repository with the release's version, `v` included (`tools/make/helm.mk`
 * pushes `charts/*` to `oci://docker.io/envoyproxy` with CHART_VERSION = the VERSION file,
 * "v1.9.0"). The controller chart's own CRDs (a `crds` subchart, experimental channel) are
 * turned off: Helm would install them once and never upgrade them.
 */
export const ENVOY_GATEWAY_CHART: ChartPin = Object.freeze({
  chart: "gateway-helm",
  version: "v1.9.0",
  repo: "oci://docker.io/envoyproxy",
});

/**
 * The CRDs of Envoy Gateway v1.9.0 and the Gateway API standard channel it bundles (v1.6.1,
 * `gateway.networking.k8s.io/bundle-version` in the chart's templates), as templates, so every
 * version bump renders and applies them again. Upstream applies this chart with `helm template |
 * kubectl apply --server-side` because the envoyproxies CRD alone makes a Helm release Secret
 * larger than its 1 MiB limit (charts/gateway-crds-helm/README.md at v1.9.0, citing helm/helm
 * PR #12277); gateway.ts renders it the same way with `helm.v4.Chart`.
 */
export const ENVOY_GATEWAY_CRDS_CHART: ChartPin = Object.freeze({
  chart: "gateway-crds-helm",
  version: "v1.9.0",
  repo: "oci://docker.io/envoyproxy",
});

/**
 * cert-manager v1.21.1 (tagged 2026-07-29), chart version = app version with its `v`. Its CRDs
 * are templates guarded by `crds.enabled`, so Helm upgrades them with the chart
 * (deploy/charts/cert-manager/templates/crd-*.yaml at v1.21.1). The chart ships a strict
 * values.schema.json (`additionalProperties: false` at every level): an unknown key fails the
 * install, so every key set in gateway-objects.ts was read against it at the tag.
 */
export const CERT_MANAGER_CHART: ChartPin = Object.freeze({
  chart: "cert-manager",
  version: "v1.21.1",
  repo: "https://charts.jetstack.io",
});
