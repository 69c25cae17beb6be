import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { BadInputError } from "../../../components/bad-input";
import { FakeCluster } from "../../../components/cluster/fake";
import { apiKeySecretGrantSpec, gatewayDuration } from "../../../components/k8s/gateway-routes";
import { ModelService, ModelServiceArgs, modelServiceProblems } from "../../../components/k8s/model-service";
import { networkPolicies } from "../../../components/k8s/namespace-policies";
import type { GatewayRef } from "../../../components/k8s/refs";
import type { SpecProblem, ValidService } from "../../../components/spec/types";
import { validNamespace } from "../../helpers/builders";
import { KubeObject, isKubernetesObject, manifestOf, validateAll } from "../../helpers/k8s-schema";
import { MockRun, RecordedResource, input, kubernetesWithoutProvider, ofType, one, render } from "../../helpers/mocks";
import { POOLS, addons, monitoringRef, service } from "./fixtures";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const MONITOR = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor";
const HTTPSO = "kubernetes:http.keda.sh/v1alpha1:HTTPScaledObject";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const GRANT = "kubernetes:gateway.networking.k8s.io/v1:ReferenceGrant";
const SECURITY = "kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy";
const TRAFFIC = "kubernetes:gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy";

/** The platform's Gateway as the Gateway component would describe it. */
function gatewayRef(overrides: Partial<GatewayRef> = {}): GatewayRef {
  return {
    namespace: "ml-gateway",
    name: "platform",
    httpsListener: "https",
    hostname: "ml.example.com",
    proxyNamespace: "envoy-gateway-system",
    proxyLabels: { "app.kubernetes.io/name": "envoy", "gateway.envoyproxy.io/owning-gateway-name": "platform", "gateway.envoyproxy.io/owning-gateway-namespace": "ml-gateway" },
    auth: { apiKeySecret: "gateway-api-keys" },
    url: "https://ml.example.com",
    ready: [],
    ...overrides,
  };
}

/** chat behind the gateway at /chat, scaling 1-4 on CPU. */
function routed(overrides: Partial<ValidService> = {}): ValidService {
  return service({ expose: "gateway", route: { path: "/chat" }, ...overrides });
}

/** chat with a canary taking 40 percent, 1-2 replicas (4 x 40 % rounded up). */
const CANARY = { path: "/chat", canary: { image: "vllm/vllm-openai:v0.7.0", weight: 40, replicas: { min: 1, max: 2 } } };

/** A scale-to-zero chat: woken by requests through the interceptor. */
const ZERO: Partial<ValidService> = { replicas: { min: 0, max: 2 }, autoscaling: { concurrentRequests: 100 } };

type Extra = Partial<Omit<ModelServiceArgs, "contract" | "service">>;

function build(contract: FakeCluster, s: ValidService, extra: Extra = {}, name = `${s.namespace}-${s.name}`): ModelService {
  return new ModelService(name, { contract, service: s, pool: "l4-1", addons: addons(), gateway: gatewayRef(), ...extra });
}

function renderRouted(services: readonly ValidService[], extra: Extra = {}, preview = false): Promise<MockRun> {
  return render(
    () => {
      const contract = new FakeCluster("test", { pools: POOLS });
      for (const s of services) build(contract, s, extra);
    },
    { preview },
  );
}

function objects(run: MockRun): KubeObject[] {
  return run.resources.filter(isKubernetesObject).map(manifestOf);
}

function find(run: MockRun, kind: string, namespace: string, name: string): KubeObject | undefined {
  return objects(run).find((o) => o.kind === kind && o.metadata?.namespace === namespace && o.metadata?.name === name);
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The Deployments whose pods a Service selects, by name; throws when the Service or the port is missing. */
function deploymentsBehind(run: MockRun, namespace: string, serviceName: string, port: number): string[] {
  const svc = find(run, "Service", namespace, serviceName) as any;
  assert.ok(svc !== undefined, `no Service ${namespace}/${serviceName}`);
  assert.ok(svc.spec.ports.some((p: any) => p.port === port), `Service ${namespace}/${serviceName} has no port ${port}`);
  return objects(run)
    .filter((o) => o.kind === "Deployment" && o.metadata?.namespace === namespace && selects(svc.spec.selector, (o.spec as any).template.metadata.labels))
    .map((o) => o.metadata!.name!)
    .sort();
}

/** Each backend of the route followed to the Deployments behind it, as the gateway's controller resolves it. */
function podsBehind(run: MockRun, route: KubeObject): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const ref of (route.spec as any).rules[0].backendRefs) {
    const ns = ref.namespace ?? route.metadata!.namespace!;
    out[`${ns}/${ref.name}:${ref.port}${ref.weight !== undefined ? ` weight ${ref.weight}` : ""}`] = deploymentsBehind(run, ns, ref.name, ref.port);
  }
  return out;
}

