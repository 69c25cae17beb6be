/**
 * The kubeconfig of an EKS cluster. It holds no credential: kubectl and the Kubernetes provider run
 * `aws eks get-token` for a short-lived token signed with the caller's own AWS identity (EKS User
 * Guide, "Connect kubectl to an EKS cluster"), so what it grants is what the caller's access entry
 * grants. It is still a secret output: the endpoint and CA describe a private cluster.
 */
import * as pulumi from "@pulumi/pulumi";

export interface EksKubeconfigInput {
  readonly clusterName: string;
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as EKS returns it in `certificateAuthority.data`. */
  readonly certificateAuthorityData: string;
  readonly region: string;
}

/** The credential-plugin API every kubectl since 1.24 speaks (client.authentication.k8s.io/v1alpha1 was removed). */
export const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/** The kubeconfig as JSON (JSON is YAML, and kubectl reads either). */
export function eksKubeconfig(input: EksKubeconfigInput): string {
  const name = input.clusterName;
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: input.endpoint, "certificate-authority-data": input.certificateAuthorityData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: EXEC_API_VERSION,
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", name, "--region", input.region, "--output", "json"],
            // Never prompt: Pulumi and CI run without a terminal.
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}

/** The kubeconfig of a cluster's outputs, as a secret. */
export function eksKubeconfigOutput(cluster: {
  readonly name: pulumi.Input<string>;
  readonly endpoint: pulumi.Input<string>;
  readonly certificateAuthorityData: pulumi.Input<string>;
  readonly region: string;
}): pulumi.Output<string> {
  return pulumi.secret(
    pulumi
      .all([cluster.name, cluster.endpoint, cluster.certificateAuthorityData])
      .apply(([clusterName, endpoint, certificateAuthorityData]) => eksKubeconfig({ clusterName, endpoint, certificateAuthorityData, region: cluster.region })),
  );
}
