/**
 * Environment of a workload: `env` (plain values) and `secretEnv` (variable -> key of a secret in
 * stack config). Variable names are C identifiers, the portable shell form (Kubernetes' own
 * C_IDENTIFIER rule for env names before 1.30 relaxed it).
 */
import { isMapping, at, Problems, showTyped } from "./problems";

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A stack config key, optionally namespaced: `hfToken`, `ml-clusters:hfToken` (Pulumi config key form). */
export const CONFIG_KEY = /^(?:[A-Za-z][A-Za-z0-9_.-]*:)?[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * Variables the NVIDIA container runtime reads to decide which GPUs a container sees; set by hand
 * they override the device plugin's assignment, so a pod may use GPUs given to another
 * (NVIDIA container toolkit docs, "Environment variables", read 2026-10).
 */
const GPU_VISIBILITY_VARIABLES = ["NVIDIA_VISIBLE_DEVICES"];

function readVariables(value: unknown, path: string, what: string, valueHelp: string, out: Problems): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) {
    out.error(path, `must be a mapping of variable names to ${what}, got ${showTyped(value)}`);
    return undefined;
  }
  const before = out.count;
  for (const [name, v] of Object.entries(value)) {
    const p = at(path, name);
    if (!C_IDENTIFIER.test(name)) {
      const fixed = name.toUpperCase().replace(/[^A-Z0-9_]/g, "_").replace(/^(?=\d)/, "_");
      out.error(p, `is not a valid variable name (letters, digits and "_", not starting with a digit), got ${JSON.stringify(name)}; try "${fixed}"`);
    }
    if (typeof v !== "string") {
      const quote = (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean" ? `; quote it: "${String(v)}"` : "";
      out.error(p, `must be text${valueHelp}, got ${showTyped(v)}${quote}`);
    }
  }
  return out.count === before ? (value as Record<string, string>) : undefined;
}

export interface Environment {
  readonly env: Readonly<Record<string, string>>;
  readonly secretEnv: Readonly<Record<string, string>>;
}

export function checkEnvironment(env: unknown, secretEnv: unknown, path: string, hasGpu: boolean, out: Problems): Environment | undefined {
  const before = out.count;
  const plain = readVariables(env, at(path, "env"), "their values", "", out);
  const secret = readVariables(secretEnv, at(path, "secretEnv"), "stack config secret keys", " (the key of a secret in stack config)", out);
  if (secret !== undefined) {
    for (const [name, key] of Object.entries(secret)) {
      if (!CONFIG_KEY.test(key)) {
        out.error(at(at(path, "secretEnv"), name), `must name a secret in stack config (like "hfToken" or "ml-clusters:hfToken"), got ${JSON.stringify(key)}`);
      }
      if (plain !== undefined && name in plain) {
        out.error(at(at(path, "secretEnv"), name), `is also set in env; a variable comes from one place: remove it from env or from secretEnv`);
      }
    }
  }
  if (hasGpu && plain !== undefined) {
    for (const name of GPU_VISIBILITY_VARIABLES.filter((n) => n in plain)) {
      out.warn(at(at(path, "env"), name), "overrides the GPUs the device plugin assigned to the pod, so it may use GPUs given to another pod; remove it");
    }
  }
  return out.count === before && plain !== undefined && secret !== undefined ? { env: plain, secretEnv: secret } : undefined;
}