/**
 * The CRDs' CEL rules that concern these objects, which the schema packages do not evaluate
 * (Gateway API v1.6.1 httproute_types.go; Envoy Gateway v1.9.0 api_key_auth_types.go,
 * ratelimit_types.go and the SecurityPolicy/BackendTrafficPolicy targetRefs rules).
 */
function celViolations(obj: KubeObject): string[] {
  const spec = (obj.spec ?? {}) as any;
  const out: string[] = [];
  const where = `${obj.kind} ${obj.metadata?.namespace}/${obj.metadata?.name}`;
  if (obj.kind === "HTTPRoute") {
    for (const rule of spec.rules) {
      const rewrites = (rule.filters ?? []).filter((f: any) => f.type === "URLRewrite");
      if (rewrites.length > 1) out.push(`${where}: URLRewrite filter cannot be repeated`);
      const prefix = rewrites.some((f: any) => f.urlRewrite?.path?.type === "ReplacePrefixMatch");
      if (prefix && (rule.matches.length !== 1 || rule.matches[0].path?.type !== "PathPrefix")) {
        out.push(`${where}: When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`);
      }
      for (const m of rule.matches) if (!m.path.value.startsWith("/") || m.path.value.includes("//")) out.push(`${where}: bad path ${m.path.value}`);
    }
  }
  if (obj.kind === "SecurityPolicy" || obj.kind === "BackendTrafficPolicy") {
    for (const ref of spec.targetRefs ?? []) {
      if (ref.group !== "gateway.networking.k8s.io" || !["Gateway", "HTTPRoute", "GRPCRoute", "TCPRoute", "UDPRoute", "TLSRoute", "ListenerSet"].includes(ref.kind)) {
        out.push(`${where}: targetRefs must name a Gateway API object`);
      }
    }
  }
  for (const e of spec.apiKeyAuth?.extractFrom ?? []) {
    if (["headers", "params", "cookies"].filter((k) => e[k] !== undefined).length !== 1) out.push(`${where}: exactly one of headers, params, or cookies must be specified`);
    if (e.headers !== undefined && (e.headers.length < 1 || e.headers.some((h: string) => h.length < 1))) out.push(`${where}: extractFrom headers need at least one non-empty name`);
  }
  for (const r of spec.rateLimit?.local?.rules ?? []) {
    if (r.cost?.response !== undefined || r.limit.fromMetadata !== undefined) out.push(`${where}: response cost and fromMetadata are not supported for Local Rate Limits`);
    if (!Number.isInteger(r.limit.requests) || r.limit.requests < 0 || r.limit.requests > 4294967295) out.push(`${where}: requests must be a uint32`);
  }
  return out;
}

