/**
 * Gateway: the platform's one HTTPS entry point. Envoy Gateway (pinned, charts.ts) implements the
 * Gateway API; its CRDs and the Gateway API's are applied from their own chart so a version bump
 * upgrades them; cert-manager issues the certificate (self-signed CA or Let's Encrypt) unless the
 * user brings one; API keys live in one Secret that the routed services' SecurityPolicies read.
 * Everything runs on the system pool, behind one load balancer, internal unless asked otherwise.
 * The objects and values are built in gateway-objects.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { throwIfProblems } from "../bad-input";
import { GATEWAY_PROXY_DEPLOYMENT, systemAddon } from "../catalog/system-addons";
import type { ClusterContract } from "../cluster/contract";
import type { SpecProblem, ValidGateway } from "../spec/types";
import { CERT_MANAGER_CHART, chartSource, ENVOY_GATEWAY_CHART, ENVOY_GATEWAY_CRDS_CHART } from "./charts";
import { CERT_MANAGER_NAMESPACE, GATEWAY_CONTROLLER_NAMESPACE, GATEWAY_NAMESPACE, MANAGED_BY, PART_OF } from "./defaults";
import {
  acmeIssuer,
  API_KEY_SECRET,
  apiKeyReferenceGrant,
  caCertificate,
  caIssuer,
  CERT_MANAGER_RELEASE,
  certManagerValues,
  ENVOY_GATEWAY_RELEASE,
  envoyGatewayValues,
  envoyProxy,
  GATEWAY_CA,
  GATEWAY_NAME,
  gatewayClass,
  gatewayCrdValues,
  gatewayObject,
  hostCertificate,
  HTTPS_LISTENER,
  PROXY_NAMESPACE,
  proxyLabels,
  redirectRoute,
  selfSignedIssuer,
} from "./gateway-objects";
import { helmRelease } from "./helm";
import { dependencyList, k8sOptions } from "./options";
import type { GatewayRef } from "./refs";
import { podSecurityLabels, PodSecurityLevel } from "./scheduling";

export interface GatewayArgs {
  readonly contract: ClusterContract;
  /** The validated `gateway` section of the spec. */
  readonly gateway: ValidGateway;
  /**
   * The API keys `gateway.auth.apiKeys` names, client name -> key: the value of that secret stack
   * config key (e.g. `config.requireSecretObject(key)`). They go into one Kubernetes Secret and
   * nowhere else, wrapped as a Pulumi secret.
   * @default - none (required when `gateway.auth.apiKeys` is set)
   */
  readonly apiKeys?: pulumi.Input<Readonly<Record<string, string>>>;
  /**
   * Namespaces of the services routed through the gateway: their SecurityPolicies may read the
   * API-key Secret (a ReferenceGrant here lists them).
   * @default [] (no grant: only policies in the gateway's own namespace could read the keys)
   */
  readonly routeNamespaces?: readonly string[];
}

