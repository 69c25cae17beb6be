/**
 * The gateway section and the services routed through it (issue 12): defaults, the parsed route,
 * the canary's replicas, every rule's problem with its exact path and message, and the warnings.
 * The API-key secret's value: rules/api-keys.test.ts.
 */
import assert from "node:assert/strict";
import { canaryReplicas } from "../../../components/spec/rules/routes";
import type { SpecProblem } from "../../../components/spec/types";
import { inspectSpec, validateSpec } from "../../../components/spec/validate";
import { awsSpec, problemsOf, set, SpecObject, unset } from "./fixtures";

/** awsSpec with an internal gateway and its one service routed through it: valid, no warnings. */
function gatewaySpec(): SpecObject {
  const s = awsSpec();
  set(s, "gateway", { hostname: "ml.acme.io" });
  set(s, "services[0].expose", "gateway");
  return s;
}

const changed = (change: (s: SpecObject) => unknown) => (): SpecObject => {
  const s = gatewaySpec();
  change(s);
  return s;
};

/** A second service in the same namespace, routed through the gateway at `path` (absent: the default). */
function secondService(s: SpecObject, name: string, path?: string): void {
  const services = s.services as SpecObject[];
  services.push({
    name,
    namespace: "research",
    image: "vllm/vllm-openai:v0.6.3",
    port: 8000,
    cpu: 1,
    memory: "2Gi",
    expose: "gateway",
    ...(path !== undefined ? { path } : {}),
  });
}

describe("gateway: accepted specs", () => {
  it("fills in an internal gateway with self-signed certificates and routes the service at /<namespace>/<name>", () => {
    const report = inspectSpec(gatewaySpec());
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.warnings, []);
    assert.deepEqual(report.spec?.gateway, { exposure: "internal", hostname: "ml.acme.io", tls: { issuer: "self-signed" } });
    assert.deepEqual(report.spec?.services[0]?.route, { path: "/research/chat" });
  });

  it("keeps a written path and rate limit, and states the canary's replicas from the weight", () => {
    const spec = validateSpec(
      changed((s) => {
        set(s, "services[0].path", "/chat");
        set(s, "services[0].rateLimit", { requestsPerMinute: 600 });
        set(s, "services[0].replicas", { min: 2, max: 10 });
        set(s, "namespaces[0].quota.gpu", 32);
        set(s, "services[0].canary", { image: "vllm/vllm-openai:v0.7.0", weight: 25 });
      })(),
    );
    assert.deepEqual(spec.services[0]?.route, {
      path: "/chat",
      rateLimit: { requestsPerMinute: 600 },
      canary: { image: "vllm/vllm-openai:v0.7.0", weight: 25, replicas: { min: 1, max: 3 } },
    });
  });

  it("routes a service that scales to zero through the gateway", () => {
    const report = inspectSpec(
      changed((s) => {
        set(s, "services[0].replicas", { min: 0, max: 2 });
        set(s, "services[0].autoscaling", { concurrentRequests: 8 });
      })(),
    );
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.spec?.services[0]?.expose, "gateway");
    assert.deepEqual(report.spec?.services[0]?.route, { path: "/research/chat" });
  });

  it("takes a public gateway with Let's Encrypt and API keys", () => {
    const report = inspectSpec(
      changed((s) => set(s, "gateway", { exposure: "public", hostname: "ml.acme.io", tls: { issuer: "letsencrypt", email: "ops@acme.io" }, auth: { apiKeys: "gatewayApiKeys" } }))(),
    );
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.warnings, []);
    assert.deepEqual(report.spec?.gateway, {
      exposure: "public",
      hostname: "ml.acme.io",
      tls: { issuer: "letsencrypt", email: "ops@acme.io" },
      auth: { apiKeys: "gatewayApiKeys" },
    });
  });

  it("takes a certificate the user brings and JWT from an identity provider", () => {
    const spec = validateSpec(
      changed((s) => {
        set(s, "gateway.tls", { issuer: "secret", secretName: "ml-cert" });
        set(s, "gateway.auth", { jwt: { issuer: "https://login.acme.io/", jwksUri: "https://login.acme.io/.well-known/jwks.json" } });
      })(),
    );
    assert.deepEqual(spec.gateway, {
      exposure: "internal",
      hostname: "ml.acme.io",
      tls: { issuer: "secret", secretName: "ml-cert" },
      auth: { jwt: { issuer: "https://login.acme.io/", jwksUri: "https://login.acme.io/.well-known/jwks.json" } },
    });
  });

  it("gives no route to a service that is not exposed through the gateway", () => {
    const spec = validateSpec(changed((s) => set(s, "services[0].expose", "internal"))());
    assert.equal("route" in spec.services[0]!, false);
  });

  it("gives no gateway to a spec without one", () => {
    assert.equal("gateway" in validateSpec(awsSpec()), false);
  });

  it("lets two routes share a first segment when neither path is a whole-segment prefix of the other", () => {
    const spec = validateSpec(
      changed((s) => {
        set(s, "services[0].path", "/chat");
        secondService(s, "chatty", "/chatty");
      })(),
    );
    assert.deepEqual(spec.services.map((x) => x.route?.path), ["/chat", "/chatty"]);
  });
});

