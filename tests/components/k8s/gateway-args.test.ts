import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { BadInputError } from "../../../components/bad-input";
import { FakeCluster } from "../../../components/cluster/fake";
import { Gateway, GatewayArgs, gatewayProblems } from "../../../components/k8s/gateway";
import type { ValidGateway } from "../../../components/spec/types";
import { render } from "../../helpers/mocks";
import { POOLS } from "./fixtures";

const KEYS = { alice: "key-of-alice-0123456789", bob: "key-of-bob-0123456789" };

function validGateway(overrides: Partial<ValidGateway> = {}): ValidGateway {
  return { exposure: "internal", hostname: "ml.example.com", tls: { issuer: "self-signed" }, ...overrides };
}

const apiKeyAuth = validGateway({ auth: { apiKeys: "gatewayApiKeys" } });

describe("Gateway arguments", () => {
  it("rejects a bad host name, an internal Let's Encrypt gateway without an email, and both kinds of authentication, all at once", () => {
    const g = validGateway({ hostname: "*.example.com", tls: { issuer: "letsencrypt" }, auth: { apiKeys: "keys", jwt: { issuer: "http://auth.example.com", jwksUri: "https://auth.example.com/jwks" } } });
    assert.deepEqual(gatewayProblems({ contract: undefined as never, gateway: g, routeNamespaces: ["Research"] }), [
      { path: "gateway.hostname", message: 'must be a lower-case DNS name with at least one dot, such as "ml.example.com" (no wildcard, no IP address), got "*.example.com"' },
      { path: "gateway.tls.email", message: "must be the email address of the Let's Encrypt account (issuer: letsencrypt), got undefined" },
      { path: "gateway.tls.issuer", message: "letsencrypt needs exposure: public (Let's Encrypt must reach the gateway over HTTP to check the name), got exposure: internal; use issuer: self-signed or secret for an internal gateway" },
      { path: "gateway.auth", message: "sets both apiKeys and jwt; choose one" },
      { path: "apiKeys", message: "gateway.auth.apiKeys names the secret config key \"keys\", whose value was not passed; set it with `pulumi config set --secret --path 'keys.<client>' <key>`" },
      { path: "gateway.auth.jwt.issuer", message: 'must be an https:// URL, got "http://auth.example.com"' },
      { path: "routeNamespaces[0]", message: 'must be a namespace name (a DNS label), got "Research"' },
    ]);
  });

  it("rejects a brought certificate without its Secret's name, and API keys in plain text or with nothing to check them", () => {
    const problems = (g: ValidGateway, apiKeys: GatewayArgs["apiKeys"]) => gatewayProblems({ contract: undefined as never, gateway: g, apiKeys });
    assert.deepEqual(problems(validGateway({ tls: { issuer: "secret" } }), undefined), [
      { path: "gateway.tls.secretName", message: "must name the TLS Secret you created in namespace ml-gateway (issuer: secret), got undefined" },
    ]);
    assert.deepEqual(problems(apiKeyAuth, KEYS), [
      {
        path: "apiKeys",
        message: 'must be a secret Output (config.requireSecretObject("gatewayApiKeys") or pulumi.secret(...)), got a plain mapping: keys written in plain text in a program or stack config are not secret',
      },
    ]);
    assert.deepEqual(problems(validGateway(), pulumi.secret(KEYS)), [{ path: "apiKeys", message: "were given but gateway.auth.apiKeys is not set: no route would check them; set gateway.auth.apiKeys or drop them" }]);
    assert.deepEqual(problems(apiKeyAuth, pulumi.secret(KEYS)), []);
  });

  it("throws before registering anything", async () => {
    let error: unknown;
    const run = await render(() => {
      const contract = new FakeCluster("test", { pools: POOLS });
      try {
        new Gateway("gw", { contract, gateway: validGateway({ hostname: "localhost" }) });
      } catch (e) {
        error = e;
      }
    });
    assert.ok(error instanceof BadInputError);
    assert.match((error as Error).message, /gateway\.hostname: must be a lower-case DNS name/);
    assert.deepEqual(run.resources.filter((r) => r.type.startsWith("kubernetes:") || r.type.startsWith("ml-clusters:k8s")), []);
  });
});
