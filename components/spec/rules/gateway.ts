/**
 * The `gateway` section: the platform's one HTTPS endpoint (Gateway API on Envoy Gateway), its
 * host name, where its certificate comes from, and how it authenticates callers. The services'
 * own gateway fields (path, rateLimit, canary) are routes.ts.
 */
import { DEFAULT_GATEWAY_EXPOSURE, DEFAULT_TLS_ISSUER } from "../defaults";
import type { GatewayExposure, TlsIssuer, ValidGateway } from "../types";
import { CONFIG_KEY } from "./env";
import { Mapping, readEnum, readField, readMapping, readString } from "./fields";
import { DNS_LABEL_MAX } from "./names";
import { at, listing, Problems } from "./problems";

export const GATEWAY_FIELDS = ["exposure", "hostname", "tls", "auth"] as const;
export const TLS_FIELDS = ["issuer", "secretName", "email"] as const;
export const AUTH_FIELDS = ["apiKeys", "jwt"] as const;
export const JWT_FIELDS = ["issuer", "jwksUri"] as const;
export const GATEWAY_EXPOSURES: readonly GatewayExposure[] = ["internal", "public"];
export const TLS_ISSUERS: readonly TlsIssuer[] = ["self-signed", "letsencrypt", "secret"];

/**
 * Longest host name, and the shape of each label: Gateway API's PreciseHostname (MaxLength 253,
 * lower-case RFC 1123 labels joined by ".", no wildcard), which the HTTPS listener's hostname and
 * the routes' hostnames must satisfy (kubernetes-sigs/gateway-api apis/v1/shared_types.go,
 * v1.5.1, read 2026-12). The pattern bounds no label; RFC 1123 (and every DNS server) does, at 63.
 */
export const HOSTNAME_MAX = 253;
const HOST_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Secret names are DNS-1123 subdomains: lower-case labels joined by ".", at most 253 characters
 * (kubernetes.io/docs/concepts/overview/working-with-objects/names/, read 2026-12).
 */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MAX = 253;

/**
 * Longest JWT issuer and JWKS URI: Envoy Gateway's JWTProvider.issuer and RemoteJWKS.uri are
 * MaxLength 253 (envoyproxy/gateway api/v1alpha1/jwt_types.go, v1.9.0, read 2026-12).
 */
export const JWT_URL_MAX = 253;

/**
 * Contact domains Let's Encrypt refuses for an ACME account, the RFC 2606 example domains people
 * copy from samples (letsencrypt/boulder policy/pa.go `forbiddenMailDomains`, since boulder#3748,
 * read 2026-12): the account, and so every certificate, would fail.
 */
const ACME_FORBIDDEN_EMAIL_DOMAINS: readonly string[] = ["example.com", "example.net", "example.org"];

/** Sound enough to run what depends on the gateway: present says the spec wrote a `gateway` section at all. */
export interface GatewayDraft {
  readonly present: boolean;
  readonly valid?: ValidGateway;
}

/** The `gateway` section; absent is no gateway. */
export function checkGateway(value: unknown, path: string, out: Problems): GatewayDraft {
  if (value === undefined || value === null) return { present: false };
  const before = out.count;
  const g = readMapping(value, path, "the gateway", GATEWAY_FIELDS, out);
  if (g === undefined) return { present: true };
  const exposure = readEnum(g, "exposure", path, out, GATEWAY_EXPOSURES) ?? (readField(g, "exposure") === undefined ? DEFAULT_GATEWAY_EXPOSURE : undefined);
  const hostnameText = readString(g, "hostname", path, out, { required: 'the host name clients call, like "ml.example.com"; point its DNS record at the gateway\'s load balancer' });
  const hostname = hostnameText !== undefined && checkHostname(hostnameText, at(path, "hostname"), out) ? hostnameText : undefined;
  const tls = checkTls(readField(g, "tls"), at(path, "tls"), exposure, out);
  const authValue = readField(g, "auth");
  const auth = checkAuth(authValue, at(path, "auth"), out);
  if (exposure === "public" && authValue === undefined) {
    out.warn(
      at(path, "auth"),
      "is absent on a public gateway: anyone on the internet can call every service with expose: gateway and spend its GPUs; set auth.apiKeys or auth.jwt, or set exposure: internal",
    );
  }
  if (out.count !== before || exposure === undefined || hostname === undefined || tls === undefined) return { present: true };
  return { present: true, valid: { exposure, hostname, tls, ...(auth !== undefined ? { auth } : {}) } };
}

