/**
 * Every Helm chart the Kubernetes layer installs, pinned to one version. A version moves only
 * by editing this table, so a chart upgrade is a reviewed diff, never a side effect of `up`.
 */

export interface ChartPin {
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
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
