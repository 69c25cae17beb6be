import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { FakeCluster } from "../../../components/cluster/fake";
import { CERT_MANAGER_CHART, ENVOY_GATEWAY_CHART, ENVOY_GATEWAY_CRDS_CHART } from "../../../components/k8s/charts";
import { Gateway, GatewayArgs } from "../../../components/k8s/gateway";
import type { ValidGateway } from "../../../components/spec/types";
import { STAND_IN_CERTIFICATE } from "../../../cli/engine/answers/kubernetes";
import { validateAll } from "../../helpers/k8s-schema";
import { MockRun, RecordedResource, input, isSecretValue, maskSecrets, ofType, one, render, unwrapSecrets } from "../../helpers/mocks";
import { POOLS } from "./fixtures";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CHART_V4 = "kubernetes:helm.sh/v4:Chart";
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const GRANT = "kubernetes:gateway.networking.k8s.io/v1:ReferenceGrant";
const PROXY = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy";
const ISSUER = "kubernetes:cert-manager.io/v1:Issuer";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const SECRET = "kubernetes:core/v1:Secret";
const SYSTEM = { nodeSelector: { "ml-clusters.io/pool": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] };
const KEYS = { alice: "PLAINTEXT-key-of-alice-0123456789", bob: "PLAINTEXT-key-of-bob-0123456789" };

function validGateway(overrides: Partial<ValidGateway> = {}): ValidGateway {
  return { exposure: "internal", hostname: "ml.example.com", tls: { issuer: "self-signed" }, ...overrides };
}

const letsencrypt = validGateway({ exposure: "public", tls: { issuer: "letsencrypt", email: "ops@example.com" } });
const apiKeyAuth = validGateway({ auth: { apiKeys: "gatewayApiKeys" } });

type Extra = Partial<Omit<GatewayArgs, "contract" | "gateway">>;

/** Renders a Gateway and returns what it says of itself (GatewayRef, outputs) as stack outputs. */
function renderGateway(g: ValidGateway = validGateway(), extra: Extra = {}): Promise<MockRun> {
  return render(() => {
    const contract = new FakeCluster("test", { pools: POOLS });
    const gw = new Gateway("gw", { contract, gateway: g, ...extra });
    return {
      ref: {
        namespace: gw.namespace,
        name: gw.name,
        httpsListener: gw.httpsListener,
        hostname: gw.hostname,
        proxyNamespace: gw.proxyNamespace,
        proxyLabels: gw.proxyLabels,
        auth: gw.auth ?? null,
        url: gw.url,
      },
      ready: pulumi.all(gw.ready.map((r) => r.urn)),
      url: gw.url,
      caCertificate: gw.caCertificate ?? null,
    };
  });
}

function urnOf(run: MockRun, type: string, name?: string): string {
  return one(run, type, name).urn;
}

function dependsOn(r: RecordedResource): readonly string[] {
  return r.options.dependsOn ?? [];
}