/** A host name the Gateway API takes for a listener and a certificate can name: lower-case DNS, no wildcard, no IP. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function isHttpsUrl(s: string): boolean {
  try {
    return new URL(s).protocol === "https:";
  } catch {
    return false;
  }
}

/** Every problem with a Gateway's arguments (pure: tests call it directly). */
export function gatewayProblems(args: GatewayArgs): SpecProblem[] {
  const out: SpecProblem[] = [];
  const g = args.gateway;
  if (!HOSTNAME.test(g.hostname) || /^[0-9.]+$/.test(g.hostname)) {
    out.push({ path: "gateway.hostname", message: `must be a lower-case DNS name with at least one dot, such as "ml.example.com" (no wildcard, no IP address), got ${JSON.stringify(g.hostname)}` });
  }
  switch (g.tls.issuer) {
    case "secret":
      if (g.tls.secretName === undefined || !DNS_SUBDOMAIN.test(g.tls.secretName)) {
        out.push({ path: "gateway.tls.secretName", message: `must name the TLS Secret you created in namespace ${GATEWAY_NAMESPACE} (issuer: secret), got ${JSON.stringify(g.tls.secretName)}` });
      }
      break;
    case "letsencrypt":
      if (g.tls.email === undefined || !EMAIL.test(g.tls.email)) {
        out.push({ path: "gateway.tls.email", message: `must be the email address of the Let's Encrypt account (issuer: letsencrypt), got ${JSON.stringify(g.tls.email)}` });
      }
      if (g.exposure !== "public") {
        out.push({ path: "gateway.tls.issuer", message: `letsencrypt needs exposure: public (Let's Encrypt must reach the gateway over HTTP to check the name), got exposure: ${g.exposure}; use issuer: self-signed or secret for an internal gateway` });
      }
      break;
    case "self-signed":
      break;
  }
  const auth = g.auth;
  if (auth?.apiKeys !== undefined && auth.jwt !== undefined) out.push({ path: "gateway.auth", message: "sets both apiKeys and jwt; choose one" });
  if (auth?.apiKeys !== undefined && args.apiKeys === undefined) {
    out.push({ path: "apiKeys", message: `gateway.auth.apiKeys names the secret config key "${auth.apiKeys}", whose value was not passed; set it with \`pulumi config set --secret --path '${auth.apiKeys}.<client>' <key>\`` });
  }
  if (auth?.apiKeys !== undefined && args.apiKeys !== undefined && !pulumi.Output.isInstance(args.apiKeys)) {
    out.push({
      path: "apiKeys",
      message: `must be a secret Output (config.requireSecretObject("${auth.apiKeys}") or pulumi.secret(...)), got a plain mapping: keys written in plain text in a program or stack config are not secret`,
    });
  }
  if (auth?.apiKeys === undefined && args.apiKeys !== undefined) out.push({ path: "apiKeys", message: "were given but gateway.auth.apiKeys is not set: no route would check them; set gateway.auth.apiKeys or drop them" });
  if (auth?.jwt !== undefined) {
    for (const field of ["issuer", "jwksUri"] as const) {
      if (!isHttpsUrl(auth.jwt[field])) out.push({ path: `gateway.auth.jwt.${field}`, message: `must be an https:// URL, got ${JSON.stringify(auth.jwt[field])}` });
    }
  }
  (args.routeNamespaces ?? []).forEach((ns, i) => {
    if (!DNS_LABEL.test(ns) || ns.length > 63) out.push({ path: `routeNamespaces[${i}]`, message: `must be a namespace name (a DNS label), got ${JSON.stringify(ns)}` });
  });
  return out;
}

/** Whether cert-manager is installed: it issues the certificate unless the user brings one. */
export function needsCertManager(gateway: ValidGateway): boolean {
  return gateway.tls.issuer !== "secret";
}

/** A certificate's PEM from a Secret's base64 `data`. */
function pemOf(data: Readonly<Record<string, string>> | undefined, key: string, where: string): string {
  const b64 = data?.[key];
  if (b64 === undefined) throw new Error(`${where} has no ${key}, though its Certificate reported Ready; check it with \`kubectl -n ${GATEWAY_NAMESPACE} describe certificate ${GATEWAY_CA}\``);
  return Buffer.from(b64, "base64").toString("utf8");
}

export class Gateway extends pulumi.ComponentResource implements GatewayRef {
  readonly namespace: string;
  readonly name: string;
  readonly httpsListener: string;
  readonly hostname: string;
  readonly proxyNamespace: string;
  readonly proxyLabels: Readonly<Record<string, string>>;
  readonly auth?: GatewayRef["auth"];
  readonly url: string;
  readonly ready: readonly pulumi.Resource[];
  /**
   * The self-signed CA clients must trust (PEM), for `tls.issuer: self-signed`; unknown in the
   * preview of the update that creates it.
   */
  readonly caCertificate?: pulumi.Output<string>;

  constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfProblems(gatewayProblems(args), "Gateway");
    super("ml-clusters:k8s:Gateway", name, {}, opts);
    const { contract, gateway: g } = args;
    const waitFor = [...contract.ready, ...dependencyList(opts?.dependsOn)];
    const labels = { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY };
    const namespace = (resource: string, ns: string, level: PodSecurityLevel) =>
      new k8s.core.v1.Namespace(resource, { metadata: { name: ns, labels: { ...labels, ...podSecurityLabels(level) } } }, k8sOptions(contract, this, { dependsOn: waitFor }));

    // Restricted: nothing runs here but cert-manager's HTTP-01 solver pods, which comply
    // (cert-manager pkg/issuer/acme/http/pod.go at v1.21.1: non-root, RuntimeDefault seccomp,
    // no privilege escalation, every capability dropped).
    const gatewayNs = namespace(`${name}-namespace`, GATEWAY_NAMESPACE, "restricted");
    // Baseline: Envoy Gateway sets the proxies' container security contexts but no pod seccomp profile.
    const controllerNs = namespace(`${name}-controller-namespace`, GATEWAY_CONTROLLER_NAMESPACE, "baseline");

    // Rendered client-side and applied object by object, server-side, by the provider; a Helm
    // release of these CRDs would not fit Helm's 1 MiB release Secret (charts.ts). The mock
    // engine records the chart and its values, not the CRDs.
    const crds = new k8s.helm.v4.Chart(
      `${name}-crds`,
      { name: "gateway-crds", ...chartSource(ENVOY_GATEWAY_CRDS_CHART), version: ENVOY_GATEWAY_CRDS_CHART.version, values: gatewayCrdValues() },
      k8sOptions(contract, this, { dependsOn: waitFor }),
    );
    const controller = helmRelease(
      `${name}-envoy-gateway`,
      ENVOY_GATEWAY_RELEASE,
      ENVOY_GATEWAY_CHART,
      GATEWAY_CONTROLLER_NAMESPACE,
      envoyGatewayValues(contract),
      k8sOptions(contract, this, { dependsOn: [controllerNs, crds, ...waitFor] }),
    );

    const klass = new k8s.apiextensions.CustomResource(`${name}-class`, gatewayClass(), k8sOptions(contract, this, { dependsOn: [crds] }));
    const proxy = new k8s.apiextensions.CustomResource(
      `${name}-proxy`,
      envoyProxy(contract, g, systemAddon(GATEWAY_PROXY_DEPLOYMENT).replicas),
      k8sOptions(contract, this, { dependsOn: [crds, gatewayNs] }),
    );
    // After the controller, so that on deletion the controller is still there to remove the
    // proxies and their load balancer Service.
    const gw = new k8s.apiextensions.CustomResource(`${name}-gateway`, gatewayObject(g), k8sOptions(contract, this, { dependsOn: [klass, proxy, gatewayNs, controller] }));
    new k8s.apiextensions.CustomResource(`${name}-https-redirect`, redirectRoute(g), k8sOptions(contract, this, { dependsOn: [gw] }));

