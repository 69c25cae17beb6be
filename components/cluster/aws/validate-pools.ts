/**
 * Checks of the node pools: the system pool from the spec and the worker pools (GPU and CPU) from
 * the capacity plan, against the AWS catalogue. Pure; see validate.ts for how the problems are reported.
 */
import type { CpuInstanceType, GpuModel, InstanceType } from "../../catalog/types";
import type { CapacityPlan, PlanPool } from "../../capacity/types";
import type { SpecProblem, ValidSpec } from "../../spec/types";
import { AWS_CATALOG, AwsCatalog } from "./aws-catalog";
import { SYSTEM_POOL_NAME } from "./tables";

const EC2_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Node groups are named `<pool>-<26 unique characters>` (nodeGroupNamePrefix) and EKS allows 63
 * characters in a node group name (EKS API `CreateNodegroup`), which leaves 37 for `<pool>-`.
 */
export const POOL_NAME_MAX = 36;

/** How many alternatives an error suggests. */
const SUGGESTIONS = 4;
/** How many regions an error lists before "and N more". */
const MAX_LISTED_REGIONS = 8;

export interface Bounds {
  readonly minNodes: number;
  readonly maxNodes: number;
}

/**
 * Node bounds of a pool at `path`: whole numbers, `minNodes >= minFloor`, `maxNodes >= max(1, minNodes)`.
 * `why` explains the floor in the message.
 */
export function checkBounds(bounds: Bounds, path: string, floor: { readonly minFloor: number; readonly why: string }): SpecProblem[] {
  const { minNodes: min, maxNodes: max } = bounds;
  const { minFloor, why } = floor;
  const problems: SpecProblem[] = [];
  if (!Number.isInteger(min) || min < minFloor) {
    problems.push({ path: `${path}.minNodes`, message: `must be a whole number of at least ${minFloor}${why}, got ${min}` });
  }
  if (!Number.isInteger(max) || max < 1) {
    problems.push({ path: `${path}.maxNodes`, message: `must be a whole number of at least 1 (EKS node groups need maxSize >= 1), got ${max}` });
  } else if (Number.isInteger(min) && max < min) {
    problems.push({ path: `${path}.maxNodes`, message: `must be at least minNodes (${min}), got ${max}; raise maxNodes or lower minNodes` });
  }
  return problems;
}

export function checkSystemPool(spec: ValidSpec, catalog: AwsCatalog = AWS_CATALOG): SpecProblem[] {
  const pool = spec.systemPool;
  const problems: SpecProblem[] = [];
  if (catalog.findInstanceType(pool.instanceType) !== undefined) {
    problems.push({
      path: "systemPool.instanceType",
      message: `"${pool.instanceType}" is a GPU instance type; the system pool runs add-ons and CPU workloads, use a CPU type such as m6i.xlarge`,
    });
  } else if (!EC2_INSTANCE_TYPE.test(pool.instanceType)) {
    problems.push({ path: "systemPool.instanceType", message: `"${pool.instanceType}" is not an EC2 instance type name; use a name like m6i.xlarge` });
  }
  problems.push(...checkBounds(pool, "systemPool", { minFloor: 1, why: " (the system pool runs CoreDNS and the autoscaler)" }));
  return problems;
}

/** GPU shapes of a model offered in a region, cheapest first (unknown prices last). */
function offeredShapes(catalog: AwsCatalog, gpu: GpuModel, region: string): InstanceType[] {
  return catalog
    .instanceTypes()
    .filter((t) => t.gpu === gpu && t.gpus >= 1 && t.regions.includes(region))
    .sort((a, b) => (a.pricePerHour ?? Infinity) - (b.pricePerHour ?? Infinity) || a.name.localeCompare(b.name));
}

function suggestion(shapes: readonly { readonly name: string }[]): string {
  return shapes.slice(0, SUGGESTIONS).map((t) => t.name).join(", ");
}