describe("Gateway", () => {
  describe("CRDs and charts", () => {
    it("applies the Gateway API standard channel and Envoy Gateway's CRDs from the pinned CRD chart, as one v4 Chart through the cluster's provider", async () => {
      const run = await renderGateway();
      const crds = one(run, CHART_V4, "gw-crds");
      assert.deepEqual(crds.inputs, {
        name: "gateway-crds",
        chart: "oci://docker.io/envoyproxy/gateway-crds-helm",
        version: "v1.9.0",
        values: { crds: { gatewayAPI: { enabled: true, channel: "standard" }, envoyGateway: { enabled: true } } },
      });
      assert.equal(ENVOY_GATEWAY_CRDS_CHART.version, "v1.9.0");
      assert.equal(crds.provider, one(run, "pulumi:providers:kubernetes").urn);
      assert.equal(crds.custom, false, "a component: the provider renders it and registers each CRD");
    });

    it("installs the pinned Envoy Gateway controller from its OCI chart, without the chart's CRDs, on the system pool with the table's requests", async () => {
      const run = await renderGateway();
      const eg = one(run, RELEASE, "gw-envoy-gateway");
      assert.deepEqual(
        [input(eg, "name"), input(eg, "chart"), input(eg, "version"), input(eg, "repositoryOpts"), input(eg, "namespace"), input(eg, "atomic")],
        ["envoy-gateway", "oci://docker.io/envoyproxy/gateway-helm", ENVOY_GATEWAY_CHART.version, undefined, "envoy-gateway-system", true],
      );
      assert.deepEqual(input(eg, "values"), {
        crds: { enabled: false },
        deployment: { envoyGateway: { resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } } }, pod: SYSTEM },
        certgen: { job: { ...SYSTEM, resources: { requests: { cpu: "10m", memory: "32Mi" } } } },
      });
      assert.ok(dependsOn(eg).includes(urnOf(run, CHART_V4)), "the controller starts once the CRDs it watches exist");
      assert.ok(dependsOn(eg).includes(urnOf(run, "kubernetes:core/v1:Namespace", "gw-controller-namespace")));
    });

    it("installs pinned cert-manager with its CRDs kept, Gateway API support and every part on the system pool, after the Gateway API CRDs", async () => {
      const run = await renderGateway();
      const cm = one(run, RELEASE, "gw-cert-manager");
      assert.deepEqual(
        [input(cm, "name"), input(cm, "chart"), input(cm, "version"), input(cm, "repositoryOpts.repo"), input(cm, "namespace")],
        ["cert-manager", "cert-manager", CERT_MANAGER_CHART.version, "https://charts.jetstack.io", "cert-manager"],
      );
      const sized = (cpu: string, memory: string, limit: string) => ({ requests: { cpu, memory }, limits: { memory: limit } });
      assert.deepEqual(input(cm, "values"), {
        crds: { enabled: true, keep: true },
        config: { gatewayAPI: { enabled: true } },
        ...SYSTEM,
        resources: sized("50m", "128Mi", "512Mi"),
        webhook: { ...SYSTEM, resources: sized("10m", "64Mi", "256Mi") },
        cainjector: { ...SYSTEM, resources: sized("20m", "128Mi", "512Mi") },
        startupapicheck: { ...SYSTEM, resources: { requests: { cpu: "10m", memory: "32Mi" } } },
      });
      assert.ok(dependsOn(cm).includes(urnOf(run, CHART_V4)), "with Gateway API support the controller needs the Gateway API CRDs to start");
    });

    it("sets only values the pinned charts read", async () => {
      // Checked against each chart at its tag, each key against the template that reads it:
      // - envoyproxy/gateway v1.9.0 charts/gateway-crds-helm/values.yaml and templates/;
      // - envoyproxy/gateway v1.9.0 charts/gateway-helm/values.tmpl.yaml (the published values.yaml),
      //   Chart.yaml (`crds.enabled` is the crds subchart's condition), templates/envoy-gateway-
      //   deployment.yaml and templates/certgen.yaml;
      // - cert-manager/cert-manager v1.21.1 deploy/charts/cert-manager/values.schema.json (strict),
      //   templates/{deployment,webhook-deployment,cainjector-deployment,startupapicheck-job,
      //   controller-config}.yaml; `config` is the controller's ControllerConfiguration, whose
      //   `gatewayAPI.enabled` is pkg/apis/config/controller/v1alpha1/types.go GatewayAPIConfig.
      // A path listed here is passed to the chart whole (a node selector, a resources block).
      const known = {
        "gw-crds": ["crds.gatewayAPI.enabled", "crds.gatewayAPI.channel", "crds.envoyGateway.enabled"],
        "gw-envoy-gateway": ["crds.enabled", "deployment.envoyGateway.resources", "deployment.pod.nodeSelector", "deployment.pod.tolerations", "certgen.job.nodeSelector", "certgen.job.tolerations", "certgen.job.resources"],
        "gw-cert-manager": [
          "crds.enabled",
          "crds.keep",
          "config.gatewayAPI.enabled",
          ...["", "webhook.", "cainjector.", "startupapicheck."].flatMap((p) => [`${p}nodeSelector`, `${p}tolerations`, `${p}resources`]),
        ],
      };
      const run = await renderGateway();
      for (const [name, keys] of Object.entries(known)) {
        const r = run.resources.find((x) => x.name === name)!;
        const paths = keyPaths(input(r, "values"), new Set(keys));
        assert.deepEqual(paths.filter((p) => !keys.includes(p)), [], `${name} sets keys its chart does not read`);
        assert.deepEqual([...keys].sort(), [...paths].sort(), `${name}: every listed key is set`);
      }
    });
  });

  describe("the load balancer and the proxies", () => {
    it("puts the Gateway behind an internal load balancer by default, with the cluster's internal annotations", async () => {
      const service = input(one(await renderGateway(), PROXY), "spec.provider.kubernetes.envoyService");
      assert.deepEqual(service, { name: "envoy-ml-gateway", type: "LoadBalancer", annotations: { "fake.ml-clusters.io/load-balancer": "internal" } });
    });

    it("makes the load balancer public only when asked, with the cluster's public annotations", async () => {
      const service = input(one(await renderGateway(validGateway({ exposure: "public" })), PROXY), "spec.provider.kubernetes.envoyService");
      assert.deepEqual(service.annotations, { "fake.ml-clusters.io/load-balancer": "public" });
    });

    it("runs two proxies on the system pool, spread over nodes, one kept through a drain, with the table's requests", async () => {
      const proxy = one(await renderGateway(), PROXY);
      assert.deepEqual([input(proxy, "metadata.name"), input(proxy, "metadata.namespace")], ["ml-gateway", "ml-gateway"]);
      const { envoyService: _, ...kube } = input(proxy, "spec.provider.kubernetes");
      assert.equal(input(proxy, "spec.provider.type"), "Kubernetes");
      const selector = { "app.kubernetes.io/name": "envoy", "gateway.envoyproxy.io/owning-gateway-name": "ml-gateway", "gateway.envoyproxy.io/owning-gateway-namespace": "ml-gateway" };
      assert.deepEqual(kube, {
        envoyDeployment: {
          name: "envoy-ml-gateway",
          replicas: 2,
          pod: { ...SYSTEM, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } }] },
          container: { resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "1Gi" } } },
        },
        envoyPDB: { minAvailable: 1 },
      });
    });
  });

  describe("the Gateway and its redirect", () => {
    it("listens for the host name on HTTPS with the certificate's Secret and routes from every namespace, and on HTTP for its own namespace only", async () => {
      const run = await renderGateway();
      const gw = one(run, GATEWAY);
      assert.deepEqual([input(gw, "metadata.name"), input(gw, "metadata.namespace")], ["ml-gateway", "ml-gateway"]);
      const kinds = [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute" }];
      assert.deepEqual(input(gw, "spec"), {
        gatewayClassName: "ml-clusters",
        infrastructure: { parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "ml-gateway" } },
        listeners: [
          {
            name: "https",
            protocol: "HTTPS",
            port: 443,
            hostname: "ml.example.com",
            tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "ml-gateway-tls" }] },
            allowedRoutes: { namespaces: { from: "All" }, kinds },
          },
          { name: "http", protocol: "HTTP", port: 80, hostname: "ml.example.com", allowedRoutes: { namespaces: { from: "Same" }, kinds } },
        ],
      });
      assert.deepEqual(input(one(run, "kubernetes:gateway.networking.k8s.io/v1:GatewayClass"), "spec.controllerName"), "gateway.envoyproxy.io/gatewayclass-controller");
      // Deleted before the controller, which removes the proxies and their load balancer.
      assert.ok(dependsOn(gw).includes(urnOf(run, RELEASE, "gw-envoy-gateway")));
      assert.ok(dependsOn(gw).includes(urnOf(run, PROXY)));
    });

    it("redirects plain HTTP to HTTPS with a 301 on every path of the host name", async () => {
      const route = one(await renderGateway(), ROUTE);
      assert.deepEqual([input(route, "metadata.name"), input(route, "metadata.namespace")], ["https-redirect", "ml-gateway"]);
      assert.deepEqual(input(route, "spec"), {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "ml-gateway", sectionName: "http" }],
        hostnames: ["ml.example.com"],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      });
    });
  });

  describe("certificates", () => {
    it("bootstraps a self-signed CA in the gateway namespace, waits for it, and signs the host name's certificate with it", async () => {
      const run = await renderGateway();
      const issuers = Object.fromEntries(ofType(run, ISSUER).map((r) => [input(r, "metadata.name"), input(r, "spec")]));
      assert.deepEqual(issuers, { "ml-gateway-selfsigned": { selfSigned: {} }, "ml-gateway-ca": { ca: { secretName: "ml-gateway-ca" } } });
      for (const r of ofType(run, ISSUER)) assert.equal(input(r, "metadata.namespace"), "ml-gateway", "namespaced: no team can have our CA sign its names");
      const ca = one(run, CERTIFICATE, "gw-ca");
      assert.deepEqual(input(ca, "metadata.annotations"), { "pulumi.com/waitFor": "condition=Ready" });
      assert.deepEqual(input(ca, "spec"), {
        isCA: true,
        commonName: "ml-clusters gateway CA",
        secretName: "ml-gateway-ca",
        duration: "87600h",
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Never" },
        issuerRef: { group: "cert-manager.io", kind: "Issuer", name: "ml-gateway-selfsigned" },
      });
      const host = one(run, CERTIFICATE, "gw-certificate");
      assert.deepEqual(input(host, "spec"), {
        secretName: "ml-gateway-tls",
        dnsNames: ["ml.example.com"],
        privateKey: { algorithm: "ECDSA", size: 256 },
        issuerRef: { group: "cert-manager.io", kind: "Issuer", name: "ml-gateway-ca" },
      });
      assert.ok(dependsOn(one(run, ISSUER, "gw-selfsigned-issuer")).includes(urnOf(run, RELEASE, "gw-cert-manager")));
    });

    it("exports the self-signed CA's certificate, read from its Secret once the CA is Ready", async () => {
      const run = await renderGateway();
      assert.equal(run.outputs.caCertificate, STAND_IN_CERTIFICATE);
      assert.ok(!isSecretValue(run.outputs.caCertificate), "a CA certificate is public: clients must be able to read it");
      const read = one(run, SECRET, "gw-ca-secret");
      assert.equal(read.read, true);
      assert.deepEqual(dependsOn(read), [urnOf(run, CERTIFICATE, "gw-ca")]);
      assert.equal(read.provider, one(run, "pulumi:providers:kubernetes").urn);
    });

    it("issues the certificate from Let's Encrypt through the Gateway's HTTP listener, without holding the update for it", async () => {
      const run = await renderGateway(letsencrypt);
      const acme = one(run, ISSUER);
      assert.deepEqual([input(acme, "metadata.name"), input(acme, "metadata.namespace")], ["letsencrypt", "ml-gateway"]);
      assert.deepEqual(input(acme, "spec"), {
        acme: {
          server: "https://acme-v02.api.letsencrypt.org/directory",
          email: "ops@example.com",
          privateKeySecretRef: { name: "letsencrypt-account" },
          solvers: [
            {
              http01: {
                gatewayHTTPRoute: {
                  serviceType: "ClusterIP",
                  parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "ml-gateway", namespace: "ml-gateway", sectionName: "http" }],
                  podTemplate: { spec: SYSTEM },
                },
              },
            },
          ],
        },
      });
      const cert = one(run, CERTIFICATE);
      assert.deepEqual(input(cert, "metadata.annotations"), { "pulumi.com/skipAwait": "true" });
      assert.deepEqual(input(cert, "spec.issuerRef"), { group: "cert-manager.io", kind: "Issuer", name: "letsencrypt" });
      assert.ok(dependsOn(cert).includes(urnOf(run, GATEWAY)), "the challenge is answered through the Gateway");
      assert.equal(run.outputs.caCertificate, null);
      assert.equal(ofType(run, SECRET).length, 0);
    });

    it("serves the user's Secret and installs no cert-manager when the user brings the certificate", async () => {
      const run = await renderGateway(validGateway({ tls: { issuer: "secret", secretName: "ml-cert" } }));
      assert.deepEqual(input(one(run, GATEWAY), "spec.listeners.0.tls.certificateRefs"), [{ group: "", kind: "Secret", name: "ml-cert" }]);
      assert.deepEqual(ofType(run, RELEASE).map((r) => r.name), ["gw-envoy-gateway"]);
      assert.deepEqual([ofType(run, ISSUER).length, ofType(run, CERTIFICATE).length, run.outputs.caCertificate], [0, 0, null]);
      assert.deepEqual(ofType(run, "kubernetes:core/v1:Namespace").map((r) => input(r, "metadata.name")).sort(), ["envoy-gateway-system", "ml-gateway"]);
    });
  });

  describe("API keys", () => {
    it("keeps the API keys only in a Secret of the gateway namespace, as a Pulumi secret", async () => {
      const run = await renderGateway(apiKeyAuth, { apiKeys: pulumi.secret(KEYS), routeNamespaces: ["research"] });
      const secret = one(run, SECRET, "gw-api-keys");
      assert.deepEqual([input(secret, "metadata.name"), input(secret, "metadata.namespace"), input(secret, "type")], ["ml-gateway-api-keys", "ml-gateway", "Opaque"]);
      assert.ok(isSecretValue(secret.inputs.stringData));
      assert.deepEqual(unwrapSecrets(secret.inputs.stringData), KEYS);
      for (const r of run.resources) {
        const text = JSON.stringify(maskSecrets(r.inputs));
        for (const key of Object.values(KEYS)) assert.ok(!text.includes(key), `${r.type} ${r.name} holds an API key in plain text`);
      }
    });

    it("lets the SecurityPolicies of the routed namespaces, and only those, read the API-key Secret", async () => {
      const run = await renderGateway(apiKeyAuth, { apiKeys: pulumi.secret(KEYS), routeNamespaces: ["research", "ml-gateway", "chat", "research"] });
      const grant = one(run, GRANT);
      assert.deepEqual([input(grant, "metadata.name"), input(grant, "metadata.namespace")], ["ml-gateway-api-keys", "ml-gateway"]);
      assert.deepEqual(input(grant, "spec"), {
        from: [
          { group: "gateway.envoyproxy.io", kind: "SecurityPolicy", namespace: "chat" },
          { group: "gateway.envoyproxy.io", kind: "SecurityPolicy", namespace: "research" },
        ],
        to: [{ group: "", kind: "Secret", name: "ml-gateway-api-keys" }],
      });
    });

    it("grants nothing and holds no keys without API-key authentication", async () => {
      const run = await renderGateway(validGateway(), { routeNamespaces: ["research"] });
      assert.deepEqual([ofType(run, GRANT).length, ofType(run, SECRET).filter((r) => !r.read).length], [0, 0]);
    });
  });

  describe("what routes get", () => {
    it("describes where the Gateway, its HTTPS listener, its proxies and its API keys are, and what to wait for", async () => {
      const run = await renderGateway(apiKeyAuth, { apiKeys: pulumi.secret(KEYS), routeNamespaces: ["research"] });
      assert.deepEqual(run.outputs.ref, {
        namespace: "ml-gateway",
        name: "ml-gateway",
        httpsListener: "https",
        hostname: "ml.example.com",
        proxyNamespace: "envoy-gateway-system",
        proxyLabels: { "app.kubernetes.io/name": "envoy", "gateway.envoyproxy.io/owning-gateway-name": "ml-gateway", "gateway.envoyproxy.io/owning-gateway-namespace": "ml-gateway" },
        auth: { apiKeySecret: "ml-gateway-api-keys" },
        url: "https://ml.example.com",
      });
      assert.deepEqual(run.outputs.ready, [urnOf(run, CHART_V4), urnOf(run, RELEASE, "gw-envoy-gateway"), urnOf(run, GATEWAY), urnOf(run, SECRET, "gw-api-keys"), urnOf(run, GRANT)]);
      assert.equal(run.outputs.url, "https://ml.example.com");
    });

    it("passes a JWT provider on to the routes", async () => {
      const jwt = { issuer: "https://auth.example.com", jwksUri: "https://auth.example.com/.well-known/jwks.json" };
      const run = await renderGateway(validGateway({ auth: { jwt } }));
      assert.deepEqual((run.outputs.ref as { auth: unknown }).auth, { jwt });
    });
  });

  describe("objects", () => {
    it("validate against the upstream schemas, in namespaces whose pod security fits what runs there", async () => {
      const run = await renderGateway(apiKeyAuth, { apiKeys: pulumi.secret(KEYS), routeNamespaces: ["research"] });
      assert.deepEqual(await validateAll(run.resources), [
        "Certificate ml-gateway/ml-gateway-ca",
        "Certificate ml-gateway/ml-gateway-tls",
        "EnvoyProxy ml-gateway/ml-gateway",
        "Gateway ml-gateway/ml-gateway",
        "GatewayClass ml-clusters",
        "HTTPRoute ml-gateway/https-redirect",
        "Issuer ml-gateway/ml-gateway-ca",
        "Issuer ml-gateway/ml-gateway-selfsigned",
        "Namespace cert-manager",
        "Namespace envoy-gateway-system",
        "Namespace ml-gateway",
        "ReferenceGrant ml-gateway/ml-gateway-api-keys",
        "Secret ml-gateway/ml-gateway-api-keys",
      ]);
      assert.deepEqual(await validateAll((await renderGateway(letsencrypt)).resources).then((all) => all.filter((x) => x.startsWith("Issuer") || x.startsWith("Certificate"))), [
        "Certificate ml-gateway/ml-gateway-tls",
        "Issuer ml-gateway/letsencrypt",
      ]);
      const enforced = Object.fromEntries(ofType(run, "kubernetes:core/v1:Namespace").map((r) => [input(r, "metadata.name"), input(r, "metadata.labels")["pod-security.kubernetes.io/enforce"]]));
      assert.deepEqual(enforced, { "ml-gateway": "restricted", "envoy-gateway-system": "baseline", "cert-manager": "restricted" });
    });

    it("applies every object through the cluster's provider and goes with the cluster", async () => {
      const run = await renderGateway(apiKeyAuth, { apiKeys: pulumi.secret(KEYS), routeNamespaces: ["research"] });
      const provider = one(run, "pulumi:providers:kubernetes").urn;
      const cluster = one(run, "ml-clusters:cluster:FakeCluster").urn;
      for (const r of run.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
        assert.equal(r.provider, provider, `${r.type} ${r.name}`);
        if (!r.read) assert.equal(r.options.deletedWith, cluster, `${r.type} ${r.name}`);
      }
    });
  });
});

/** Dotted paths of a values tree, not descending below a path in `opaque` (a value the chart takes whole). */
function keyPaths(values: Record<string, unknown>, opaque: ReadonlySet<string>, prefix = ""): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (opaque.has(path) || value === null || typeof value !== "object" || Array.isArray(value)) return [path];
    return keyPaths(value as Record<string, unknown>, opaque, path);
  });
}
