/**
 * Checks of a GkeCluster's planned worker pools, GPU and CPU, and of its spot pools' fallbacks,
 * which become GKE compute classes. Pure, like ./validate.ts, whose conventions they follow.
 */
import { cpuInstanceTypes, findCpuInstanceType, findInstanceType, findSystemInstanceType, instanceTypes } from "../../catalog";
import type { CapacityPlan } from "../../capacity/types";
import type { SpecProblem, ValidSpec } from "../../spec/types";
import { didYouMean } from "../../spec/rules/suggest";
import { COMPUTE_CLASS_MIN_MINOR, COMPUTE_CLASS_RESERVED_PREFIXES, machineFamily } from "./gke-facts";

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Label values are at most 63 characters (Kubernetes); the pool name is one. */
const MAX_POOL_NAME_CHARS = 63;
/** The system pool's value of the pool label, so no worker pool may use it. */
export const SYSTEM_POOL_NAME = "system";

/** Every planned worker pool, GPU or CPU: its name, its machine type and its bounds. */
export function checkWorkerPools(spec: ValidSpec, plan: CapacityPlan): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const seen = new Set<string>();
  plan.pools.forEach((pool, i) => {
    const at = `plan.pools[${i}]`;
    if (!DNS_LABEL.test(pool.name) || pool.name.length > MAX_POOL_NAME_CHARS) {
      problems.push({ path: `${at}.name`, message: `must be a lower-case DNS label of at most ${MAX_POOL_NAME_CHARS} characters, got "${pool.name}"` });
    } else if (pool.name === SYSTEM_POOL_NAME) {
      problems.push({ path: `${at}.name`, message: `"${SYSTEM_POOL_NAME}" names the system pool; give the pool another name` });
    } else if (seen.has(pool.name)) {
      problems.push({ path: `${at}.name`, message: `"${pool.name}" names two pools; pool names must be unique` });
    }
    seen.add(pool.name);
    if (pool.instanceTypes !== undefined && (pool.instanceTypes.length !== 1 || pool.instanceTypes[0] !== pool.instanceType)) {
      problems.push({
        path: `${at}.instanceTypes`,
        message: `a GKE node pool has one machine type, got ${JSON.stringify(pool.instanceTypes)}; plan again for gcp (its spot pools list no alternatives)`,
      });
    }
    problems.push(...(pool.gpu === null ? checkCpuPoolShape(spec, pool, at) : checkPoolShape(spec, pool, at)), ...checkPoolBounds(pool, at));
  });
  return problems;
}

/** @deprecated since CPU pools: use checkWorkerPools, which checks GPU and CPU pools alike. */
export const checkGpuPools = checkWorkerPools;

function checkCpuPoolShape(spec: ValidSpec, pool: CapacityPlan["pools"][number], at: string): SpecProblem[] {
  const type = findCpuInstanceType("gcp", pool.instanceType);
  if (type === undefined) {
    const gpu = findInstanceType("gcp", pool.instanceType) !== undefined;
    return [
      {
        path: `${at}.instanceType`,
        message: gpu
          ? `"${pool.instanceType}" is a GPU machine type but the pool has no GPU ("gpu": null); plan again`
          : `"${pool.instanceType}" is not a GCP CPU machine type in the catalogue${didYouMean(pool.instanceType, cpuInstanceTypes("gcp").map((t) => t.name))} (list: ml-clusters catalog gcp); plan again`,
      },
    ];
  }
  const problems: SpecProblem[] = [];
  if (pool.gpusPerNode !== 0) {
    problems.push({ path: `${at}.gpusPerNode`, message: `a CPU pool has 0 GPUs per node, got ${pool.gpusPerNode}; plan again` });
  }
  if (!type.regions.includes(spec.region)) {
    problems.push({
      path: `${at}.instanceType`,
      message: `"${pool.instanceType}" is not offered in ${spec.region} (offered in: ${type.regions.join(", ")}); choose one of those regions`,
    });
  }
  return problems;
}

/**
 * A spot pool and its fallback become one GKE compute class, named after the spot pool: the
 * fallback must name a spot pool of the plan, be on demand, and be the only fallback of it; the
 * class name must avoid GKE's reserved prefixes; and the cluster must be new enough for classes.
 */