/** A precise host name (no wildcard, no IP, lower case); says how to write the one that was meant. */
export function checkHostname(value: string, path: string, out: Problems): boolean {
  const got = JSON.stringify(value);
  const shape = 'a DNS name in lower case: labels of letters, digits and "-" joined by "." (like "ml.example.com")';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(value);
  if (scheme !== null) {
    out.error(path, `must be a host name without scheme or path, got ${got}; write ${JSON.stringify(scheme[1]!.toLowerCase())}`);
    return false;
  }
  if (value.startsWith("*")) {
    out.error(path, `must name one host, not a wildcard, got ${got}: the HTTPS listener and its certificate serve exactly this name; write the host clients call, like ${JSON.stringify(`ml${value.slice(1)}`)}`);
    return false;
  }
  const port = /^([^:]+):\d+$/.exec(value);
  if (port !== null) {
    out.error(path, `must be a host name without a port, got ${got}: the gateway serves HTTPS on 443 (and redirects 80 to it); write ${JSON.stringify(port[1]!.toLowerCase())}`);
    return false;
  }
  if (/^\d+(\.\d+){3}$/.test(value) || value.includes(":")) {
    out.error(path, `must be a DNS name, not an IP address, got ${got}: Gateway API listeners match host names only; give the load balancer a DNS record and write its name`);
    return false;
  }
  if (value.endsWith(".") && HOST_LABEL.test(value.slice(0, -1).split(".").pop() ?? "")) {
    out.error(path, `must not end with ".", got ${got}; write ${JSON.stringify(value.slice(0, -1).toLowerCase())}`);
    return false;
  }
  const labels = value.split(".");
  if (!labels.every((l) => HOST_LABEL.test(l))) {
    const lower = value.toLowerCase();
    const hint = lower !== value && lower.split(".").every((l) => HOST_LABEL.test(l)) ? `; write ${JSON.stringify(lower)}` : "";
    out.error(path, `must be ${shape}, got ${got}${hint}`);
    return false;
  }
  if (value.length > HOSTNAME_MAX) {
    out.error(path, `must be at most ${HOSTNAME_MAX} characters, got ${value.length}: ${got}`);
    return false;
  }
  const long = labels.find((l) => l.length > DNS_LABEL_MAX);
  if (long !== undefined) {
    out.error(path, `has a label of ${long.length} characters, allowed are ${DNS_LABEL_MAX} per label (RFC 1123), got ${got}; shorten ${JSON.stringify(long)}`);
    return false;
  }
  return true;
}

/** `tls: { issuer, secretName, email }`: each field only with the issuer that uses it. */
function checkTls(value: unknown, path: string, exposure: GatewayExposure | undefined, out: Problems): ValidGateway["tls"] | undefined {
  const t: Mapping | undefined = value === undefined || value === null ? {} : readMapping(value, path, "the gateway's TLS settings", TLS_FIELDS, out);
  if (t === undefined) return undefined;
  const before = out.count;
  const issuerGiven = readField(t, "issuer") !== undefined;
  const issuer = readEnum(t, "issuer", path, out, TLS_ISSUERS) ?? (issuerGiven ? undefined : DEFAULT_TLS_ISSUER);
  const named = issuer === undefined ? "" : ` (the issuer is "${issuer}"${issuerGiven ? "" : ", the default"})`;

  let secretName: string | undefined;
  if (issuer === "secret") {
    secretName = readString(t, "secretName", path, out, { required: "the name of the TLS Secret (tls.crt and tls.key) you create in the gateway's namespace" });
    if (secretName !== undefined && !(DNS_SUBDOMAIN.test(secretName) && secretName.length <= DNS_SUBDOMAIN_MAX)) {
      out.error(at(path, "secretName"), `must be a Secret name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most ${DNS_SUBDOMAIN_MAX} characters), got ${JSON.stringify(secretName)}`);
    }
  } else if (readField(t, "secretName") !== undefined && issuer !== undefined) {
    out.error(at(path, "secretName"), `applies only to issuer "secret"${named}, where you bring the certificate; remove secretName, or set issuer: secret`);
  }

  let email: string | undefined;
  if (issuer === "letsencrypt") {
    email = readString(t, "email", path, out, { required: "the email of the ACME account, where Let's Encrypt sends notices about the certificate" });
    if (email !== undefined) checkAcmeEmail(email, at(path, "email"), out);
    if (exposure === "internal") {
      out.error(
        at(path, "issuer"),
        `is "letsencrypt", which needs exposure: public: Let's Encrypt checks the domain by fetching a token from the gateway over the internet (HTTP-01), and an internal gateway's private load balancer cannot be reached; set exposure: public, or use issuer "self-signed" or "secret"`,
      );
    }
  } else if (readField(t, "email") !== undefined && issuer !== undefined) {
    out.error(at(path, "email"), `applies only to issuer "letsencrypt"${named}, whose ACME account it names; remove email, or set issuer: letsencrypt`);
  }

  if (out.count !== before || issuer === undefined) return undefined;
  return { issuer, ...(secretName !== undefined ? { secretName } : {}), ...(email !== undefined ? { email } : {}) };
}

