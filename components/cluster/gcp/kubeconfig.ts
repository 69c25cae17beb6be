/**
 * The kubeconfig of a GKE cluster: no token in it; `gke-gcloud-auth-plugin` fetches a short-lived
 * one from the caller's Google credentials each time (the only client auth GKE supports since 1.26,
 * cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl).
 */
import * as pulumi from "@pulumi/pulumi";
import type * as gcp from "@pulumi/gcp";
import { stringify } from "yaml";

export const GKE_AUTH_PLUGIN = "gke-gcloud-auth-plugin";

export interface KubeconfigParts {
  /** Context, cluster and user name: gcloud's `gke_<project>_<location>_<cluster>`. */
  readonly context: string;
  /** `https://<endpoint>`. */
  readonly server: string;
  /** Base64 PEM of the cluster CA. */
  readonly caData: string;
}

/** The kubeconfig text for the parts. Pure. */
export function kubeconfigYaml(p: KubeconfigParts): string {
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: p.context, cluster: { server: p.server, "certificate-authority-data": p.caData } }],
    contexts: [{ name: p.context, context: { cluster: p.context, user: p.context } }],
    "current-context": p.context,
    preferences: {},
    users: [
      {
        name: p.context,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: GKE_AUTH_PLUGIN,
            provideClusterInfo: true,
            interactiveMode: "Never",
            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
          },
        },
      },
    ],
  };
  // lineWidth 0: no folded lines, so the text is byte-stable and greps well.
  return stringify(doc, { lineWidth: 0 });
}

/**
 * The cluster's kubeconfig as a secret. With a private endpoint the server is the control plane's
 * private IP, reachable from the VPC (or a peered network / VPN) only.
 */
export function gkeKubeconfig(cluster: gcp.container.Cluster, args: { readonly project: string; readonly region: string; readonly privateEndpoint: boolean }): pulumi.Output<string> {
  const endpoint = args.privateEndpoint ? cluster.privateClusterConfig.apply((c) => c.privateEndpoint) : cluster.endpoint;
  const text = pulumi.all([cluster.name, endpoint, cluster.masterAuth]).apply(([name, host, auth]) =>
    kubeconfigYaml({
      context: `gke_${args.project}_${args.region}_${name}`,
      server: `https://${host}`,
      caData: auth.clusterCaCertificate ?? "",
    }),
  );
  return pulumi.secret(text);
}