describe("ModelService behind the gateway", () => {
  it("routes its path on the gateway's HTTPS listener for the gateway's host to its own Service, stripping the path", async () => {
    const run = await renderRouted([routed()]);
    const route = one(run, ROUTE);
    assert.deepEqual(input(route, "metadata.name"), "chat");
    assert.deepEqual(input(route, "metadata.namespace"), "research");
    assert.deepEqual(input(route, "spec"), {
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "ml-gateway", name: "platform", sectionName: "https" }],
      hostnames: ["ml.example.com"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/chat" } }],
          filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }],
          backendRefs: [{ group: "", kind: "Service", name: "chat", port: 8000 }],
          timeouts: { request: "120s" },
        },
      ],
    });
    assert.deepEqual(podsBehind(run, manifestOf(route)), { "research/chat:8000": ["chat"] });
    assert.equal(input(one(run, SERVICE, "research-chat-service"), "spec.type"), "ClusterIP");
    assert.equal(ofType(run, GRANT).length, 0, "a route to its own namespace needs no grant");
  });

  it("routes a scale-to-zero service to the interceptor with the Host its HTTPScaledObject routes by, for as long as it takes to wake", async () => {
    const run = await renderRouted([routed(ZERO)]);
    const route = one(run, ROUTE);
    const [rule] = input(route, "spec.rules");
    assert.deepEqual(rule.backendRefs, [{ group: "", kind: "Service", name: "keda-add-ons-http-interceptor-proxy", namespace: "keda", port: 8080 }]);
    assert.deepEqual(rule.filters, [{ type: "URLRewrite", urlRewrite: { hostname: "chat-proxy.research", path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }]);
    const scaled = manifestOf(one(run, HTTPSO)) as any;
    assert.ok(scaled.spec.hosts.includes(rule.filters[0].urlRewrite.hostname), "the interceptor routes the rewritten Host to this HTTPScaledObject");
    assert.deepEqual(deploymentsBehind(run, scaled.metadata.namespace, scaled.spec.scaleTargetRef.service, scaled.spec.scaleTargetRef.port), ["chat"]);
    // node 900 s + GPU image 600 s + startupSeconds 600 s, then 120 s to answer.
    assert.deepEqual(rule.timeouts, { request: "2220s" });
  });

  it("grants routes of the service's namespace the interceptor's Service, in the interceptor's namespace, before the route exists", async () => {
    const run = await renderRouted([routed(ZERO)]);
    const grant = one(run, GRANT);
    assert.equal(input(grant, "metadata.namespace"), "keda");
    assert.equal(input(grant, "metadata.name"), "research.chat");
    assert.deepEqual(input(grant, "spec"), {
      from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "research" }],
      to: [{ group: "", kind: "Service", name: "keda-add-ons-http-interceptor-proxy" }],
    });
    assert.ok(one(run, ROUTE).options.dependsOn?.includes(grant.urn));
  });

  it("names each interceptor grant after its namespace and service, so services whose names join alike never share one", async () => {
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      build(contract, routed({ ...ZERO, name: "c", namespace: "a-b", key: "a-b/c", route: { path: "/a-b/c" } }), {}, "first");
      build(contract, routed({ ...ZERO, name: "b-c", namespace: "a", key: "a/b-c", route: { path: "/a/b-c" } }), {}, "second");
    });
    assert.deepEqual(ofType(run, GRANT).map((g) => input(g, "metadata.name")).sort(), ["a-b.c", "a.b-c"]);
  });

  it("authenticates with the gateway's API keys from x-api-key or Authorization: Bearer, read in the gateway's namespace, and keeps keys from the server", async () => {
    const run = await renderRouted([routed()]);
    const policy = one(run, SECURITY);
    assert.equal(input(policy, "metadata.namespace"), "research");
    assert.deepEqual(input(policy, "spec"), {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "chat" }],
      apiKeyAuth: {
        credentialRefs: [{ group: "", kind: "Secret", name: "gateway-api-keys", namespace: "ml-gateway" }],
        extractFrom: [{ headers: ["x-api-key", "authorization"] }],
        sanitize: true,
      },
    });
  });

  it("authenticates with the gateway's JWT issuer and its key set when the gateway uses JWT", async () => {
    const run = await renderRouted([routed()], { gateway: gatewayRef({ auth: { jwt: { issuer: "https://login.example.com", jwksUri: "https://login.example.com/jwks" } } }) });
    assert.deepEqual(input(one(run, SECURITY), "spec"), {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "chat" }],
      jwt: { providers: [{ name: "platform", issuer: "https://login.example.com", remoteJWKS: { uri: "https://login.example.com/jwks" } }] },
    });
  });

  it("attaches no SecurityPolicy and no rate limit when the gateway has no authentication and the route no limit", async () => {
    const run = await renderRouted([routed()], { gateway: gatewayRef({ auth: undefined }) });
    assert.equal(ofType(run, SECURITY).length, 0);
    assert.equal(ofType(run, TRAFFIC).length, 0);
    assert.equal(ofType(run, ROUTE).length, 1);
  });

  it("limits requests per minute on the route, local to each gateway replica", async () => {
    const run = await renderRouted([routed({ route: { path: "/chat", rateLimit: { requestsPerMinute: 600 } } })]);
    const policy = one(run, TRAFFIC);
    assert.equal(input(policy, "metadata.namespace"), "research");
    assert.deepEqual(input(policy, "spec"), {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "chat" }],
      rateLimit: { local: { rules: [{ limit: { requests: 600, unit: "Minute" } }] } },
    });
  });

  it("creates the route only after its policies, so it never serves a request unauthenticated or unlimited", async () => {
    const run = await renderRouted([routed({ route: { path: "/chat", rateLimit: { requestsPerMinute: 60 } } })]);
    const deps = one(run, ROUTE).options.dependsOn ?? [];
    assert.ok(deps.includes(one(run, SECURITY).urn));
    assert.ok(deps.includes(one(run, TRAFFIC).urn));
  });

  it("admits only the gateway's proxies to the service's port, by namespace and pod labels together, never an address block", async () => {
    const run = await renderRouted([routed()]);
    const [policy] = ofType(run, POLICY);
    assert.equal(ofType(run, POLICY).length, 1, "no load-balancer policy next to it");
    assert.equal(input(policy, "metadata.name"), "chat-allow-gw");
    assert.deepEqual(input(policy, "spec"), {
      podSelector: { matchLabels: { "app.kubernetes.io/name": "chat", "app.kubernetes.io/instance": "chat" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
              podSelector: {
                matchLabels: { "app.kubernetes.io/name": "envoy", "gateway.envoyproxy.io/owning-gateway-name": "platform", "gateway.envoyproxy.io/owning-gateway-namespace": "ml-gateway" },
              },
            },
          ],
          ports: [{ protocol: "TCP", port: 8000 }],
        },
      ],
    });
    assert.doesNotMatch(JSON.stringify(input(policy, "spec")), /ipBlock/);
  });

  it("adds no gateway policy to a scale-to-zero service, whose requests come from the interceptor its namespace admits", async () => {
    const run = await renderRouted([routed(ZERO)]);
    assert.equal(ofType(run, POLICY).length, 0);
    const namespacePolicy = networkPolicies({ namespace: validNamespace(), interceptorNamespace: "keda" }).find((p) => p.name === "allow-from-http-interceptor");
    assert.deepEqual(namespacePolicy?.spec.ingress, [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "keda" } } }] }]);
  });

  it("exports its URL through the gateway next to the unchanged in-cluster endpoint", async () => {
    let routedService!: ModelService;
    let internal!: ModelService;
    let zero!: ModelService;
    await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      routedService = build(contract, routed());
      zero = build(contract, routed({ ...ZERO, name: "zero", route: { path: "/zero" } }));
      internal = build(contract, service({ name: "plain" }));
    });
    assert.equal(routedService.gatewayUrl, "https://ml.example.com/chat");
    assert.deepEqual(routedService.endpoint, { url: "http://chat.research.svc.cluster.local:8000" });
    assert.equal(zero.gatewayUrl, "https://ml.example.com/zero");
    assert.deepEqual(zero.endpoint, { url: "http://keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local:8080", host: "zero-proxy.research" });
    assert.equal(internal.gatewayUrl, undefined);
  });
});