function checkPoolName(pool: PlanPool, path: string, seen: Set<string>): SpecProblem[] {
  if (!DNS_LABEL.test(pool.name)) {
    return [{ path: `${path}.name`, message: `"${pool.name}" is not a valid pool name: use lower-case letters, digits and "-", starting and ending with a letter or digit` }];
  }
  if (pool.name.length > POOL_NAME_MAX) {
    return [{ path: `${path}.name`, message: `"${pool.name}" is ${pool.name.length} characters; EKS node group names leave room for ${POOL_NAME_MAX}, so shorten it in gpuPools or cpuPools` }];
  }
  if (pool.name === SYSTEM_POOL_NAME) {
    return [{ path: `${path}.name`, message: `"${SYSTEM_POOL_NAME}" is the system pool's name; give the pool another name in gpuPools or cpuPools` }];
  }
  if (seen.has(pool.name)) return [{ path: `${path}.name`, message: `"${pool.name}" names two pools; pool names must be unique` }];
  seen.add(pool.name);
  return [];
}

interface Where {
  readonly region: string;
  readonly catalog: AwsCatalog;
}

/** CPU shapes offered in a region, cheapest first. */
function offeredCpuShapes(catalog: AwsCatalog, region: string): CpuInstanceType[] {
  return catalog
    .cpuInstanceTypes()
    .filter((t) => t.regions.includes(region))
    .sort((a, b) => a.pricePerHour - b.pricePerHour || a.name.localeCompare(b.name));
}

function checkCpuPoolShape(pool: PlanPool, path: string, where: Where): SpecProblem[] {
  const { region, catalog } = where;
  const shape = catalog.findCpuInstanceType(pool.instanceType);
  if (shape === undefined) {
    const gpuShape = catalog.findInstanceType(pool.instanceType);
    const what = gpuShape !== undefined ? `a ${gpuShape.gpu} GPU instance type, but the pool is planned without GPUs` : "not a CPU instance type in the AWS catalogue";
    return [{ path: `${path}.instanceType`, message: `"${pool.instanceType}" is ${what}; plan capacity again (CPU types in ${region}: ${suggestion(offeredCpuShapes(catalog, region))})` }];
  }
  const problems: SpecProblem[] = [];
  if (!shape.regions.includes(region)) {
    problems.push({ path: `${path}.instanceType`, message: `"${pool.instanceType}" is not offered in ${region}; use one of: ${suggestion(offeredCpuShapes(catalog, region))}` });
  }
  if (pool.gpusPerNode !== 0) {
    problems.push({ path: `${path}.gpusPerNode`, message: `is ${pool.gpusPerNode} but a CPU pool has 0 GPUs per node; plan capacity again` });
  }
  return problems;
}

/** What a node group's other instance types must share with the planned one so CA's template holds for all. */
function checkDiversifiedTypes(pool: PlanPool, path: string, where: Where): SpecProblem[] {
  const types = pool.instanceTypes;
  if (types === undefined) return [];
  const { region, catalog } = where;
  const problems: SpecProblem[] = [];
  if (types[0] !== pool.instanceType) {
    problems.push({ path: `${path}.instanceTypes[0]`, message: `must be the pool's instanceType "${pool.instanceType}", got "${types[0] ?? "nothing"}"; plan capacity again` });
  }
  if (!pool.spot) {
    problems.push({ path: `${path}.instanceTypes`, message: `lists ${types.length} types on an on-demand pool; only Spot pools take several types, plan capacity again` });
  }
  if (new Set(types).size !== types.length) {
    problems.push({ path: `${path}.instanceTypes`, message: `lists a type twice (${types.join(", ")}); plan capacity again` });
  }
  types.forEach((name, i) => {
    if (i === 0) return;
    const at = `${path}.instanceTypes[${i}]`;
    if (pool.gpu === null) {
      const shape = catalog.findCpuInstanceType(name);
      if (shape === undefined) problems.push({ path: at, message: `"${name}" is not a CPU instance type in the AWS catalogue; plan capacity again` });
      else if (!shape.regions.includes(region)) problems.push({ path: at, message: `"${name}" is not offered in ${region}; plan capacity again` });
      return;
    }
    const shape = catalog.findInstanceType(name);
    if (shape === undefined || shape.gpu !== pool.gpu || shape.gpus !== pool.gpusPerNode) {
      problems.push({ path: at, message: `"${name}" must carry ${pool.gpusPerNode} ${pool.gpu} GPU(s) like "${pool.instanceType}"; plan capacity again` });
    } else if (!shape.regions.includes(region)) {
      problems.push({ path: at, message: `"${name}" is not offered in ${region}; plan capacity again` });
    }
  });
  return problems;
}

