/**
 * The platform Gateway's objects and Helm values as pure functions of the cluster contract and the
 * validated `gateway` section: what gateway.ts installs, reviewable (and tested) without a run.
 *
 * Sources, read at the pinned tags (charts.ts), 2026-12:
 * - Envoy Gateway v1.9.0: charts/gateway-helm/values.tmpl.yaml and templates/ (values keys),
 *   charts/gateway-crds-helm/values.yaml (CRD chart keys), api/v1alpha1/envoyproxy_types.go and
 *   shared_types.go (EnvoyProxy fields), internal/infrastructure/kubernetes/proxy/resource.go
 *   (proxy pod labels), internal/gatewayapi/securitypolicy.go (API-key Secrets).
 * - cert-manager v1.21.1: deploy/charts/cert-manager/values.yaml and values.schema.json (values
 *   keys), pkg/apis/config/controller/v1alpha1/types.go (`gatewayAPI.enabled`),
 *   pkg/apis/acme/v1/types_issuer.go (the HTTP-01 Gateway API solver).
 * - Gateway API v1.6.1 standard channel, as bundled by the CRD chart (Gateway, HTTPRoute,
 *   ReferenceGrant).
 */
import { addonResources, GATEWAY_PROXY_DEPLOYMENT } from "../catalog/system-addons";
import type { ClusterContract, Toleration } from "../cluster/contract";
import type { ValidGateway } from "../spec/types";
import { GATEWAY_CONTROLLER_NAMESPACE, GATEWAY_NAMESPACE, MANAGED_BY, PART_OF } from "./defaults";
import { unreachable } from "./scheduling";

// ---------------------------------------------------------------------------------------------
// Names: a contract with routes (GatewayRef), with the system pool table and with users' DNS and
// kubectl commands. Renaming one replaces the object.

export const GATEWAY_NAME = "ml-gateway";
export const GATEWAY_CLASS = "ml-clusters";
export const ENVOY_PROXY_NAME = "ml-gateway";
export const HTTPS_LISTENER = "https";
export const HTTP_LISTENER = "http";
/** The Secret the HTTPS listener serves, when cert-manager issues it. */
export const GATEWAY_TLS_SECRET = "ml-gateway-tls";
/** The self-signed CA's Certificate and Secret, in the gateway namespace. */
export const GATEWAY_CA = "ml-gateway-ca";
export const SELF_SIGNED_ISSUER = "ml-gateway-selfsigned";
export const ACME_ISSUER = "letsencrypt";
/** Where cert-manager keeps the ACME account's private key. */
export const ACME_ACCOUNT_SECRET = "letsencrypt-account";
export const API_KEY_SECRET = "ml-gateway-api-keys";
export const REDIRECT_ROUTE = "https-redirect";
/** Helm release names (cert-manager's names its Deployments: cert-manager, cert-manager-webhook, ...). */
export const ENVOY_GATEWAY_RELEASE = "envoy-gateway";
export const CERT_MANAGER_RELEASE = "cert-manager";

/** Envoy Gateway's controller name (values.tmpl.yaml `config.envoyGateway.gateway.controllerName`). */
export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";
/** Let's Encrypt's production ACME directory (letsencrypt.org/docs/acme-protocol-updates, read 2026-12). */
export const LETSENCRYPT_SERVER = "https://acme-v02.api.letsencrypt.org/directory";

/**
 * How long the self-signed CA is valid: ten years. Clients install it once from the stack output;
 * cert-manager's default of 90 days would make every client fetch it again each quarter. The
 * key never rotates (`rotationPolicy: Never`), so certificates it signed stay valid across a
 * renewal of the CA certificate itself.
 */
export const CA_DURATION = "87600h";
/** The CA's subject, as clients' trust stores list it. */
export const CA_COMMON_NAME = "ml-clusters gateway CA";

/** Pulumi's readiness annotations (pulumi-kubernetes CHANGELOG 4.18.0; experimental there, still so in 4.34). */
export const PULUMI_WAIT_FOR = "pulumi.com/waitFor";
export const PULUMI_SKIP_AWAIT = "pulumi.com/skipAwait";

const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
const ENVOY_GATEWAY_GROUP = "gateway.envoyproxy.io";
const CERT_MANAGER_GROUP = "cert-manager.io";

type Obj = Record<string, unknown>;

