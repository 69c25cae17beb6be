/**
 * The GPU dashboard Grafana loads from a ConfigMap: utilisation, memory used and power, each per
 * node, per pool and per workload, from the DCGM exporter series as the Monitoring ServiceMonitor
 * labels them (`node`, `pool`, and the exporter's own `namespace`/`pod` of the GPU's user).
 */

/** DCGM exporter 4.8 default counters (NVIDIA "DCGM Exporter Metrics"): percent, MiB, watts. */
const UTIL = "DCGM_FI_DEV_GPU_UTIL";
const MEMORY_USED_MIB = "DCGM_FI_DEV_FB_USED";
const POWER_WATTS = "DCGM_FI_DEV_POWER_USAGE";

export const GPU_DASHBOARD_UID = "ml-clusters-gpus";

interface Grouping {
  readonly title: string;
  readonly by: string;
  readonly legend: string;
  /** Extra selector: per-workload panels show only GPUs held by a pod. */
  readonly filter: string;
}

const GROUPINGS: readonly Grouping[] = [
  { title: "per node", by: "node", legend: "{{node}}", filter: "" },
  { title: "per pool", by: "pool", legend: "{{pool}}", filter: "" },
  { title: "per workload", by: "namespace, pod", legend: "{{namespace}}/{{pod}}", filter: ',pod!=""' },
];

interface Measure {
  readonly title: string;
  /** PromQL of one group, given `by` and the selector. */
  readonly expr: (by: string, selector: string) => string;
  readonly unit: string;
  readonly max?: number;
}

const MEASURES: readonly Measure[] = [
  { title: "GPU utilisation", expr: (by, sel) => `avg by (${by}) (${UTIL}{${sel}})`, unit: "percent", max: 100 },
  { title: "GPU memory used", expr: (by, sel) => `sum by (${by}) (${MEMORY_USED_MIB}{${sel}}) * 1024 * 1024`, unit: "bytes" },
  { title: "GPU power", expr: (by, sel) => `sum by (${by}) (${POWER_WATTS}{${sel}})`, unit: "watt" },
];

const PANEL_WIDTH = 8;
const PANEL_HEIGHT = 8;
const DATASOURCE = { type: "prometheus", uid: "${datasource}" };

/** The dashboard model (Grafana JSON, schema 39): one row per measure, one panel per grouping. */
export function gpuDashboard(): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  MEASURES.forEach((m, row) => {
    const y = row * (PANEL_HEIGHT + 1);
    panels.push({ id: id++, type: "row", title: m.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    GROUPINGS.forEach((g, col) => {
      panels.push({
        id: id++,
        type: "timeseries",
        title: `${m.title} ${g.title}`,
        datasource: DATASOURCE,
        gridPos: { h: PANEL_HEIGHT, w: PANEL_WIDTH, x: col * PANEL_WIDTH, y: y + 1 },
        fieldConfig: { defaults: { unit: m.unit, min: 0, ...(m.max !== undefined ? { max: m.max } : {}) }, overrides: [] },
        options: { legend: { displayMode: "table", placement: "bottom", calcs: ["mean", "max"] }, tooltip: { mode: "multi" } },
        targets: [{ refId: "A", datasource: DATASOURCE, expr: m.expr(g.by, `pool=~"$pool"${g.filter}`), legendFormat: g.legend }],
      });
    });
  });
  return {
    uid: GPU_DASHBOARD_UID,
    title: "GPUs (ml-clusters)",
    tags: ["gpu", "ml-clusters", "dcgm"],
    schemaVersion: 39,
    editable: false,
    time: { from: "now-6h", to: "now" },
    refresh: "30s",
    templating: {
      list: [
        { name: "datasource", type: "datasource", query: "prometheus", label: "Data source" },
        {
          name: "pool",
          type: "query",
          label: "Pool",
          datasource: DATASOURCE,
          query: { query: `label_values(${UTIL}, pool)`, refId: "pools" },
          includeAll: true,
          multi: true,
          allValue: ".*",
          current: { text: "All", value: "$__all" },
          refresh: 2,
        },
      ],
    },
    panels,
  };
}
