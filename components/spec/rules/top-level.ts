/** The platform's own fields: name, cloud, region, Kubernetes version, protection, monitoring. */
import { CLOUDS, Cloud } from "../../catalog/types";
import { isRegion, REGIONS } from "../../catalog";
import { DEFAULT_KUBERNETES_VERSION, DEFAULT_MONITORING_ENABLED, DEFAULT_PROTECT, NEWEST_KNOWN_MINOR, OLDEST_STANDARD_MINOR } from "../defaults";
import type { ValidSpec } from "../types";
import { Mapping, readBoolean, readField, readMapping, readString } from "./fields";
import { checkLabel, PLATFORM_NAME_MAX } from "./names";
import { firstFew, listing, Problems, show, showTyped, withArticle } from "./problems";
import { didYouMean, suggest } from "./suggest";

export const PLATFORM_FIELDS = [
  "name",
  "cloud",
  "region",
  "kubernetesVersion",
  "protect",
  "apiAccess",
  "network",
  "systemPool",
  "gpuPools",
  "cpuPools",
  "namespaces",
  "services",
  "trainingJobs",
  "monitoring",
  "registries",
  "googleGroupsForRbac",
  "gateway",
] as const;
export const MONITORING_FIELDS = ["enabled"] as const;

/** Names people reach for instead of the cloud's: the managed Kubernetes services and the companies. */
const CLOUD_ALIASES: Readonly<Record<string, Cloud>> = Object.freeze({
  eks: "aws",
  amazon: "aws",
  gke: "gcp",
  google: "gcp",
  aks: "azure",
  microsoft: "azure",
  "azure-native": "azure",
});

export function checkPlatformName(spec: Mapping, out: Problems): string | undefined {
  const name = readString(spec, "name", "", out, { required: 'a DNS label prefixing the cluster\'s resource names, e.g. "ml-dev"' });
  if (name === undefined) return undefined;
  const why = ` (GKE cluster names are at most 40 and resource names get an 8-character suffix)`;
  return checkLabel(name, "name", { max: PLATFORM_NAME_MAX, startWithLetter: true, why }, out) ? name : undefined;
}

export function checkCloud(spec: Mapping, out: Problems): Cloud | undefined {
  const v = readField(spec, "cloud");
  if (v === undefined) {
    out.error("cloud", `is required: ${listing(CLOUDS, false, "or")}`);
    return undefined;
  }
  if (typeof v === "string" && (CLOUDS as readonly string[]).includes(v)) return v as Cloud;
  const folded = typeof v === "string" ? v.trim().toLowerCase() : undefined;
  const close = folded === undefined ? undefined : (CLOUD_ALIASES[folded] ?? suggest(folded, CLOUDS));
  out.error("cloud", `must be ${listing(CLOUDS, false, "or")}, got ${showTyped(v)}${close !== undefined ? `; did you mean "${close}"?` : ""}`);
  return undefined;
}

export function checkRegion(spec: Mapping, cloud: Cloud | undefined, out: Problems): string | undefined {
  const region = readString(spec, "region", "", out, { required: "a region of the cloud, e.g. us-east-1 (aws), us-central1 (gcp), eastus (azure)" });
  if (region === undefined) return undefined;
  if (cloud === undefined) {
    // The cloud is wrong too; still catch a region no cloud has, and say whose it is otherwise.
    const all = CLOUDS.flatMap((c) => REGIONS[c]);
    if (!all.includes(region)) out.error("region", `is not a region of any cloud, got "${region}"${didYouMean(region, all)}`);
    return undefined;
  }
  if (isRegion(cloud, region)) return region;
  const owner = CLOUDS.find((c) => c !== cloud && isRegion(c, region));
  const regions = `${cloud} regions include ${firstFew(REGIONS[cloud], 4)}`;
  if (owner !== undefined) {
    out.error("region", `${region} is ${withArticle(owner)} region, not ${withArticle(cloud)} one; set cloud: ${owner}, or use ${withArticle(cloud)} region (${regions})`);
    return undefined;
  }
  const close = suggest(region, REGIONS[cloud]);
  out.error("region", `is not ${withArticle(cloud)} region, got "${region}"${close !== undefined ? `; did you mean "${close}"?` : `; ${regions}`}`);
  return undefined;
}

/**
 * `"1.35"`: a minor version, the form all three clouds accept and the one their auto-upgrades keep
 * (reliability.md A17). A YAML number is refused: YAML reads 1.30 as 1.3.
 */
export function checkKubernetesVersion(spec: Mapping, cloud: Cloud | undefined, out: Problems): string | undefined {
  const v = readField(spec, "kubernetesVersion");
  const fallback = cloud === undefined ? undefined : DEFAULT_KUBERNETES_VERSION[cloud];
  if (v === undefined) return fallback;
  if (typeof v === "number") {
    // YAML drops a trailing zero: 1.30 arrives as 1.3, and 1.3 was never what anyone meant.
    const meant = /^1\.\d$/.test(String(v)) ? `${String(v)}0` : String(v);
    out.error("kubernetesVersion", `must be quoted text like "${fallback ?? "1.35"}", got the number ${show(v)} (YAML reads 1.30 as 1.3); write kubernetesVersion: "${meant}"`);
    return undefined;
  }
  const m = typeof v === "string" ? /^v?1\.(\d{1,3})(\.\d+)?$/.exec(v) : null;
  if (m === null || m[1]!.startsWith("0") || m[1]!.length > 2) {
    out.error("kubernetesVersion", `must be a Kubernetes minor version like "${fallback ?? "1.35"}", got ${showTyped(v)}`);
    return undefined;
  }
  if (m[2] !== undefined || (v as string).startsWith("v")) {
    out.error("kubernetesVersion", `must name the minor version only, got ${show(v)}; write "1.${m[1]}" (the cloud applies patch releases)`);
    return undefined;
  }
  const minor = Number(m[1]);
  if (cloud !== undefined && minor < OLDEST_STANDARD_MINOR[cloud]) {
    out.warn("kubernetesVersion", `1.${minor} is older than the oldest minor in standard support on ${cloud} (1.${OLDEST_STANDARD_MINOR[cloud]} as of 2026-10): expect extended-support charges or a forced upgrade`);
  } else if (minor > NEWEST_KNOWN_MINOR) {
    out.warn("kubernetesVersion", `1.${minor} is newer than any minor this package knows (1.${NEWEST_KNOWN_MINOR}); check that ${cloud ?? "the cloud"} offers it`);
  }
  return v as string;
}

export function checkProtect(spec: Mapping, out: Problems): boolean | undefined {
  const protect = readBoolean(spec, "protect", "", out);
  if (protect === false) {
    out.warn("protect", "is false: pulumi destroy, or a change that replaces the cluster, deletes the cluster and its checkpoint volumes without asking");
  }
  return protect ?? (readField(spec, "protect") === undefined ? DEFAULT_PROTECT : undefined);
}

export function checkMonitoring(spec: Mapping, out: Problems): ValidSpec["monitoring"] | undefined {
  const v = readField(spec, "monitoring");
  if (v === undefined) return { enabled: DEFAULT_MONITORING_ENABLED };
  const m = readMapping(v, "monitoring", "the monitoring settings", MONITORING_FIELDS, out);
  if (m === undefined) return undefined;
  const enabled = readBoolean(m, "enabled", "monitoring", out);
  if (enabled === undefined && readField(m, "enabled") !== undefined) return undefined;
  return { enabled: enabled ?? DEFAULT_MONITORING_ENABLED };
}
