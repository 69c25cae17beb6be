import { ProviderFakes } from "./types";

export const kubernetesFakes: ProviderFakes = {
  outputs: {
    "kubernetes:helm.sh/v3:Release": (i, n) => ({
      status: { name: i.name ?? n, namespace: i.namespace ?? "default", status: "deployed", revision: 1, version: i.version, chart: i.chart },
    }),
  },
  invokes: {},
};
