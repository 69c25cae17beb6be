import { ProviderFakes, stableSuffix } from "./types";

export const kubernetesFakes: ProviderFakes = {
  outputs: {
    "kubernetes:helm.sh/v3:Release": (i, n) => ({
      status: { name: i.name ?? n, namespace: i.namespace ?? "default", status: "deployed", revision: 1, version: i.version, chart: i.chart },
    }),
    // Monitoring's generated Grafana password (its one non-Kubernetes resource). The SDK marks
    // `result` secret; a stand-in of the requested length keeps renders stable and realistic.
    "random:index/randomPassword:RandomPassword": (i, n) => ({
      result: `fake-${stableSuffix(n)}`.padEnd(typeof i.length === "number" ? i.length : 16, "x"),
    }),
  },
  invokes: {},
};
