/**
 * The cluster's kubeconfig. With local accounts disabled, AKS hands out only the Entra ID user
 * kubeconfig (listClusterUserCredential): the API server address and CA, no credential. The
 * package keeps those and writes its own user: a kubelogin exec that fetches an Entra token
 * for the AKS server app without a browser, so no token ever lands in state.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { parse, stringify } from "yaml";
import type { KubeloginMode } from "./args";
import { AKS_AAD_SERVER_APP_ID, KUBELOGIN_LOGIN_ARGS } from "./tables";

export interface KubeconfigArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly cluster: containerservice.ManagedCluster;
  readonly mode: KubeloginMode;
  readonly tenantId: pulumi.Input<string>;
}

/** The kubeconfig as a secret output. */
export function aksKubeconfig(args: KubeconfigArgs, parent: pulumi.Resource): pulumi.Output<string> {
  const credentials = containerservice.listManagedClusterUserCredentialsOutput(
    {
      resourceGroupName: args.resourceGroupName,
      resourceName: args.cluster.name,
      // "exec" asks for the Entra ID form; its user section is replaced below anyway.
      format: "exec",
    },
    { parent },
  );
  return pulumi.secret(
    pulumi.all([credentials.kubeconfigs, args.cluster.name, args.tenantId]).apply(([kubeconfigs, clusterName, tenantId]) => {
      const first = kubeconfigs[0];
      if (first === undefined) throw new Error(`AKS returned no kubeconfig for cluster "${clusterName}"`);
      return kubeloginKubeconfig(Buffer.from(first.value, "base64").toString("utf8"), { clusterName, mode: args.mode, tenantId });
    }),
  );
}

export interface KubeloginOptions {
  readonly clusterName: string;
  readonly mode: KubeloginMode;
  readonly tenantId: string;
}

/** The kubelogin exec user for a login mode. */
export function kubeloginExec(mode: KubeloginMode, tenantId: string): Record<string, unknown> {
  const login = KUBELOGIN_LOGIN_ARGS[mode];
  return {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "kubelogin",
    args: ["get-token", "--login", login.login, "--server-id", AKS_AAD_SERVER_APP_ID, ...(login.needsTenant ? ["--tenant-id", tenantId] : [])],
    env: null,
    // A deployment has no one to answer a prompt: fail instead of waiting for a device code.
    interactiveMode: "Never",
    provideClusterInfo: false,
    installHint: "kubelogin is required: https://azure.github.io/kubelogin/install.html (or `az aks install-cli`)",
  };
}

/**
 * Rewrites an AKS user kubeconfig: keeps the first cluster's server and CA, drops every user
 * AKS sent, and authenticates with kubelogin in the given mode.
 */
export function kubeloginKubeconfig(kubeconfigYaml: string, options: KubeloginOptions): string {
  const doc = parse(kubeconfigYaml) as { clusters?: { name?: string; cluster?: Record<string, unknown> }[] } | null;
  const cluster = doc?.clusters?.[0]?.cluster;
  if (cluster === undefined || typeof cluster.server !== "string") {
    throw new Error(`the kubeconfig AKS returned for cluster "${options.clusterName}" names no cluster server`);
  }
  const user = `${options.clusterName}-entra`;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: options.clusterName, cluster: { server: cluster.server, "certificate-authority-data": cluster["certificate-authority-data"] } }],
    contexts: [{ name: options.clusterName, context: { cluster: options.clusterName, user } }],
    "current-context": options.clusterName,
    users: [{ name: user, user: { exec: kubeloginExec(options.mode, options.tenantId) } }],
  });
}