describe("gateway: the canary's replicas", () => {
  const CASES: readonly { readonly service: { min: number; max: number }; readonly weight: number; readonly canary: { min: number; max: number } }[] = [
    { service: { min: 1, max: 4 }, weight: 10, canary: { min: 1, max: 1 } },
    { service: { min: 2, max: 10 }, weight: 25, canary: { min: 1, max: 3 } },
    { service: { min: 4, max: 8 }, weight: 50, canary: { min: 2, max: 4 } },
    { service: { min: 3, max: 7 }, weight: 99, canary: { min: 3, max: 7 } },
    { service: { min: 10, max: 20 }, weight: 1, canary: { min: 1, max: 1 } },
    { service: { min: 100, max: 1000 }, weight: 33, canary: { min: 33, max: 330 } },
  ];
  for (const c of CASES) {
    it(`are ${c.canary.min}-${c.canary.max} for a service at ${c.service.min}-${c.service.max} and weight ${c.weight}: at least 1, the weight's share rounded up`, () => {
      assert.deepEqual(canaryReplicas(c.service, c.weight), c.canary);
    });
  }
});

interface BadSpec {
  readonly title: string;
  readonly spec: () => unknown;
  readonly problems: readonly SpecProblem[];
}

const HOSTNAME_SHAPE = 'must be a DNS name in lower case: labels of letters, digits and "-" joined by "." (like "ml.example.com")';