/** A custom resource as applied: what `k8s.apiextensions.CustomResource` takes. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Obj;
  readonly spec: Obj;
}

function labels(): Record<string, string> {
  return { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY };
}

function meta(name: string, namespace?: string, annotations?: Record<string, string>): Obj {
  return { name, ...(namespace !== undefined ? { namespace } : {}), labels: labels(), ...(annotations !== undefined ? { annotations } : {}) };
}

interface SystemPlacementValues {
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Toleration[];
}

function system(contract: ClusterContract): SystemPlacementValues {
  return { nodeSelector: { ...contract.system.nodeSelector }, tolerations: contract.system.tolerations.map((t) => ({ ...t })) };
}

/**
 * A container's resources from the system pool table: its requests and memory limit, and no CPU
 * limit. Unlike `addonResources` no `cpu: null` is written: these charts set no CPU limit to
 * delete, and a custom resource (the EnvoyProxy) would take the null as a value.
 */
export function sizedResources(addon: string, container?: string): { requests: { cpu: string; memory: string }; limits: { memory: string } } {
  const r = addonResources(addon, container);
  return { requests: { ...r.requests }, limits: { memory: r.limits.memory } };
}

/**
 * Requests of the charts' Helm hook Jobs (Envoy Gateway's certgen before install and upgrade,
 * cert-manager's startupapicheck after install): they run for seconds while nothing else rolls,
 * so they are not rows of the system pool table. A small request keeps them out of BestEffort,
 * the first class evicted; no limit, so no guess of ours can kill one and roll the release back.
 */
export const HOOK_JOB_RESOURCES = Object.freeze({ requests: Object.freeze({ cpu: "10m", memory: "32Mi" }) });

// ---------------------------------------------------------------------------------------------
// Helm values

/**
 * The CRD chart's values (gateway-crds-helm values.yaml at v1.9.0: `crds.gatewayAPI.enabled`,
 * `crds.gatewayAPI.channel`, `crds.envoyGateway.enabled`; all off by default). The standard
 * channel: the experimental one adds alpha kinds nothing here uses, whose CRDs a later Gateway API
 * release may change incompatibly.
 */
export function gatewayCrdValues(): Obj {
  return { crds: { gatewayAPI: { enabled: true, channel: "standard" }, envoyGateway: { enabled: true } } };
}

/**
 * Envoy Gateway's controller values (gateway-helm values.tmpl.yaml at v1.9.0). `crds.enabled:
 * false` drops the `crds` subchart, whose CRDs (and the Gateway API safe-upgrade admission
 * policy) the CRD chart applies instead; with it on, the release would fail on objects it does
 * not own. The certgen Job runs as a pre-install hook with its own placement keys.
 */
export function envoyGatewayValues(contract: ClusterContract): Obj {
  const place = system(contract);
  return {
    crds: { enabled: false },
    deployment: {
      envoyGateway: { resources: sizedResources("envoy-gateway") },
      pod: { ...place },
    },
    certgen: { job: { ...place, resources: { requests: { ...HOOK_JOB_RESOURCES.requests } } } },
  };
}

/**
 * cert-manager's values (values.yaml and values.schema.json at v1.21.1). CRDs as templates, kept
 * when the release goes (`crds.keep`: deleting them would delete every Certificate with them).
 * `config.gatewayAPI.enabled` turns on the Gateway API integration the HTTP-01 solver needs
 * (ControllerConfiguration `gatewayAPI`, which replaced `enableGatewayAPI`); the controller then
 * watches Gateways and HTTPRoutes, so it must start after their CRDs exist. The chart's default
 * `nodeSelector: {kubernetes.io/os: linux}` stays: Helm merges maps, adding the system pool's.
 */
export function certManagerValues(contract: ClusterContract): Obj {
  const place = system(contract);
  return {
    crds: { enabled: true, keep: true },
    config: { gatewayAPI: { enabled: true } },
    ...place,
    resources: sizedResources("cert-manager"),
    webhook: { ...place, resources: sizedResources("cert-manager-webhook") },
    cainjector: { ...place, resources: sizedResources("cert-manager-cainjector") },
    startupapicheck: { ...place, resources: { requests: { ...HOOK_JOB_RESOURCES.requests } } },
  };
}

// ---------------------------------------------------------------------------------------------
// The Gateway and its proxies

/**
 * Labels every pod of this Gateway's proxies carries, and only they: Envoy Gateway's app label and
 * its owning-Gateway labels (proxy/resource.go `EnvoyAppLabel`, gatewayapi/translator.go
 * `OwningGatewayNameLabel`/`OwningGatewayNamespaceLabel`; the Deployment selects on them).
 */
export function proxyLabels(): Record<string, string> {
  return {
    "app.kubernetes.io/name": "envoy",
    "gateway.envoyproxy.io/owning-gateway-name": GATEWAY_NAME,
    "gateway.envoyproxy.io/owning-gateway-namespace": GATEWAY_NAMESPACE,
  };
}

/** Envoy Gateway's proxies run in the controller's namespace unless its deploy type says otherwise (we leave it). */
export const PROXY_NAMESPACE = GATEWAY_CONTROLLER_NAMESPACE;