describe("ModelService canary", () => {
  it("splits the route between the service and its canary by 100 - weight and weight, each Service selecting only its own pods", async () => {
    const run = await renderRouted([routed({ route: CANARY })]);
    const route = manifestOf(one(run, ROUTE));
    assert.deepEqual((route.spec as any).rules[0].backendRefs, [
      { group: "", kind: "Service", name: "chat", port: 8000, weight: 60 },
      { group: "", kind: "Service", name: "chat-canary", port: 8000, weight: 40 },
    ]);
    assert.deepEqual(podsBehind(run, route), { "research/chat:8000 weight 60": ["chat"], "research/chat-canary:8000 weight 40": ["chat-canary"] });
  });

  it("runs the canary image on the service's pool as its ServiceAccount, differing from the service's pods only in image and instance label", async () => {
    const run = await renderRouted([routed({ route: CANARY })]);
    const main = one(run, DEPLOYMENT, "research-chat-deployment");
    const canary = one(run, DEPLOYMENT, "research-chat-canary-deployment");
    assert.equal(input(canary, "metadata.name"), "chat-canary");
    assert.deepEqual(input(canary, "spec.selector"), { matchLabels: { "app.kubernetes.io/name": "chat", "app.kubernetes.io/instance": "chat-canary" } });
    const mainPod = input(main, "spec.template.spec");
    const canaryPod = input(canary, "spec.template.spec");
    assert.equal(canaryPod.containers[0].image, "vllm/vllm-openai:v0.7.0");
    assert.equal(canaryPod.serviceAccountName, "chat");
    const spread = (pod: any) => pod.topologySpreadConstraints.map((c: any) => c.labelSelector.matchLabels["app.kubernetes.io/instance"]);
    assert.deepEqual(spread(canaryPod), ["chat-canary", "chat-canary"]);
    const strip = (pod: any) => ({ ...pod, containers: [{ ...pod.containers[0], image: "-" }], topologySpreadConstraints: "-" });
    assert.deepEqual(strip(canaryPod), strip(mainPod));
    assert.deepEqual(input(canary, "spec.template.metadata.labels"), { ...input(main, "spec.template.metadata.labels"), "app.kubernetes.io/instance": "chat-canary" });
    assert.deepEqual(canary.options.ignoreChanges, ["spec.replicas"]);
    assert.equal(input(canary, "spec.replicas"), undefined);
  });

  it("scales the canary with its own HPA on the service's signal within its replicas, under its own disruption budget", async () => {
    const run = await renderRouted([routed({ route: CANARY, autoscaling: { gpuUtilization: 75 } })]);
    const hpa = one(run, HPA, "research-chat-canary-hpa");
    assert.deepEqual(input(hpa, "spec"), {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "chat-canary" },
      minReplicas: 1,
      maxReplicas: 2,
      metrics: [{ type: "Pods", pods: { metric: { name: "gpu_utilization" }, target: { type: "AverageValue", averageValue: "75" } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
    });
    assert.equal(input(one(run, HPA, "research-chat-hpa"), "spec.maxReplicas"), 4);
    const pdb = one(run, PDB, "research-chat-canary-pdb");
    assert.equal(input(pdb, "metadata.name"), "chat-canary");
    assert.deepEqual(input(pdb, "spec"), {
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: "AlwaysAllow",
      selector: { matchLabels: { "app.kubernetes.io/name": "chat", "app.kubernetes.io/instance": "chat-canary" } },
    });
    const canaryLabels = input(one(run, DEPLOYMENT, "research-chat-canary-deployment"), "spec.template.metadata.labels");
    assert.equal(selects(input(one(run, PDB, "research-chat-pdb"), "spec.selector.matchLabels"), canaryLabels), false, "the service's budget does not count canary pods");
  });

  it("scrapes the canary through its own Service, since its request-rate HPA and its comparison need its metrics", async () => {
    const run = await renderRouted([routed({ route: CANARY })], { monitoring: monitoringRef() });
    const monitors = Object.fromEntries(ofType(run, MONITOR).map((m) => [input(m, "metadata.name"), input(m, "spec.selector.matchLabels")]));
    assert.deepEqual(monitors, {
      chat: { "app.kubernetes.io/name": "chat", "app.kubernetes.io/instance": "chat" },
      "chat-canary": { "app.kubernetes.io/name": "chat", "app.kubernetes.io/instance": "chat-canary" },
    });
    assert.ok(selects(monitors["chat-canary"], input(one(run, SERVICE, "research-chat-canary-service"), "metadata.labels")));
    assert.equal(selects(monitors.chat, input(one(run, SERVICE, "research-chat-canary-service"), "metadata.labels")), false);
  });

  it("admits the gateway's proxies to both tracks' pods", async () => {
    const run = await renderRouted([routed({ route: CANARY })]);
    assert.deepEqual(input(one(run, POLICY), "spec.podSelector"), {
      matchLabels: { "app.kubernetes.io/name": "chat" },
      matchExpressions: [{ key: "app.kubernetes.io/instance", operator: "In", values: ["chat", "chat-canary"] }],
    });
  });

  it("leaves the service's own objects untouched when a canary is added, so adding one replaces nothing", async () => {
    const before = await renderRouted([routed()]);
    const after = await renderRouted([routed({ route: CANARY })]);
    for (const [type, name] of [
      [DEPLOYMENT, "research-chat-deployment"],
      [SERVICE, "research-chat-service"],
      [HPA, "research-chat-hpa"],
      [PDB, "research-chat-pdb"],
      ["kubernetes:core/v1:ServiceAccount", "research-chat-account"],
    ]) {
      assert.deepEqual(one(after, type, name).inputs, one(before, type, name).inputs, `${name} changed`);
    }
  });
});

describe("routed objects", () => {
  /** One of each shape: API keys with a canary and a limit, JWT, and a scale-to-zero service. */
  function program(preview = false): Promise<MockRun> {
    return render(
      () => {
        const contract = new FakeCluster("test", { pools: POOLS });
        build(contract, routed({ route: { ...CANARY, rateLimit: { requestsPerMinute: 600 } } }), { monitoring: monitoringRef() });
        build(contract, routed({ ...ZERO, name: "zero", route: { path: "/research/zero", rateLimit: { requestsPerMinute: 60 } } }));
        build(contract, routed({ name: "jwt", namespace: "vision", key: "vision/jwt", route: { path: "/vision" } }), {
          gateway: gatewayRef({ auth: { jwt: { issuer: "https://login.example.com", jwksUri: "https://login.example.com/jwks" } } }),
        });
      },
      { preview },
    );
  }

  it("validate against the Gateway API and Envoy Gateway schemas and satisfy the CRDs' CEL rules the schema packages skip", async () => {
    const run = await program();
    const validated = await validateAll(run.resources);
    assert.deepEqual(
      validated.filter((d) => /^(HTTPRoute|ReferenceGrant|SecurityPolicy|BackendTrafficPolicy|NetworkPolicy) /.test(d)),
      [
        "BackendTrafficPolicy research/chat",
        "BackendTrafficPolicy research/zero",
        "HTTPRoute research/chat",
        "HTTPRoute research/zero",
        "HTTPRoute vision/jwt",
        "NetworkPolicy research/chat-allow-gw",
        "NetworkPolicy vision/jwt-allow-gw",
        "ReferenceGrant keda/research.zero",
        "SecurityPolicy research/chat",
        "SecurityPolicy research/zero",
        "SecurityPolicy vision/jwt",
      ],
    );
    assert.deepEqual(objects(run).flatMap(celViolations), []);
  });

  it("render in preview mode too, every object through the cluster's provider", async () => {
    const preview = await program(true);
    const up = await program();
    assert.deepEqual(kubernetesWithoutProvider(preview), []);
    assert.deepEqual(
      preview.resources.map((r) => r.urn),
      up.resources.map((r) => r.urn),
    );
  });

  it("wait for the gateway's CRDs and controller", async () => {
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      const crds = new pulumi.ComponentResource("test:index:GatewayCrds", "gateway-crds", {});
      build(contract, routed({ route: { path: "/chat", rateLimit: { requestsPerMinute: 1 } } }), { gateway: gatewayRef({ ready: [crds] }) });
    });
    const gatewayReady = one(run, "test:index:GatewayCrds").urn;
    const custom = (r: RecordedResource) => r.type.startsWith("kubernetes:gateway.");
    assert.deepEqual(run.resources.filter(custom).map((r) => `${r.type} ${(r.options.dependsOn ?? []).includes(gatewayReady)}`).sort(), [`${TRAFFIC} true`, `${SECURITY} true`, `${ROUTE} true`].sort());
  });
});

