/**
 * Names: DNS-1123 labels and the length budgets that keep every name derived from them valid.
 * Label rules: kubernetes.io/docs/concepts/overview/working-with-objects/names/ (read 2026-10).
 */
import { Problems } from "./problems";

/** Longest DNS-1123 label (RFC 1123), the limit of names, label values and hostnames. */
export const DNS_LABEL_MAX = 63;

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1035: must also start with a letter. Kubernetes Service names follow it. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Platform name: a prefix of cloud resource names. GKE cluster names are at most 40 characters
 * (container API, Cluster.name, read 2026-10), and Pulumi's auto-naming appends "-" and 7 random
 * characters: 40 - 8 = 32.
 */
export const PLATFORM_NAME_MAX = 32;

/** GKE node pool names are at most 40 characters, starting with a letter (container API NodePool.name, read 2026-10). */
export const GPU_POOL_NAME_MAX = 40;

/**
 * Room kept after a workload name for one object derived from it (`<name>-pdb`, `<name>-headless`,
 * ...): "-" and up to 9 characters. The k8s layer keeps its suffixes within this.
 */
export const DERIVED_NAME_SUFFIX_MAX = 10;

/** Service names leave room for one derived suffix. */
export const SERVICE_NAME_MAX = DNS_LABEL_MAX - DERIVED_NAME_SUFFIX_MAX;

/**
 * Training Jobs are named `<name>-<hash8>`: 8 hex characters of the job's spec, so a changed spec
 * makes a new Job instead of patching an immutable one (reliability.md D11).
 */
export const JOB_NAME_HASH_LENGTH = 8;

/**
 * Longest training job name: the pods of an indexed Job get the hostname `<job>-<index>`, which
 * must be a DNS label, with `<job>` = `<name>-<hash8>` (Job docs, "Completion mode", read 2026-10).
 */
export function maxJobNameLength(workers: number): number {
  const lastIndex = String(Math.max(0, workers - 1));
  return DNS_LABEL_MAX - (1 + JOB_NAME_HASH_LENGTH) - (1 + lastIndex.length);
}

export interface LabelRule {
  readonly max: number;
  /** DNS-1035: the name must start with a letter (Service names, GKE resources). */
  readonly startWithLetter?: boolean;
  /** Why the limit, appended to the length message: ` so the pod hostnames ... stay within 63`. */
  readonly why?: string;
}

/** A DNS label check; returns whether the name is sound. */
export function checkLabel(name: string, path: string, rule: LabelRule, out: Problems): boolean {
  const pattern = rule.startWithLetter ? DNS_1035_LABEL : DNS_1123_LABEL;
  if (!pattern.test(name)) {
    const shape = rule.startWithLetter
      ? 'lower-case letters, digits and "-", starting with a letter and ending with a letter or digit'
      : 'lower-case letters, digits and "-", starting and ending with a letter or digit';
    const fixed = labelLike(name, rule);
    out.error(path, `must be a DNS label (${shape}), got ${JSON.stringify(name)}${fixed !== undefined ? `; try "${fixed}"` : ""}`);
    return false;
  }
  if (name.length > rule.max) {
    out.error(path, `must be at most ${rule.max} characters${rule.why ?? ""}, got ${name.length}: "${name}"`);
    return false;
  }
  return true;
}

/** The nearest valid label, for the "try" hint; undefined when nothing is left of the name. */
export function labelLike(name: string, rule: LabelRule): string | undefined {
  let s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (rule.startWithLetter) s = s.replace(/^[^a-z]+/, "");
  s = s.slice(0, rule.max).replace(/-+$/, "");
  return s === "" ? undefined : s;
}