    if (needsCertManager(g)) {
      // Restricted: the chart's pods all run non-root with RuntimeDefault seccomp, no privilege
      // escalation and every capability dropped (values.yaml securityContext defaults, v1.21.1).
      const cmNs = namespace(`${name}-cert-manager-namespace`, CERT_MANAGER_NAMESPACE, "restricted");
      // With Gateway API support on, cert-manager's controller needs the Gateway API CRDs to start.
      const certManager = helmRelease(
        `${name}-cert-manager`,
        CERT_MANAGER_RELEASE,
        CERT_MANAGER_CHART,
        CERT_MANAGER_NAMESPACE,
        certManagerValues(contract),
        k8sOptions(contract, this, { dependsOn: [cmNs, crds, ...waitFor] }),
      );
      const certDeps = [certManager, gatewayNs];
      if (g.tls.issuer === "letsencrypt") {
        const issuer = new k8s.apiextensions.CustomResource(`${name}-acme-issuer`, acmeIssuer(contract, g.tls.email!), k8sOptions(contract, this, { dependsOn: certDeps }));
        // The HTTP-01 challenge is answered through the Gateway's HTTP listener.
        new k8s.apiextensions.CustomResource(`${name}-certificate`, hostCertificate(g), k8sOptions(contract, this, { dependsOn: [issuer, gw] }));
      } else {
        const selfSigned = new k8s.apiextensions.CustomResource(`${name}-selfsigned-issuer`, selfSignedIssuer(), k8sOptions(contract, this, { dependsOn: certDeps }));
        const ca = new k8s.apiextensions.CustomResource(`${name}-ca`, caCertificate(), k8sOptions(contract, this, { dependsOn: [selfSigned] }));
        const issuer = new k8s.apiextensions.CustomResource(`${name}-ca-issuer`, caIssuer(), k8sOptions(contract, this, { dependsOn: [ca] }));
        new k8s.apiextensions.CustomResource(`${name}-certificate`, hostCertificate(g), k8sOptions(contract, this, { dependsOn: [issuer] }));
        // The CA's Secret, read once the CA is Ready (the Certificate waits for it). Its ID comes
        // from the Certificate's, which is unknown in the preview of the update that creates it:
        // the engine skips a read with an unknown ID there instead of failing on a Secret that does
        // not exist yet. The read Secret holds the CA's key too, as a secret output (encrypted in
        // the state, which already holds the cluster's admin kubeconfig); only the certificate,
        // public by nature, leaves as an output.
        const caSecret = k8s.core.v1.Secret.get(`${name}-ca-secret`, ca.id.apply(() => `${GATEWAY_NAMESPACE}/${GATEWAY_CA}`), {
          parent: this,
          provider: contract.provider,
          dependsOn: [ca],
        });
        this.caCertificate = pulumi.unsecret(caSecret.data.apply((d) => pemOf(d, "tls.crt", `Secret ${GATEWAY_NAMESPACE}/${GATEWAY_CA}`)));
      }
    }

    const ready: pulumi.Resource[] = [crds, controller, gw];
    if (g.auth?.apiKeys !== undefined) {
      const keys = new k8s.core.v1.Secret(
        `${name}-api-keys`,
        { metadata: { name: API_KEY_SECRET, namespace: GATEWAY_NAMESPACE, labels }, type: "Opaque", stringData: pulumi.secret(args.apiKeys!) },
        k8sOptions(contract, this, { dependsOn: [gatewayNs] }),
      );
      ready.push(keys);
      const from = (args.routeNamespaces ?? []).filter((ns) => ns !== GATEWAY_NAMESPACE);
      if (from.length > 0) {
        ready.push(new k8s.apiextensions.CustomResource(`${name}-api-keys-grant`, apiKeyReferenceGrant(from), k8sOptions(contract, this, { dependsOn: [crds, gatewayNs] })));
      }
    }

    this.namespace = GATEWAY_NAMESPACE;
    this.name = GATEWAY_NAME;
    this.httpsListener = HTTPS_LISTENER;
    this.hostname = g.hostname;
    this.proxyNamespace = PROXY_NAMESPACE;
    this.proxyLabels = proxyLabels();
    const auth = {
      ...(g.auth?.apiKeys !== undefined ? { apiKeySecret: API_KEY_SECRET } : {}),
      ...(g.auth?.jwt !== undefined ? { jwt: { issuer: g.auth.jwt.issuer, jwksUri: g.auth.jwt.jwksUri } } : {}),
    };
    if (Object.keys(auth).length > 0) this.auth = auth;
    this.url = `https://${g.hostname}`;
    this.ready = ready;
    this.registerOutputs({ url: this.url, ...(this.caCertificate !== undefined ? { caCertificate: this.caCertificate } : {}) });
  }
}
