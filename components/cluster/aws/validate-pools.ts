/**
 * Checks of the node pools: the system pool from the spec and the GPU pools from the capacity
 * plan, against the AWS catalogue. Pure; see validate.ts for how the problems are reported.
 */
import type { InstanceType } from "../../catalog/types";
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
function offeredShapes(catalog: AwsCatalog, gpu: string, region: string): InstanceType[] {
  return catalog
    .instanceTypes()
    .filter((t) => t.gpu === gpu && t.gpus >= 1 && t.regions.includes(region))
    .sort((a, b) => (a.pricePerHour ?? Infinity) - (b.pricePerHour ?? Infinity) || a.name.localeCompare(b.name));
}

function suggestion(shapes: readonly InstanceType[]): string {
  return shapes.slice(0, SUGGESTIONS).map((t) => t.name).join(", ");
}

function checkPoolName(pool: PlanPool, path: string, seen: Set<string>): SpecProblem[] {
  if (!DNS_LABEL.test(pool.name)) {
    return [{ path: `${path}.name`, message: `"${pool.name}" is not a valid pool name: use lower-case letters, digits and "-", starting and ending with a letter or digit` }];
  }
  if (pool.name.length > POOL_NAME_MAX) {
    return [{ path: `${path}.name`, message: `"${pool.name}" is ${pool.name.length} characters; EKS node group names leave room for ${POOL_NAME_MAX}, so shorten it in gpuPools` }];
  }
  if (pool.name === SYSTEM_POOL_NAME) {
    return [{ path: `${path}.name`, message: `"${SYSTEM_POOL_NAME}" is the system pool's name; give the GPU pool another name in gpuPools` }];
  }
  if (seen.has(pool.name)) return [{ path: `${path}.name`, message: `"${pool.name}" names two pools; pool names must be unique` }];
  seen.add(pool.name);
  return [];
}

function checkPoolShape(pool: PlanPool, path: string, where: { readonly region: string; readonly catalog: AwsCatalog }): SpecProblem[] {
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

export function checkGpuPools(spec: ValidSpec, plan: CapacityPlan, catalog: AwsCatalog = AWS_CATALOG): SpecProblem[] {
  const seen = new Set<string>();
  return plan.pools.flatMap((pool, i) => {
    const path = `plan.pools[${i}]`;
    return [
      ...checkPoolName(pool, path, seen),
      ...checkPoolShape(pool, path, { region: spec.region, catalog }),
      ...checkBounds(pool, path, { minFloor: 0, why: "" }),
    ];
  });
}