export function gatewayClass(): Manifest {
  return { apiVersion: `${GATEWAY_API_GROUP}/v1`, kind: "GatewayClass", metadata: meta(GATEWAY_CLASS), spec: { controllerName: ENVOY_GATEWAY_CONTROLLER, description: "The ml-clusters platform gateway (Envoy Gateway)." } };
}

/** The load balancer annotations of the exposure: the same the contract gives `expose: internal|public` Services. */
export function loadBalancerAnnotations(contract: ClusterContract, exposure: ValidGateway["exposure"]): Record<string, string> {
  switch (exposure) {
    case "internal":
      return { ...contract.internalLoadBalancerAnnotations };
    case "public":
      return { ...contract.publicLoadBalancerAnnotations };
    default:
      return unreachable(exposure);
  }
}

/**
 * The proxies: on the system pool, two replicas spread over nodes with a PodDisruptionBudget
 * keeping one through a drain, the table's requests, and one LoadBalancer Service with the
 * exposure's annotations. Deployment and Service get fixed names (the table's row; the name
 * README's DNS steps use) instead of Envoy Gateway's hashed ones. `externalTrafficPolicy` stays
 * Envoy Gateway's Local, which keeps the client's address.
 */
export function envoyProxy(contract: ClusterContract, gateway: ValidGateway, replicas: number): Manifest {
  const place = system(contract);
  return {
    apiVersion: `${ENVOY_GATEWAY_GROUP}/v1alpha1`,
    kind: "EnvoyProxy",
    metadata: meta(ENVOY_PROXY_NAME, GATEWAY_NAMESPACE),
    spec: {
      provider: {
        type: "Kubernetes",
        kubernetes: {
          envoyDeployment: {
            name: GATEWAY_PROXY_DEPLOYMENT,
            replicas,
            pod: {
              ...place,
              topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: proxyLabels() } }],
            },
            container: { resources: sizedResources(GATEWAY_PROXY_DEPLOYMENT, "envoy") },
          },
          envoyService: { name: GATEWAY_PROXY_DEPLOYMENT, type: "LoadBalancer", annotations: loadBalancerAnnotations(contract, gateway.exposure) },
          envoyPDB: { minAvailable: 1 },
        },
      },
    },
  };
}

/** The Secret the HTTPS listener serves: the user's, or the one cert-manager writes. */
export function tlsSecretName(gateway: ValidGateway): string {
  return gateway.tls.issuer === "secret" ? gateway.tls.secretName! : GATEWAY_TLS_SECRET;
}

/**
 * One Gateway, two listeners on the one host name. HTTPS terminates TLS with the certificate's
 * Secret and takes routes from every namespace (services live in team namespaces; who may create
 * an HTTPRoute there is the cluster's RBAC). HTTP takes routes from this namespace only: the
 * redirect, and cert-manager's HTTP-01 challenge routes, which it creates next to the Certificate.
 * The EnvoyProxy is attached here (`infrastructure.parametersRef`, same namespace).
 */
export function gatewayObject(gw: ValidGateway): Manifest {
  const kinds = [{ group: GATEWAY_API_GROUP, kind: "HTTPRoute" }];
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: "Gateway",
    metadata: meta(GATEWAY_NAME, GATEWAY_NAMESPACE),
    spec: {
      gatewayClassName: GATEWAY_CLASS,
      infrastructure: { parametersRef: { group: ENVOY_GATEWAY_GROUP, kind: "EnvoyProxy", name: ENVOY_PROXY_NAME } },
      listeners: [
        {
          name: HTTPS_LISTENER,
          protocol: "HTTPS",
          port: 443,
          hostname: gw.hostname,
          tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: tlsSecretName(gw) }] },
          allowedRoutes: { namespaces: { from: "All" }, kinds },
        },
        { name: HTTP_LISTENER, protocol: "HTTP", port: 80, hostname: gw.hostname, allowedRoutes: { namespaces: { from: "Same" }, kinds } },
      ],
    },
  };
}

/**
 * Plain HTTP answers with a permanent redirect to HTTPS, for every path. cert-manager's challenge
 * route matches its one path exactly, which outranks this route's implicit `/` prefix (Gateway
 * API HTTPRoute matching precedence), so a Let's Encrypt challenge is still answered over HTTP.
 */
