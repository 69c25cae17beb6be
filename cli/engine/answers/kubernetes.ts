import { ProviderFakes, stableSuffix } from "./types";

/**
 * What a read of a certificate Secret (`Secret.get`, no inputs) answers offline: the Gateway's
 * `caCertificate` output comes from one, and its real content exists only once cert-manager has
 * issued it in the cluster.
 */
export const STAND_IN_CERTIFICATE = "-----BEGIN CERTIFICATE-----\n(offline render: cert-manager issues this certificate in the cluster)\n-----END CERTIFICATE-----\n";

export const kubernetesFakes: ProviderFakes = {
  outputs: {
    "kubernetes:core/v1:Secret": (i) => {
      if (i.metadata !== undefined) return {};
      const b64 = Buffer.from(STAND_IN_CERTIFICATE, "utf8").toString("base64");
      return { data: { "tls.crt": b64, "ca.crt": b64 } };
    },
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