describe("route helpers", () => {
  it("grant the routes' SecurityPolicies of each routed namespace only the API-key Secret", () => {
    assert.deepEqual(apiKeySecretGrantSpec("gateway-api-keys", ["vision", "research", "vision"]), {
      from: [
        { group: "gateway.envoyproxy.io", kind: "SecurityPolicy", namespace: "research" },
        { group: "gateway.envoyproxy.io", kind: "SecurityPolicy", namespace: "vision" },
      ],
      to: [{ group: "", kind: "Secret", name: "gateway-api-keys" }],
    });
  });

  it("write timeouts as Gateway API durations, in minutes past five digits of seconds", () => {
    assert.equal(gatewayDuration(120), "120s");
    assert.equal(gatewayDuration(99999), "99999s");
    assert.equal(gatewayDuration(100000), "1667m");
  });
});

describe("ModelService gateway arguments", () => {
  const CASES: { name: string; service: Partial<ValidService>; args?: Extra; problems: SpecProblem[] }[] = [
    {
      name: "rejects expose gateway without the platform's Gateway",
      service: { expose: "gateway", route: { path: "/chat" } },
      args: { gateway: undefined },
      problems: [
        {
          path: "gateway",
          message: 'is required for research/chat, whose expose is "gateway": pass the platform\'s Gateway (MlPlatform creates it from the spec\'s gateway section), or set services[0].expose to "cluster"',
        },
      ],
    },
    {
      name: "rejects a gateway-exposed service without its route",
      service: { expose: "gateway" },
      problems: [
        {
          path: "services[0].route",
          message: 'is missing: research/chat has expose "gateway", which needs its route (path, rateLimit, canary); validateSpec fills it in, a hand-built service must set it',
        },
      ],
    },
    {
      name: "rejects a route on a service that is not behind the gateway",
      service: { expose: "cluster", route: { path: "/chat" } },
      problems: [{ path: "services[0].route", message: 'applies only to expose "gateway", and research/chat has expose "cluster"; drop route or set expose to "gateway"' }],
    },
    {
      name: "rejects a canary on a scale-to-zero service",
      service: { ...ZERO, expose: "gateway", route: CANARY },
      problems: [
        {
          path: "services[0].canary",
          message:
            "cannot run beside a service at replicas.min 0: its route goes through the KEDA HTTP interceptor, which sends every request to the one Deployment it scales; set replicas.min to 1 or drop canary",
        },
      ],
    },
    {
      name: "rejects a canary weight, canary replicas, rate limit and path the route cannot carry, all at once",
      service: {
        expose: "gateway",
        route: { path: "/chat/", rateLimit: { requestsPerMinute: 0.5 }, canary: { image: "x:1", weight: 100, replicas: { min: 0, max: 2 } } },
      },
      problems: [
        { path: "services[0].path", message: 'must start with "/" and not end with "/" (the gateway strips it as a whole prefix), got "/chat/"' },
        { path: "services[0].rateLimit.requestsPerMinute", message: "must be a whole number from 1 to 4294967295, got 0.5" },
        { path: "services[0].canary.weight", message: "must be a whole percentage from 1 to 99, got 100" },
        { path: "services[0].canary.replicas", message: "must be whole numbers with 1 <= min <= max, got min 0 and max 2" },
      ],
    },
    {
      name: "rejects a Gateway whose proxies have no labels to admit and that sets two kinds of authentication",
      service: { expose: "gateway", route: { path: "/chat" } },
      args: { gateway: gatewayRef({ proxyLabels: {}, auth: { apiKeySecret: "keys", jwt: { issuer: "https://i", jwksUri: "https://i/k" } } }) },
      problems: [
        { path: "gateway.proxyLabels", message: "must name the labels of the gateway's Envoy proxies, got none: research/chat's NetworkPolicy would admit every pod of namespace envoy-gateway-system" },
        { path: "gateway.auth", message: "sets both apiKeySecret and jwt; a gateway authenticates with one of them, so pass only the one the spec's gateway.auth names" },
      ],
    },
  ];

  for (const c of CASES) {
    it(c.name, async () => {
      let error: unknown;
      const run = await render(() => {
        const contract = new FakeCluster("test", { pools: POOLS });
        const args: ModelServiceArgs = { contract, service: service(c.service), pool: "l4-1", addons: addons(), gateway: gatewayRef(), ...(c.args ?? {}) };
        assert.deepEqual(modelServiceProblems(args), c.problems);
        try {
          new ModelService("chat", args);
        } catch (e) {
          error = e;
        }
      });
      assert.ok(error instanceof BadInputError, String(error));
      assert.deepEqual(error.problems, c.problems);
      assert.deepEqual(run.resources.map((r) => r.type).sort(), ["ml-clusters:cluster:FakeCluster", "pulumi:providers:kubernetes"], "nothing registered");
    });
  }
});