export function redirectRoute(gw: ValidGateway): Manifest {
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: "HTTPRoute",
    metadata: meta(REDIRECT_ROUTE, GATEWAY_NAMESPACE),
    spec: {
      parentRefs: [{ group: GATEWAY_API_GROUP, kind: "Gateway", name: GATEWAY_NAME, sectionName: HTTP_LISTENER }],
      hostnames: [gw.hostname],
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Certificates. Issuers are namespaced, in the gateway namespace: a ClusterIssuer of the CA would
// let anyone who may create a Certificate anywhere (cert-manager aggregates that right into the
// `edit` role teams hold) have a certificate for any name signed by a CA clients trust.

const ECDSA_KEY = Object.freeze({ algorithm: "ECDSA", size: 256 });

function issuerRef(name: string): Obj {
  return { group: CERT_MANAGER_GROUP, kind: "Issuer", name };
}

export function selfSignedIssuer(): Manifest {
  return { apiVersion: `${CERT_MANAGER_GROUP}/v1`, kind: "Issuer", metadata: meta(SELF_SIGNED_ISSUER, GATEWAY_NAMESPACE), spec: { selfSigned: {} } };
}

/**
 * The platform's CA, self-signed. Pulumi waits until cert-manager reports it Ready (it needs
 * nothing outside the cluster), so its Secret can be read for the `caCertificate` output.
 */
export function caCertificate(): Manifest {
  return {
    apiVersion: `${CERT_MANAGER_GROUP}/v1`,
    kind: "Certificate",
    metadata: meta(GATEWAY_CA, GATEWAY_NAMESPACE, { [PULUMI_WAIT_FOR]: "condition=Ready" }),
    spec: {
      isCA: true,
      commonName: CA_COMMON_NAME,
      secretName: GATEWAY_CA,
      duration: CA_DURATION,
      privateKey: { ...ECDSA_KEY, rotationPolicy: "Never" },
      issuerRef: issuerRef(SELF_SIGNED_ISSUER),
    },
  };
}

export function caIssuer(): Manifest {
  return { apiVersion: `${CERT_MANAGER_GROUP}/v1`, kind: "Issuer", metadata: meta(GATEWAY_CA, GATEWAY_NAMESPACE), spec: { ca: { secretName: GATEWAY_CA } } };
}

/**
 * Let's Encrypt, answering HTTP-01 through this Gateway's HTTP listener. The solver's Service is
 * ClusterIP (cert-manager's default is NodePort, which opens a port on every node) and its pod
 * lands on the system pool.
 */
export function acmeIssuer(contract: ClusterContract, email: string): Manifest {
  return {
    apiVersion: `${CERT_MANAGER_GROUP}/v1`,
    kind: "Issuer",
    metadata: meta(ACME_ISSUER, GATEWAY_NAMESPACE),
    spec: {
      acme: {
        server: LETSENCRYPT_SERVER,
        email,
        privateKeySecretRef: { name: ACME_ACCOUNT_SECRET },
        solvers: [
          {
            http01: {
              gatewayHTTPRoute: {
                serviceType: "ClusterIP",
                parentRefs: [{ group: GATEWAY_API_GROUP, kind: "Gateway", name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, sectionName: HTTP_LISTENER }],
                podTemplate: { spec: { ...system(contract) } },
              },
            },
          },
        ],
      },
    },
  };
}

/**
 * The host name's certificate. From Let's Encrypt it can only be issued once DNS points at the
 * gateway, so Pulumi does not wait for it (`skipAwait`, which also holds when
 * PULUMI_K8S_AWAIT_ALL would make Pulumi await every custom resource); the Gateway serves it as
 * soon as cert-manager writes the Secret.
 */
export function hostCertificate(gw: ValidGateway): Manifest {
  const issuer = gw.tls.issuer;
  if (issuer === "secret") throw new Error("bug: no certificate to issue for tls.issuer: secret");
  return {
    apiVersion: `${CERT_MANAGER_GROUP}/v1`,
    kind: "Certificate",
    metadata: meta(GATEWAY_TLS_SECRET, GATEWAY_NAMESPACE, { [PULUMI_SKIP_AWAIT]: "true" }),
    spec: {
      secretName: GATEWAY_TLS_SECRET,
      dnsNames: [gw.hostname],
      privateKey: { ...ECDSA_KEY },
      issuerRef: issuerRef(issuer === "letsencrypt" ? ACME_ISSUER : GATEWAY_CA),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// API keys

/**
 * Lets the SecurityPolicies of the routed services' namespaces read the API-key Secret: Envoy
 * Gateway resolves a `credentialRefs` entry in another namespace only under a ReferenceGrant
 * there from SecurityPolicy (gateway.envoyproxy.io) in the policy's namespace
 * (securitypolicy.go `buildAPIKeyAuth`, `crossNamespaceFrom`).
 */
export function apiKeyReferenceGrant(namespaces: readonly string[]): Manifest {
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: "ReferenceGrant",
    metadata: meta(API_KEY_SECRET, GATEWAY_NAMESPACE),
    spec: {
      from: [...new Set(namespaces)].sort().map((namespace) => ({ group: ENVOY_GATEWAY_GROUP, kind: "SecurityPolicy", namespace })),
      to: [{ group: "", kind: "Secret", name: API_KEY_SECRET }],
    },
  };
}