const BAD_SPECS: readonly BadSpec[] = [
  {
    title: "rejects expose: gateway without a gateway section",
    spec: changed((s) => unset(s, "gateway")),
    problems: [
      { path: "services[0].expose", message: 'is "gateway", but the spec has no gateway section; add one at the top level (gateway: { hostname: ml.example.com }), or use expose "cluster", "internal" or "public"' },
    ],
  },
  {
    title: "rejects the gateway fields of a service that is not exposed through the gateway",
    spec: changed((s) => {
      unset(s, "services[0].expose");
      set(s, "services[0].path", "/chat");
      set(s, "services[0].rateLimit", { requestsPerMinute: 60 });
      set(s, "services[0].canary", { image: "vllm/vllm-openai:v0.7.0", weight: 10 });
    }),
    problems: [
      { path: "services[0].path", message: 'applies only to expose: gateway (this service\'s expose is "cluster", the default); set expose: gateway to serve it through the platform\'s gateway, or remove path' },
      { path: "services[0].rateLimit", message: 'applies only to expose: gateway (this service\'s expose is "cluster", the default); set expose: gateway to serve it through the platform\'s gateway, or remove rateLimit' },
      { path: "services[0].canary", message: 'applies only to expose: gateway (this service\'s expose is "cluster", the default); set expose: gateway to serve it through the platform\'s gateway, or remove canary' },
    ],
  },
  {
    title: "rejects a rate limit on an internally exposed service",
    spec: changed((s) => {
      set(s, "services[0].expose", "internal");
      set(s, "services[0].rateLimit", { requestsPerMinute: 60 });
    }),
    problems: [
      { path: "services[0].rateLimit", message: 'applies only to expose: gateway (this service\'s expose is "internal"); set expose: gateway to serve it through the platform\'s gateway, or remove rateLimit' },
    ],
  },
  {
    title: "rejects a path without its leading slash",
    spec: changed((s) => set(s, "services[0].path", "chat")),
    problems: [{ path: "services[0].path", message: 'must start with "/", got "chat"; write "/chat"' }],
  },
  {
    title: "rejects the root path, which would take every request",
    spec: changed((s) => set(s, "services[0].path", "/")),
    problems: [
      { path: "services[0].path", message: 'must name a prefix of its own, not "/" alone, which would take every request on the gateway from the other services; write "/research/chat" (the default) or a prefix like "/chat"' },
    ],
  },
  {
    title: "rejects a path with a trailing slash",
    spec: changed((s) => set(s, "services[0].path", "/chat/")),
    problems: [
      { path: "services[0].path", message: 'must not end with "/", got "/chat/": the gateway strips the prefix and the service sees the rest from its own "/"; write "/chat"' },
    ],
  },
  {
    title: "rejects paths with an empty segment, a dot segment or characters that need escaping",
    spec: changed((s) => {
      set(s, "services[0].path", "/chat//v1");
      secondService(s, "b", "/a/../b");
      secondService(s, "c", "/chat bot");
      secondService(s, "d", "/chat%2Fbot");
    }),
    problems: [
      { path: "services[0].path", message: 'must be segments of letters, digits, "-", ".", "_" and "~" joined by single "/" (no "." or ".." segment), got "/chat//v1"' },
      { path: "services[1].path", message: 'must be segments of letters, digits, "-", ".", "_" and "~" joined by single "/" (no "." or ".." segment), got "/a/../b"' },
      { path: "services[2].path", message: 'must be segments of letters, digits, "-", ".", "_" and "~" joined by single "/" (no "." or ".." segment), got "/chat bot"' },
      { path: "services[3].path", message: 'must be segments of letters, digits, "-", ".", "_" and "~" joined by single "/" (no "." or ".." segment), got "/chat%2Fbot"' },
    ],
  },
  {
    title: "rejects a path longer than Gateway API allows",
    spec: changed((s) => set(s, "services[0].path", `/${"a".repeat(1024)}`)),
    problems: [{ path: "services[0].path", message: "must be at most 1024 characters (Gateway API's limit), got 1025" }],
  },
  {
    title: "rejects a path that is not text",
    spec: changed((s) => set(s, "services[0].path", 7)),
    problems: [{ path: "services[0].path", message: 'must be text, got the number 7; quote it: "7"' }],
  },
  {
    title: "rejects a path used twice, at the second service, naming a default path as such",
    spec: changed((s) => secondService(s, "chat2", "/research/chat")),
    problems: [
      { path: "services[1].path", message: '"/research/chat" is also services[0].path: the gateway gives a path to one route only, and this service would get no requests; give each service its own path' },
    ],
  },
  {
    title: "rejects a default path that repeats a written one",
    spec: changed((s) => {
      set(s, "services[0].path", "/research/chat2");
      secondService(s, "chat2");
    }),
    problems: [
      { path: "services[1].path", message: '"/research/chat2" (the default, /<namespace>/<name>) is also services[0].path: the gateway gives a path to one route only, and this service would get no requests; give each service its own path' },
    ],
  },
  {
    title: "rejects a path nested under an earlier service's path",
    spec: changed((s) => {
      set(s, "services[0].path", "/chat");
      secondService(s, "chat-small", "/chat/small");
    }),
    problems: [
      { path: "services[1].path", message: '"/chat/small" lies under services[0].path "/chat": the gateway sends requests under the longer prefix here, so services[0] loses its own paths under "/small"; give the services paths that do not nest' },
    ],
  },
  {
    title: "rejects a path that contains an earlier service's path",
    spec: changed((s) => {
      set(s, "services[0].path", "/chat/large");
      secondService(s, "chat-all", "/chat");
    }),
    problems: [
      { path: "services[1].path", message: '"/chat" contains services[0].path "/chat/large": the gateway sends requests under the longer prefix there, so this service loses its own paths under "/large"; give the services paths that do not nest' },
    ],
  },
  {
    title: "rejects rate limits that are not a positive whole number of requests per minute",
    spec: changed((s) => {
      set(s, "services[0].rateLimit", { requestsPerMinute: 0 });
      secondService(s, "b");
      set(s, "services[1].rateLimit", { requestsPerMinute: 1.5 });
      secondService(s, "c");
      set(s, "services[2].rateLimit", { perMinute: 60 });
    }),
    problems: [
      { path: "services[0].rateLimit.requestsPerMinute", message: "must be a whole number from 1 to 60000000, got 0" },
      { path: "services[1].rateLimit.requestsPerMinute", message: "must be a whole number from 1 to 60000000, got 1.5" },
      { path: "services[2].rateLimit.perMinute", message: "is not a field of a rate limit (its fields: requestsPerMinute); remove it or fix the spelling" },
      { path: "services[2].rateLimit.requestsPerMinute", message: "is required: the requests one gateway replica admits per minute for this service, a whole number of at least 1" },
    ],
  },
  {
    title: "rejects canary weights outside 1-99 and a missing one",
    spec: changed((s) => {
      set(s, "services[0].canary", { image: "vllm/vllm-openai:v0.7.0", weight: 0 });
      secondService(s, "b");
      set(s, "services[1].canary", { image: "vllm/vllm-openai:v0.7.0", weight: 100 });
      secondService(s, "c");
      set(s, "services[2].canary", { image: "vllm/vllm-openai:v0.7.0", weight: 12.5 });
      secondService(s, "d");
      set(s, "services[3].canary", { image: "vllm/vllm-openai:v0.7.0" });
    }),
    problems: [
      { path: "services[0].canary.weight", message: "must be a whole number from 1 to 99, got 0" },
      { path: "services[1].canary.weight", message: "must be a whole number from 1 to 99, got 100" },
      { path: "services[2].canary.weight", message: "must be a whole number from 1 to 99, got 12.5" },
      { path: "services[3].canary.weight", message: "is required: the percent of the route's requests the canary takes, a whole number from 1 to 99" },
    ],
  },
  {
    title: "rejects a canary image that is missing or not pinned",
    spec: changed((s) => {
      set(s, "services[0].canary", { image: "vllm/vllm-openai", weight: 10 });
      secondService(s, "b");
      set(s, "services[1].canary", { weight: 10 });
    }),
    problems: [
      { path: "services[0].canary.image", message: 'must be pinned to a tag or digest, got "vllm/vllm-openai" (no tag pulls ":latest"); add a version tag like ":1.2" or a digest "@sha256:..."' },
      { path: "services[1].canary.image", message: 'is required: the image the canary runs, pinned to a tag or digest, e.g. "vllm/vllm-openai:v0.7.0"' },
    ],
  },
  {
    title: "rejects a canary on a service that scales to zero",
    spec: changed((s) => {
      set(s, "services[0].replicas", { min: 0, max: 2 });
      set(s, "services[0].autoscaling", { concurrentRequests: 8 });
      set(s, "services[0].canary", { image: "vllm/vllm-openai:v0.7.0", weight: 10 });
    }),
    problems: [
      { path: "services[0].canary", message: "cannot run next to a service at replicas.min 0: KEDA's HTTP interceptor wakes the service's own Deployment only, so the canary's share of requests would reach pods nobody wakes; set replicas.min to 1, or remove canary" },
    ],
  },
  {
    title: "still rejects a load balancer in front of a service that scales to zero, pointing at the gateway",
    spec: changed((s) => {
      set(s, "services[0].replicas", { min: 0, max: 2 });
      set(s, "services[0].expose", "public");
    }),
    problems: [
      {
        path: "services[0].expose",
        message: '"public" gives a load balancer that would send traffic to zero pods and never wake them: at replicas.min 0 requests must enter through the KEDA HTTP interceptor; use expose "gateway" (its route goes through the interceptor) or "cluster", or set replicas.min to 1',
      },
    ],
  },
  {
    title: "rejects a gateway that is not a mapping",
    spec: changed((s) => set(s, "gateway", "ml.acme.io")),
    problems: [{ path: "gateway", message: 'must be a mapping (the gateway), got the text "ml.acme.io"' }],
  },
  {
    title: "rejects a gateway without a host name, and unknown fields in it",
    spec: changed((s) => set(s, "gateway", { host: "ml.acme.io" })),
    problems: [
      { path: "gateway.host", message: "is not a field of the gateway (its fields: exposure, hostname, tls, auth); remove it or fix the spelling" },
      { path: "gateway.hostname", message: 'is required: the host name clients call, like "ml.example.com"; point its DNS record at the gateway\'s load balancer' },
    ],
  },
  {
    title: "rejects an unknown gateway exposure with a did-you-mean",
    spec: changed((s) => set(s, "gateway.exposure", "private")),
    problems: [{ path: "gateway.exposure", message: 'must be "internal" or "public", got the text "private"' }],
  },
  {
    title: "rejects a host name in upper case, saying how to write it",
    spec: changed((s) => set(s, "gateway.hostname", "ML.Acme.io")),
    problems: [{ path: "gateway.hostname", message: `${HOSTNAME_SHAPE}, got "ML.Acme.io"; write "ml.acme.io"` }],
  },
  {
    title: "rejects a host name with characters DNS does not allow",
    spec: changed((s) => set(s, "gateway.hostname", "ml_gateway.acme.io")),
    problems: [{ path: "gateway.hostname", message: `${HOSTNAME_SHAPE}, got "ml_gateway.acme.io"` }],
  },
  {
    title: "rejects a wildcard host name",
    spec: changed((s) => set(s, "gateway.hostname", "*.acme.io")),
    problems: [
      { path: "gateway.hostname", message: 'must name one host, not a wildcard, got "*.acme.io": the HTTPS listener and its certificate serve exactly this name; write the host clients call, like "ml.acme.io"' },
    ],
  },
  {
    title: "rejects a URL where the host name goes",
    spec: changed((s) => set(s, "gateway.hostname", "https://ML.acme.io/v1")),
    problems: [{ path: "gateway.hostname", message: 'must be a host name without scheme or path, got "https://ML.acme.io/v1"; write "ml.acme.io"' }],
  },
  {
    title: "rejects a host name with a port",
    spec: changed((s) => set(s, "gateway.hostname", "ml.acme.io:8443")),
    problems: [{ path: "gateway.hostname", message: 'must be a host name without a port, got "ml.acme.io:8443": the gateway serves HTTPS on 443 (and redirects 80 to it); write "ml.acme.io"' }],
  },
  {
    title: "rejects an IP address as the host name",
    spec: changed((s) => set(s, "gateway.hostname", "10.0.12.7")),
    problems: [
      { path: "gateway.hostname", message: 'must be a DNS name, not an IP address, got "10.0.12.7": Gateway API listeners match host names only; give the load balancer a DNS record and write its name' },
    ],
  },
  {
    title: "rejects an IPv6 address as the host name",
    spec: changed((s) => set(s, "gateway.hostname", "fd00::12")),
    problems: [
      { path: "gateway.hostname", message: 'must be a DNS name, not an IP address, got "fd00::12": Gateway API listeners match host names only; give the load balancer a DNS record and write its name' },
    ],
  },
  {
    title: "rejects a fully qualified host name with its trailing dot",
    spec: changed((s) => set(s, "gateway.hostname", "ml.acme.io.")),
    problems: [{ path: "gateway.hostname", message: 'must not end with ".", got "ml.acme.io."; write "ml.acme.io"' }],
  },
  {
    title: "rejects a host name with a label past 63 characters",
    spec: changed((s) => set(s, "gateway.hostname", `${"a".repeat(64)}.acme.io`)),
    problems: [
      { path: "gateway.hostname", message: `has a label of 64 characters, allowed are 63 per label (RFC 1123), got "${"a".repeat(64)}.acme.io"; shorten "${"a".repeat(64)}"` },
    ],
  },
  {
    title: "rejects a host name past 253 characters",
    spec: changed((s) => set(s, "gateway.hostname", `${Array.from({ length: 4 }, () => "a".repeat(62)).join(".")}.acme.io`)),
    problems: [
      { path: "gateway.hostname", message: `must be at most 253 characters, got 259: "${Array.from({ length: 4 }, () => "a".repeat(62)).join(".")}.acme.io"` },
    ],
  },
  {
    title: "rejects an unknown certificate issuer",
    spec: changed((s) => set(s, "gateway.tls", { issuer: "acme" })),
    problems: [{ path: "gateway.tls.issuer", message: 'must be "self-signed", "letsencrypt" or "secret", got the text "acme"' }],
  },
  {
    title: "rejects issuer secret without the Secret's name",
    spec: changed((s) => set(s, "gateway.tls", { issuer: "secret" })),
    problems: [{ path: "gateway.tls.secretName", message: "is required: the name of the TLS Secret (tls.crt and tls.key) you create in the gateway's namespace" }],
  },
  {
    title: "rejects a Secret name that is not a DNS subdomain",
    spec: changed((s) => set(s, "gateway.tls", { issuer: "secret", secretName: "ML_Cert" })),
    problems: [
      { path: "gateway.tls.secretName", message: 'must be a Secret name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters), got "ML_Cert"' },
    ],
  },
  {
    title: "rejects a Secret name and an email with the default self-signed issuer",
    spec: changed((s) => set(s, "gateway.tls", { secretName: "ml-cert", email: "ops@acme.io" })),
    problems: [
      { path: "gateway.tls.secretName", message: 'applies only to issuer "secret" (the issuer is "self-signed", the default), where you bring the certificate; remove secretName, or set issuer: secret' },
      { path: "gateway.tls.email", message: 'applies only to issuer "letsencrypt" (the issuer is "self-signed", the default), whose ACME account it names; remove email, or set issuer: letsencrypt' },
    ],
  },
  {
    title: "rejects letsencrypt on an internal gateway, and without an email",
    spec: changed((s) => set(s, "gateway.tls", { issuer: "letsencrypt" })),
    problems: [
      { path: "gateway.tls.email", message: "is required: the email of the ACME account, where Let's Encrypt sends notices about the certificate" },
      {
        path: "gateway.tls.issuer",
        message: 'is "letsencrypt", which needs exposure: public: Let\'s Encrypt checks the domain by fetching a token from the gateway over the internet (HTTP-01), and an internal gateway\'s private load balancer cannot be reached; set exposure: public, or use issuer "self-signed" or "secret"',
      },
    ],
  },
  {
    title: "rejects an ACME email that is not an address",
    spec: changed((s) => set(s, "gateway", { exposure: "public", hostname: "ml.acme.io", tls: { issuer: "letsencrypt", email: "ops" }, auth: { apiKeys: "k" } })),
    problems: [{ path: "gateway.tls.email", message: 'must be an email address like "ops@your-company.com", got "ops"' }],
  },
  {
    title: "rejects an ACME email at an example domain, which Let's Encrypt refuses",
    spec: changed((s) => set(s, "gateway", { exposure: "public", hostname: "ml.acme.io", tls: { issuer: "letsencrypt", email: "ops@Example.com" }, auth: { apiKeys: "k" } })),
    problems: [
      {
        path: "gateway.tls.email",
        message: 'must not be at example.com, example.net or example.org, got "ops@Example.com": Let\'s Encrypt refuses these example domains as an account\'s contact, so no certificate would be issued; give a mailbox someone reads',
      },
    ],
  },
  {
    title: "rejects both API keys and JWT",
    spec: changed((s) => set(s, "gateway.auth", { apiKeys: "gatewayApiKeys", jwt: { issuer: "https://login.acme.io/", jwksUri: "https://login.acme.io/keys" } })),
    problems: [
      { path: "gateway.auth", message: "sets both apiKeys and jwt, allowed is one: a request would need a key and a token; keep apiKeys for keys you hand out, or jwt for tokens from your identity provider" },
    ],
  },
  {
    title: "rejects an auth section that names no method",
    spec: changed((s) => set(s, "gateway.auth", {})),
    problems: [{ path: "gateway.auth", message: "sets neither apiKeys nor jwt: give one, or remove auth for a gateway without authentication" }],
  },
  {
    title: "rejects an API-key config key that is not a stack config key",
    spec: changed((s) => set(s, "gateway.auth", { apiKeys: "gateway api keys" })),
    problems: [{ path: "gateway.auth.apiKeys", message: 'must name a secret in stack config (like "gatewayApiKeys" or "ml-clusters:gatewayApiKeys"), got "gateway api keys"' }],
  },
  {
    title: "rejects JWT URLs that are missing, not https or not URLs",
    spec: changed((s) => set(s, "gateway.auth", { jwt: { issuer: "http://login.acme.io/", jwksUri: "login.acme.io/keys", audience: "ml" } })),
    problems: [
      { path: "gateway.auth.jwt.audience", message: "is not a field of a JWT provider (its fields: issuer, jwksUri); remove it or fix the spelling" },
      { path: "gateway.auth.jwt.issuer", message: 'must be an https URL (the issuer URL your tokens carry in "iss"), got "http://login.acme.io/": keys and tokens are trusted only over TLS; write "https://login.acme.io/"' },
      { path: "gateway.auth.jwt.jwksUri", message: 'must be an https URL (the URL of the provider\'s signing keys (JWKS)), got "login.acme.io/keys"' },
    ],
  },
  {
    title: "rejects a JWT provider without its keys' URL, and credentials in the issuer",
    spec: changed((s) => set(s, "gateway.auth", { jwt: { issuer: "https://user:pw@login.acme.io/" } })),
    problems: [
      { path: "gateway.auth.jwt.issuer", message: 'must be an https URL without credentials or "#", got "https://user:pw@login.acme.io/"' },
      { path: "gateway.auth.jwt.jwksUri", message: 'is required: the URL of the provider\'s signing keys (JWKS), like "https://login.example.com/.well-known/jwks.json"' },
    ],
  },
  {
    title: "rejects a JWKS URL longer than Envoy Gateway takes",
    spec: changed((s) => set(s, "gateway.auth", { jwt: { issuer: "https://login.acme.io/", jwksUri: `https://login.acme.io/${"k".repeat(240)}` } })),
    problems: [{ path: "gateway.auth.jwt.jwksUri", message: "must be at most 253 characters (Envoy Gateway's limit), got 262" }],
  },
  {
    title: "counts the canary's pods in the namespace quota",
    spec: changed((s) => {
      set(s, "namespaces[0].quota.gpu", 21);
      set(s, "services[0].canary", { image: "vllm/vllm-openai:v0.7.0", weight: 50 });
    }),
    problems: [
      {
        path: "namespaces[0].quota.gpu",
        message: "must cover the namespace's peak demand, 22 GPUs (research/chat 4 replicas × 1, research/chat canary 2 replicas × 1, research/finetune 2 workers × 8), got 21 GPUs; raise it to at least 22 GPUs or lower replicas.max or workers",
      },
    ],
  },
  {
    title: "reports every gateway problem of a spec at once",
    spec: changed((s) => {
      set(s, "gateway.tls", { issuer: "letsencrypt", email: "ops@acme.io" });
      set(s, "services[0].canary", { image: "vllm/vllm-openai:v0.7.0", weight: 100 });
      secondService(s, "chat2", "/research/chat");
      secondService(s, "plain");
      set(s, "services[2].expose", "cluster");
      set(s, "services[2].path", "/plain");
    }),
    problems: [
      { path: "services[0].canary.weight", message: "must be a whole number from 1 to 99, got 100" },
      { path: "services[2].path", message: 'applies only to expose: gateway (this service\'s expose is "cluster"); set expose: gateway to serve it through the platform\'s gateway, or remove path' },
      {
        path: "gateway.tls.issuer",
        message: 'is "letsencrypt", which needs exposure: public: Let\'s Encrypt checks the domain by fetching a token from the gateway over the internet (HTTP-01), and an internal gateway\'s private load balancer cannot be reached; set exposure: public, or use issuer "self-signed" or "secret"',
      },
      { path: "services[1].path", message: '"/research/chat" is also services[0].path: the gateway gives a path to one route only, and this service would get no requests; give each service its own path' },
    ],
  },
];