function checkAcmeEmail(email: string, path: string, out: Problems): void {
  const m = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/.exec(email);
  if (m === null) {
    out.error(path, `must be an email address like "ops@your-company.com", got ${JSON.stringify(email)}`);
  } else if (ACME_FORBIDDEN_EMAIL_DOMAINS.includes(m[1]!.toLowerCase())) {
    out.error(
      path,
      `must not be at ${listing(ACME_FORBIDDEN_EMAIL_DOMAINS, false, "or")}, got ${JSON.stringify(email)}: Let's Encrypt refuses these example domains as an account's contact, so no certificate would be issued; give a mailbox someone reads`,
    );
  }
}

/** `auth`: API keys or JWT, exactly one. */
function checkAuth(value: unknown, path: string, out: Problems): ValidGateway["auth"] | undefined {
  if (value === undefined || value === null) return undefined;
  const before = out.count;
  const a = readMapping(value, path, "the gateway's authentication", AUTH_FIELDS, out);
  if (a === undefined) return undefined;
  const apiKeys = readString(a, "apiKeys", path, out);
  if (apiKeys !== undefined && !CONFIG_KEY.test(apiKeys)) {
    out.error(at(path, "apiKeys"), `must name a secret in stack config (like "gatewayApiKeys" or "ml-clusters:gatewayApiKeys"), got ${JSON.stringify(apiKeys)}`);
  }
  const jwtValue = readField(a, "jwt");
  const jwt = jwtValue === undefined ? undefined : checkJwt(jwtValue, at(path, "jwt"), out);
  const given = AUTH_FIELDS.filter((k) => readField(a, k) !== undefined);
  if (given.length === 2) {
    out.error(path, "sets both apiKeys and jwt, allowed is one: a request would need a key and a token; keep apiKeys for keys you hand out, or jwt for tokens from your identity provider");
  } else if (given.length === 0) {
    out.error(path, "sets neither apiKeys nor jwt: give one, or remove auth for a gateway without authentication");
  }
  if (out.count !== before) return undefined;
  return apiKeys !== undefined ? { apiKeys } : jwt !== undefined ? { jwt } : undefined;
}

function checkJwt(value: unknown, path: string, out: Problems): { issuer: string; jwksUri: string } | undefined {
  const before = out.count;
  const j = readMapping(value, path, "a JWT provider", JWT_FIELDS, out);
  if (j === undefined) return undefined;
  const issuer = readString(j, "issuer", path, out, { required: 'the issuer URL your tokens carry in "iss", like "https://login.example.com/"' });
  if (issuer !== undefined) checkHttpsUrl(issuer, at(path, "issuer"), "the issuer URL your tokens carry in \"iss\"", out);
  const jwksUri = readString(j, "jwksUri", path, out, { required: 'the URL of the provider\'s signing keys (JWKS), like "https://login.example.com/.well-known/jwks.json"' });
  if (jwksUri !== undefined) checkHttpsUrl(jwksUri, at(path, "jwksUri"), "the URL of the provider's signing keys (JWKS)", out);
  return out.count === before && issuer !== undefined && jwksUri !== undefined ? { issuer, jwksUri } : undefined;
}

/** An https URL with a host: the gateway fetches keys over TLS only, and an issuer is compared as written. */
export function checkHttpsUrl(value: string, path: string, what: string, out: Problems): boolean {
  const got = JSON.stringify(value);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.hostname === "" || /\s/.test(value)) {
    out.error(path, `must be an https URL (${what}), got ${got}`);
    return false;
  }
  if (url.protocol !== "https:") {
    const fix = url.protocol === "http:" ? `; write ${JSON.stringify(`https://${value.slice("http://".length)}`)}` : "";
    out.error(path, `must be an https URL (${what}), got ${got}: keys and tokens are trusted only over TLS${fix}`);
    return false;
  }
  if (url.username !== "" || url.password !== "" || url.hash !== "") {
    out.error(path, `must be an https URL without credentials or "#", got ${got}`);
    return false;
  }
  if (value.length > JWT_URL_MAX) {
    out.error(path, `must be at most ${JWT_URL_MAX} characters (Envoy Gateway's limit), got ${value.length}`);
    return false;
  }
  return true;
}
