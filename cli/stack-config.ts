/**
 * Stack config for offline runs: what `pulumi up -s <env>` would hand the program, read from
 * the stack file without the Pulumi CLI. Secrets (`secure:` values) cannot be decrypted here, so
 * they become placeholders, still marked secret.
 */
import { PLATFORM_CONFIG_KEY, PLATFORM_CONFIG_NAMESPACE } from "../components/spec/defaults";
import { CliIo, InputError } from "./io";
import { readStackSpec, StackLocation } from "./spec-source";

export interface StackConfig {
  /** `"<namespace>:<key>"` to the string Pulumi would pass (objects JSON-encoded). */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

/**
 * The config with a placeholder for each secret the spec names but the stack file does not set,
 * so the render still runs; returns the keys it filled in, for a warning.
 */
export function withSecretPlaceholders(stack: StackConfig, secretNames: readonly string[], mappingNames: readonly string[] = []): { config: StackConfig; filled: string[] } {
  const mappings = new Set(mappingNames.map((k) => `${PLATFORM_CONFIG_NAMESPACE}:${k}`));
  const filled = [...secretNames, ...mappingNames].map((k) => `${PLATFORM_CONFIG_NAMESPACE}:${k}`).filter((k) => !(k in stack.config));
  if (filled.length === 0) return { config: stack, filled };
  // A secret that holds a mapping (the gateway's API keys, client -> key) stands in as one client.
  const placeholder = (k: string) => (mappings.has(k) ? JSON.stringify({ "offline-client": secretPlaceholder(k) }) : secretPlaceholder(k));
  const config = { ...stack.config, ...Object.fromEntries(filled.map((k) => [k, placeholder(k)])) };
  return { config: { config, secretKeys: [...stack.secretKeys, ...filled].sort() }, filled };
}

/** What a secret looks like in a render: says which key it stands for, never a value. */
export function secretPlaceholder(key: string): string {
  return `[secret ${key}: not decrypted offline]`;
}

/**
 * The config of a stack's file, ready for the stacks program on the mock engine, which reads
 * `ml-clusters:<key>`. In a project of another name the spec and the secrets sit under
 * `<project>:<key>` or in the namespace of the `--key` given: they are handed over under
 * `ml-clusters:` too, so the render sees the spec and secrets `pulumi up` would.
 */
export function readStackConfig(env: string, io: CliIo, key?: string): { config: StackConfig; stack: StackLocation } {
  const source = readStackSpec(env, io, key);
  const entries: Record<string, unknown> = { ...source.config };
  const namespaces = new Set([source.key.slice(0, source.key.indexOf(":")), source.stack.project.name]);
  namespaces.delete(PLATFORM_CONFIG_NAMESPACE);
  for (const namespace of namespaces) {
    for (const [k, v] of Object.entries(source.config)) {
      const alias = `${PLATFORM_CONFIG_NAMESPACE}:${k.slice(namespace.length + 1)}`;
      if (k.startsWith(`${namespace}:`) && !(alias in entries)) entries[alias] = v;
    }
  }
  entries[PLATFORM_CONFIG_KEY] = source.spec;
  return { config: configFromEntries(entries, source.label), stack: source.stack };
}

/** Config for a bare spec file: the platform key only. */
export function specConfig(spec: unknown): StackConfig {
  return configFromEntries({ [PLATFORM_CONFIG_KEY]: spec }, "spec");
}

function configFromEntries(entries: Readonly<Record<string, unknown>>, label: string): StackConfig {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, value] of Object.entries(entries)) {
    const key = rawKey.includes(":") ? rawKey : `${PLATFORM_CONFIG_NAMESPACE}:${rawKey}`;
    if (isSecure(value)) {
      config[key] = secretPlaceholder(key);
      secretKeys.push(key);
    } else if (hasSecureLeaf(value)) {
      // `pulumi config set --secret --path key.client v` writes { client: { secure: … } }.
      config[key] = JSON.stringify(placeholderLeaves(value, key));
      secretKeys.push(key);
    } else if (typeof value === "string") {
      config[key] = value;
    } else if (value === undefined || value === null) {
      throw new InputError(`${label}: config key "${rawKey}" has no value`);
    } else {
      config[key] = typeof value === "object" ? JSON.stringify(value) : String(value);
    }
  }
  return { config, secretKeys: secretKeys.sort() };
}

function hasSecureLeaf(v: unknown): boolean {
  if (isSecure(v)) return true;
  if (typeof v !== "object" || v === null) return false;
  return Object.values(v).some(hasSecureLeaf);
}

/** Each secret leaf's placeholder names its own path, so two leaves never stand in as equal values. */
function placeholderLeaves(v: unknown, path: string): unknown {
  if (isSecure(v)) return secretPlaceholder(path);
  if (Array.isArray(v)) return v.map((x, i) => placeholderLeaves(x, `${path}[${i}]`));
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, placeholderLeaves(x, `${path}.${k}`)]));
  return v;
}

function isSecure(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;
}