describe("gateway: bad specs", () => {
  it("starts from a base spec that is valid", () => {
    assert.deepEqual(problemsOf(gatewaySpec()), []);
  });

  for (const c of BAD_SPECS) {
    it(c.title, () => {
      assert.deepEqual(problemsOf(c.spec()), c.problems);
    });
  }
});

interface Surprise {
  readonly title: string;
  readonly spec: () => SpecObject;
  readonly warnings: readonly SpecProblem[];
}

const SURPRISES: readonly Surprise[] = [
  {
    title: "warns that a public gateway without auth lets anyone call its services",
    spec: changed((s) => set(s, "gateway.exposure", "public")),
    warnings: [
      { path: "gateway.auth", message: "is absent on a public gateway: anyone on the internet can call every service with expose: gateway and spend its GPUs; set auth.apiKeys or auth.jwt, or set exposure: internal" },
    ],
  },
  {
    title: "warns that a gateway no service uses costs money and serves nothing",
    spec: changed((s) => unset(s, "services[0].expose")),
    warnings: [
      { path: "gateway", message: "is set, but no service has expose: gateway: its load balancer and proxies cost money and serve nothing; set expose: gateway on a service, or remove gateway" },
    ],
  },
  {
    title: "warns that a canary of the service's own image tests nothing",
    spec: changed((s) => set(s, "services[0].canary", { image: "vllm/vllm-openai:v0.6.3", weight: 10 })),
    warnings: [
      { path: "services[0].canary.image", message: 'is the service\'s own image ("vllm/vllm-openai:v0.6.3"): the canary runs the same version and tests nothing; give the new image' },
    ],
  },
];

describe("gateway: warnings", () => {
  for (const c of SURPRISES) {
    it(c.title, () => {
      const report = inspectSpec(c.spec());
      assert.deepEqual(report.errors, []);
      assert.deepEqual(report.warnings, c.warnings);
    });
  }
});