function checkPoolShape(pool: PlanPool, path: string, where: Where): SpecProblem[] {
  if (pool.gpu === null) return checkCpuPoolShape(pool, path, where);
  const { region, catalog } = where;
  const offered = offeredShapes(catalog, pool.gpu, region);
  if (offered.length === 0) {
    const regions = [...new Set(catalog.instanceTypes().filter((t) => t.gpu === pool.gpu).flatMap((t) => t.regions))].sort();
    const listed = regions.length > MAX_LISTED_REGIONS ? `${regions.slice(0, MAX_LISTED_REGIONS).join(", ")} and ${regions.length - MAX_LISTED_REGIONS} more` : regions.join(", ");
    const where = regions.length === 0 ? "in no AWS region" : `only in ${listed}`;
    return [{ path: `${path}.gpu`, message: `${pool.gpu} GPUs are not offered on AWS in ${region} (the catalogue has them ${where}); choose another region or another GPU model` }];
  }
  const shape = catalog.findInstanceType(pool.instanceType);
  if (shape === undefined) {
    return [
      {
        path: `${path}.instanceType`,
        message: `"${pool.instanceType}" is not a GPU instance type in the AWS catalogue; for ${pool.gpu} in ${region} use one of: ${suggestion(offered)}`,
      },
    ];
  }
  if (shape.gpus < 1) {
    return [{ path: `${path}.instanceType`, message: `"${pool.instanceType}" has no whole GPUs; for ${pool.gpu} in ${region} use one of: ${suggestion(offered)}` }];
  }
  if (shape.gpu !== pool.gpu) {
    return [{ path: `${path}.instanceType`, message: `"${pool.instanceType}" carries ${shape.gpu} GPUs but the pool is planned for ${pool.gpu}; plan capacity again` }];
  }
  const problems: SpecProblem[] = [];
  if (!shape.regions.includes(region)) {
    problems.push({
      path: `${path}.instanceType`,
      message: `"${pool.instanceType}" is not offered in ${region}; ${pool.gpu} comes there on: ${suggestion(offered)}`,
    });
  }
  if (pool.gpusPerNode !== shape.gpus) {
    problems.push({ path: `${path}.gpusPerNode`, message: `is ${pool.gpusPerNode} but "${pool.instanceType}" has ${shape.gpus} GPU(s) per node; plan capacity again` });
  }
  return problems;
}

/** The planned worker pools, GPU and CPU (the name predates CPU pools). */
export function checkGpuPools(spec: ValidSpec, plan: CapacityPlan, catalog: AwsCatalog = AWS_CATALOG): SpecProblem[] {
  const seen = new Set<string>();
  return plan.pools.flatMap((pool, i) => {
    const path = `plan.pools[${i}]`;
    const where = { region: spec.region, catalog };
    return [
      ...checkPoolName(pool, path, seen),
      ...checkPoolShape(pool, path, where),
      ...checkDiversifiedTypes(pool, path, where),
      ...checkBounds(pool, path, { minFloor: 0, why: "" }),
    ];
  });
}