export function checkSpotFallbacks(spec: ValidSpec, plan: CapacityPlan): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const taken = new Map<string, string>();
  plan.pools.forEach((pool, i) => {
    if (pool.fallbackFor === undefined) return;
    const at = `plan.pools[${i}].fallbackFor`;
    const spot = plan.pools.find((p) => p.name === pool.fallbackFor);
    if (spot === undefined || !spot.spot) {
      problems.push({ path: at, message: `must name a spot pool of the plan, got "${pool.fallbackFor}" (${spot === undefined ? "no such pool" : "an on-demand pool"}); plan again` });
      return;
    }
    if (pool.spot) problems.push({ path: `plan.pools[${i}].spot`, message: `a fallback pool runs on demand, got spot: true for "${pool.name}"; plan again` });
    const other = taken.get(spot.name);
    if (other !== undefined) {
      problems.push({ path: at, message: `"${spot.name}" already falls back to "${other}"; a GKE node pool joins one compute class, so a spot pool has one fallback` });
    }
    taken.set(spot.name, pool.name);
    const reserved = COMPUTE_CLASS_RESERVED_PREFIXES.find((prefix) => spot.name.startsWith(prefix));
    if (reserved !== undefined) {
      problems.push({
        path: at,
        message: `the spot pool "${spot.name}" names its GKE compute class, and GKE refuses class names starting with "${reserved}"; rename the pool in gpuPools/cpuPools`,
      });
    }
  });
  const minor = Number(/^1\.(\d+)$/.exec(spec.kubernetesVersion)?.[1]);
  if (taken.size > 0 && Number.isInteger(minor) && minor < COMPUTE_CLASS_MIN_MINOR) {
    problems.push({
      path: "kubernetesVersion",
      message: `spot pools fall back through GKE compute classes, which need GKE 1.${COMPUTE_CLASS_MIN_MINOR} or later (1.30 from patch 1.30.3-gke.1451000 only), got "${spec.kubernetesVersion}"; use "1.${COMPUTE_CLASS_MIN_MINOR}" or later`,
    });
  }
  return problems;
}

function checkPoolShape(spec: ValidSpec, pool: CapacityPlan["pools"][number], at: string): SpecProblem[] {
  const type = findInstanceType("gcp", pool.instanceType);
  if (type === undefined) {
    const cpu = findSystemInstanceType("gcp", pool.instanceType) !== undefined;
    return [
      {
        path: `${at}.instanceType`,
        message: cpu
          ? `"${pool.instanceType}" has no GPUs; a GPU pool needs a GPU machine type such as "g2-standard-8" (list: ml-clusters catalog gcp)`
          : `"${pool.instanceType}" is not a GCP GPU machine type in the catalogue${didYouMean(pool.instanceType, instanceTypes("gcp").map((t) => t.name))} (list: ml-clusters catalog gcp); plan again`,
      },
    ];
  }
  const problems: SpecProblem[] = [];
  if (type.gpus < 1 || type.acceleratorType === undefined) {
    problems.push({ path: `${at}.instanceType`, message: `"${pool.instanceType}" has no GKE accelerator in the catalogue; a GPU pool needs a GPU machine type` });
  }
  if (type.gpu !== pool.gpu) {
    problems.push({ path: `${at}.gpu`, message: `the pool says "${pool.gpu}" but "${pool.instanceType}" carries "${type.gpu}"; plan again` });
  }
  if (type.gpus !== pool.gpusPerNode) {
    problems.push({ path: `${at}.gpusPerNode`, message: `the pool says ${pool.gpusPerNode} but "${pool.instanceType}" has ${type.gpus} GPU(s); plan again` });
  }
  if (!type.regions.includes(spec.region)) {
    problems.push({
      path: `${at}.instanceType`,
      message: `"${pool.instanceType}" (${type.gpu}) is not offered in ${spec.region} (offered in: ${type.regions.join(", ")}); choose one of those regions or another GPU`,
    });
  }
  if (machineFamily(type.machineType) === undefined) {
    problems.push({
      path: `${at}.instanceType`,
      message: `no boot disk type is known for the machine family of "${type.machineType}"; add the family to GPU_BOOT_DISK_TYPE (components/cluster/gcp/gke-facts.ts)`,
    });
  }
  return problems;
}

function checkPoolBounds(pool: CapacityPlan["pools"][number], at: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (!Number.isInteger(pool.minNodes) || pool.minNodes < 0) {
    problems.push({ path: `${at}.minNodes`, message: `must be a whole number of at least 0 (0 lets the pool scale from zero), got ${pool.minNodes}` });
  }
  if (!Number.isInteger(pool.maxNodes) || pool.maxNodes < 1 || pool.maxNodes < pool.minNodes) {
    problems.push({ path: `${at}.maxNodes`, message: `must be a whole number of at least 1 and no smaller than minNodes (${pool.minNodes}), got ${pool.maxNodes}` });
  }
  return problems;
}

