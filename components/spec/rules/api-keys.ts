/**
 * The value behind `gateway.auth.apiKeys`: a secret stack config key holding client name -> API
 * key. The spec only names the key; its value is known where the secrets are (MlPlatform, next to
 * the values of `secretEnv`), and is checked there, before any resource: an API-key Secret Envoy
 * Gateway cannot use fails the gateway's policy, and with it every request, only after the update.
 * Messages name clients, never a key.
 */
import type { SpecProblem, ValidSpec } from "../types";
import { isMapping } from "./problems";

/** Where the problems point: the spec field that names the secret. */
export const API_KEYS_PATH = "gateway.auth.apiKeys";

/**
 * Client names become the API-key Secret's data keys, which Kubernetes restricts to
 * `[-._a-zA-Z0-9]+`, at most 253 characters, not "." or "..", not starting with ".."
 * (k8s.io/apimachinery pkg/util/validation/validation.go IsConfigMapKey, read 2026-12); Envoy
 * Gateway reads each data key as the client's ID (SecurityPolicy apiKeyAuth.credentialRefs).
 */
const SECRET_DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const SECRET_DATA_KEY_MAX = 253;

/** The stack config key the spec's gateway takes its API keys from; undefined when it takes none. */
export function apiKeysConfigKey(spec: ValidSpec): string | undefined {
  return spec.gateway?.auth?.apiKeys;
}

export interface ApiKeysCheck {
  /** Client name -> key, sorted by client name; present exactly when there is no problem. */
  readonly keys?: Readonly<Record<string, string>>;
  readonly problems: readonly SpecProblem[];
}

/**
 * Checks the value of the API-key config secret: a mapping (or its JSON text, which is how Pulumi
 * hands a program structured config) of client names to non-empty keys, no key given to two
 * clients. Envoy Gateway refuses a credential Secret in which two clients share a key
 * ("duplicated API key", envoyproxy/gateway internal/gatewayapi/securitypolicy.go buildAPIKeyAuth,
 * v1.9.0), which would leave every route behind the policy refusing requests.
 */
export function checkApiKeyValues(value: unknown, configKey: string): ApiKeysCheck {
  const problem = (message: string): ApiKeysCheck => ({ problems: [{ path: API_KEYS_PATH, message: `names the secret "${configKey}", ${message}` }] });
  const howToSet = `set one key per client with \`pulumi config set --secret --path '${configKey}.<client>' <key>\``;
  if (value === undefined || value === null || value === "") return problem(`which has no value; ${howToSet}`);
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return problem(`whose value is text, not a mapping of client names to keys; remove it and ${howToSet}`);
    }
  }
  if (!isMapping(parsed)) {
    return problem(`whose value is ${kindOf(parsed)}, not a mapping of client names to keys; remove it and ${howToSet}`);
  }
  const given = parsed;
  const clients = Object.keys(given).sort();
  if (clients.length === 0) return problem(`which names no client; ${howToSet}`);

  const problems: SpecProblem[] = [];
  const add = (message: string) => problems.push({ path: API_KEYS_PATH, message: `names the secret "${configKey}", ${message}` });
  const owner = new Map<string, string>();
  for (const client of clients) {
    const key = given[client];
    const shown = JSON.stringify(client);
    if (!SECRET_DATA_KEY.test(client) || client.length > SECRET_DATA_KEY_MAX || client === "." || client.startsWith("..")) {
      add(`whose client ${shown} is not a valid client name (letters, digits, "-", "_" and ".", at most ${SECRET_DATA_KEY_MAX} characters, not "." or starting with ".."): rename it`);
    }
    if (typeof key !== "string") {
      const digits = typeof key === "number" ? " (`pulumi config set --path` reads digits as a number: add `--type string`)" : "";
      add(`whose client ${shown} has ${kindOf(key)} instead of a key as text${digits}; set it again`);
      continue;
    }
    if (key.trim() === "") {
      add(`whose client ${shown} has an empty key; set a key, or remove the client`);
      continue;
    }
    const first = owner.get(key);
    if (first !== undefined) {
      add(`whose clients ${JSON.stringify(first)} and ${shown} have the same key: Envoy Gateway refuses the whole key list then, and every request with it; give each client its own key`);
    } else owner.set(key, client);
  }
  if (problems.length > 0) return { problems };
  return { keys: Object.fromEntries(clients.map((c) => [c, given[c] as string])), problems: [] };
}

/** What a value is, never what it says: these are secrets. */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "no key";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}
