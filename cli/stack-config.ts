/**
 * Stack config for offline runs: what `pulumi up -s <env>` would hand the program, read from
 * `stacks/Pulumi.<env>.yaml` without the Pulumi CLI. Secrets (`secure:` values) cannot be
 * decrypted here, so they become placeholders, still marked secret.
 */
import * as path from "node:path";
import { readFileSync } from "node:fs";
import { PLATFORM_CONFIG_KEY, PLATFORM_CONFIG_NAMESPACE } from "../components/spec/defaults";
import { CliIo, InputError } from "./io";
import { parseSpecText, readStackSpec, stackFileLabel, STACKS_DIR } from "./spec-source";

export interface StackConfig {
  /** `"<namespace>:<key>"` to the string Pulumi would pass (objects JSON-encoded). */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** Secret keys that the spec's `secretEnv` names but the stack file does not set. */
  readonly missingSecrets: readonly string[];
}

/** What a secret looks like in a render: says which key it stands for, never a value. */
export function secretPlaceholder(key: string): string {
  return `[secret ${key}: not decrypted offline]`;
}

/** The config of `stacks/Pulumi.<env>.yaml`, ready for the mock engine. */
export function readStackConfig(env: string, io: CliIo): StackConfig {
  readStackSpec(env, io); // the same checks and messages as validate/plan for a missing file or key
  const label = stackFileLabel(env);
  const file = path.resolve(io.cwd, STACKS_DIR, `Pulumi.${env}.yaml`);
  const parsed = parseSpecText(readFileSync(file, "utf8"), label) as { config?: Record<string, unknown> };
  return configFromEntries(parsed.config ?? {}, label);
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
    } else if (typeof value === "string") {
      config[key] = value;
    } else if (value === undefined || value === null) {
      throw new InputError(`${label}: config key "${rawKey}" has no value`);
    } else {
      config[key] = typeof value === "object" ? JSON.stringify(value) : String(value);
    }
  }
  const missingSecrets = secretEnvKeys(entries[PLATFORM_CONFIG_KEY])
    .map((k) => `${PLATFORM_CONFIG_NAMESPACE}:${k}`)
    .filter((k) => !(k in config));
  for (const key of missingSecrets) {
    config[key] = secretPlaceholder(key);
    secretKeys.push(key);
  }
  return { config, secretKeys: secretKeys.sort(), missingSecrets };
}

function isSecure(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;
}

/** Config keys named by `secretEnv` anywhere in a (raw) spec. */
function secretEnvKeys(spec: unknown): string[] {
  const keys = new Set<string>();
  const workloads = (s: unknown, field: string): unknown[] => {
    const list = typeof s === "object" && s !== null ? (s as Record<string, unknown>)[field] : undefined;
    return Array.isArray(list) ? list : [];
  };
  for (const w of [...workloads(spec, "services"), ...workloads(spec, "trainingJobs")]) {
    const env = typeof w === "object" && w !== null ? (w as Record<string, unknown>).secretEnv : undefined;
    if (typeof env === "object" && env !== null) {
      for (const v of Object.values(env)) if (typeof v === "string") keys.add(v);
    }
  }
  return [...keys].sort();
}
