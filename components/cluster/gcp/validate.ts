/**
 * Checks of a GkeCluster's arguments, run before any resource is registered. Each check is a pure
 * function returning every problem it finds, each naming the field, the value, what is allowed
 * and the fix. Paths are spec paths (`apiAccess.allowedCidrs[0]`), `plan.pools[i].…` for the
 * capacity plan, and the argument name for GKE-only arguments.
 */
import { CLOUD_FACTS, REGIONS, findInstanceType, findSystemInstanceType } from "../../catalog";
import type { CapacityPlan } from "../../capacity/types";
import type { SpecProblem, ValidSpec } from "../../spec/types";
import { didYouMean } from "../../spec/rules/suggest";
import type { GkeClusterArgs } from "./args";
import {
  CPU_UPGRADE,
  GPU_DRIVER_VERSIONS,
  MAX_AUTHORIZED_NETWORKS,
  MAX_COMPONENT_NAME_CHARS,
  MIN_AUTHORIZED_PREFIX,
  PROJECT_ID_PATTERN,
  SYSTEM_UPGRADE,
} from "./gke-facts";
import {
  MASTER_PREFIX,
  MAX_NETWORK_PREFIX,
  MIN_NETWORK_PREFIX,
  canonical,
  carveRanges,
  hasHostBits,
  isPrivate,
  nodeCapacity,
  overlaps,
  parseIpv4Cidr,
} from "./ranges";
import { checkSpotFallbacks, checkWorkerPools } from "./validate-pools";

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Secondary range names: RFC 1035 labels (Compute Engine `secondaryIpRanges[].rangeName`). */
const RANGE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A subnetwork self link or relative name, as the Compute API prints it. */
const SUBNET_LINK = /^(?:https:\/\/www\.googleapis\.com\/compute\/v1\/)?projects\/([^/]+)\/regions\/([^/]+)\/subnetworks\/([^/]+)$/;

export interface GkeCheckInput {
  readonly name: string;
  /** The project after defaulting from provider config; undefined when neither gave one. */
  readonly project: string | undefined;
  readonly args: GkeClusterArgs;
}

/** Every problem with a GkeCluster's arguments; empty when they are fine. */
export function gkeClusterProblems(input: GkeCheckInput): SpecProblem[] {
  const { spec, plan } = input.args;
  return [
    ...checkComponentName(input.name),
    ...checkProject(input.project),
    ...checkCloudAndRegion(spec, plan),
    ...checkApiAccess(spec),
    ...checkNetwork(spec, plan, input.args),
    ...checkSystemPool(spec),
    ...checkWorkerPools(spec, plan),
    ...checkSpotFallbacks(spec, plan),
    ...checkDriverVersion(input.args),
  ];
}

export function checkComponentName(name: string): SpecProblem[] {
  if (DNS_LABEL.test(name) && name.length <= MAX_COMPONENT_NAME_CHARS) return [];
  return [
    {
      path: "name",
      message:
        `must be a lower-case DNS label of at most ${MAX_COMPONENT_NAME_CHARS} characters (a letter first, then letters, digits and "-"), ` +
        `got "${name}": GKE cluster names stop at 40 characters and Pulumi adds an 8-character suffix; choose a shorter name`,
    },
  ];
}

export function checkProject(project: string | undefined): SpecProblem[] {
  if (project === undefined || project === "") {
    return [
      {
        path: "project",
        message: 'no GCP project given: set it in the stack config ("pulumi config set gcp:project <project-id>") or pass GkeClusterArgs.project',
      },
    ];
  }
  if (PROJECT_ID_PATTERN.test(project)) return [];
  return [
    {
      path: "project",
      message: `must be a GCP project ID (6 to 30 lower-case letters, digits and "-", a letter first), got "${project}"; use the project ID, not its display name or number`,
    },
  ];
}

export function checkCloudAndRegion(spec: ValidSpec, plan: CapacityPlan): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (spec.cloud !== "gcp") {
    problems.push({ path: "cloud", message: `a GkeCluster builds GKE on gcp, got cloud "${spec.cloud}"; use the cluster component of that cloud` });
  }
  if (!REGIONS.gcp.includes(spec.region)) {
    problems.push({
      path: "region",
      message: `"${spec.region}" is not a GCP region the catalogue knows${didYouMean(spec.region, REGIONS.gcp)} (regions: ml-clusters catalog gcp)`,
    });
  }
  if (plan.cloud !== spec.cloud || plan.region !== spec.region) {
    problems.push({
      path: "plan",
      message: `the capacity plan is for ${plan.cloud}/${plan.region} but the spec is for ${spec.cloud}/${spec.region}; plan again with this spec`,
    });
  }
  return problems;
}

export function checkApiAccess(spec: ValidSpec): SpecProblem[] {
  if (spec.apiAccess === undefined) return [];
  const cidrs = spec.apiAccess.allowedCidrs;
  if (cidrs.length === 0) {
    return [{ path: "apiAccess.allowedCidrs", message: "must list at least one network; remove apiAccess to keep the API endpoint private" }];
  }
  const problems: SpecProblem[] = [];
  if (cidrs.length > MAX_AUTHORIZED_NETWORKS) {
    problems.push({
      path: "apiAccess.allowedCidrs",
      message: `GKE allows at most ${MAX_AUTHORIZED_NETWORKS} authorised networks, got ${cidrs.length}; merge neighbouring ranges`,
    });
  }
  cidrs.forEach((text, i) => {
    const path = `apiAccess.allowedCidrs[${i}]`;
    const c = parseIpv4Cidr(text);
    if (c === undefined) {
      const hint = text.includes(":") ? "GKE authorised networks are IPv4 only" : 'use an IPv4 CIDR such as "203.0.113.0/24"';
      problems.push({ path, message: `must be an IPv4 CIDR, got "${text}"; ${hint}` });
    } else if (c.prefix < MIN_AUTHORIZED_PREFIX) {
      problems.push({
        path,
        message:
          `"${text}" opens the Kubernetes API to the internet (CIS GKE 5.6.3): prefixes shorter than /${MIN_AUTHORIZED_PREFIX} are refused; ` +
          "list only the networks that run kubectl or Pulumi, or remove apiAccess for a private endpoint",
      });
    } else if (hasHostBits(c)) {
      problems.push({ path, message: `"${text}" has host bits set; GKE wants the network address: use "${canonical(c)}"` });
    }
  });
  return problems;
}

export function checkNetwork(spec: ValidSpec, plan: CapacityPlan, args: GkeClusterArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const existing = spec.network.existingSubnetIds ?? [];
  const c = parseIpv4Cidr(spec.network.cidr);
  if (c === undefined) {
    problems.push({ path: "network.cidr", message: `must be an IPv4 CIDR such as "10.0.0.0/16", got "${spec.network.cidr}"` });
  } else if (!isPrivate(c)) {
    problems.push({ path: "network.cidr", message: `"${spec.network.cidr}" is not private address space; use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16` });
  } else if (existing.length > 0 && args.masterCidr === undefined && c.prefix > MASTER_PREFIX) {
    problems.push({
      path: "network.cidr",
      message: `"${spec.network.cidr}" is narrower than a /${MASTER_PREFIX}, so the control plane's range cannot default to its last /${MASTER_PREFIX}; give masterCidr, or a wider network.cidr`,
    });
  } else if (existing.length === 0 && (c.prefix < MIN_NETWORK_PREFIX || c.prefix > MAX_NETWORK_PREFIX)) {
    problems.push({
      path: "network.cidr",
      message: `must be a /${MIN_NETWORK_PREFIX} to /${MAX_NETWORK_PREFIX} so that nodes, pods, services and the control plane fit, got "${spec.network.cidr}"; use e.g. "10.0.0.0/16"`,
    });
  } else if (existing.length === 0) {
    // Surge nodes: one for the system pool, one per CPU pool (GPU pools upgrade without surge).
    const surge = SYSTEM_UPGRADE.maxSurge + plan.pools.filter((p) => p.gpu === null).length * CPU_UPGRADE.maxSurge;
    const needed = plan.pools.reduce((n, p) => n + p.maxNodes, 0) + spec.systemPool.maxNodes + surge;
    const capacity = nodeCapacity(c.prefix);
    if (needed > capacity) {
      problems.push({
        path: "network.cidr",
        message:
          `"${spec.network.cidr}" leaves pod addresses for ${capacity} nodes (a /24 each) but the plan can reach ${needed} ` +
          `(worker pools at maxNodes, the system pool and upgrade surge nodes); use a /${c.prefix - Math.ceil(Math.log2(needed / capacity))} or wider`,
      });
    }
  }
  if (existing.length > 1) {
    problems.push({
      path: "network.existingSubnetIds",
      message: `a GKE cluster lives in one subnetwork, got ${existing.length} IDs; give the self link of one subnetwork in ${spec.region}`,
    });
  }
  existing.slice(0, 1).forEach((id, i) => {
    const m = SUBNET_LINK.exec(id);
    const path = `network.existingSubnetIds[${i}]`;
    if (m === null) {
      problems.push({
        path,
        message: `must be a subnetwork self link "projects/<project>/regions/<region>/subnetworks/<name>" (the https://www.googleapis.com/compute/v1/ prefix is optional), got "${id}"`,
      });
    } else if (m[2] !== spec.region) {
      problems.push({ path, message: `is in region "${m[2]}" but the cluster is in "${spec.region}"; use a subnetwork of ${spec.region}` });
    }
  });
  problems.push(...checkRangeNames(args, existing.length > 0), ...checkMasterCidr(args.masterCidr, c, existing.length === 0));
  return problems;
}

function checkRangeNames(args: GkeClusterArgs, existingSubnet: boolean): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const key of ["podsRangeName", "servicesRangeName"] as const) {
    const value = args[key];
    if (value === undefined) continue;
    if (!existingSubnet) {
      problems.push({ path: key, message: `applies only with network.existingSubnetIds (the package names the ranges of its own subnetwork), got "${value}"; remove it` });
    } else if (!RANGE_NAME.test(value)) {
      problems.push({ path: key, message: `must be a secondary range name (lower-case letters, digits and "-", at most 63, a letter first), got "${value}"` });
    }
  }
  if (args.podsRangeName !== undefined && args.podsRangeName === args.servicesRangeName) {
    problems.push({ path: "servicesRangeName", message: `must differ from podsRangeName, both are "${args.podsRangeName}"; pods and services need separate ranges` });
  }
  return problems;
}

function checkMasterCidr(masterCidr: string | undefined, network: ReturnType<typeof parseIpv4Cidr>, carved: boolean): SpecProblem[] {
  if (masterCidr === undefined) return [];
  const m = parseIpv4Cidr(masterCidr);
  if (m === undefined || m.prefix !== MASTER_PREFIX || hasHostBits(m) || !isPrivate(m)) {
    return [{ path: "masterCidr", message: `must be a private IPv4 /${MASTER_PREFIX} network address such as "172.16.0.32/28", got "${masterCidr}"` }];
  }
  if (carved && network !== undefined && network.prefix >= MIN_NETWORK_PREFIX && network.prefix <= MAX_NETWORK_PREFIX) {
    const r = carveRanges(canonical(network));
    const clash = (["nodes", "pods", "services"] as const).find((k) => overlaps(parseIpv4Cidr(r[k])!, m));
    if (clash !== undefined) {
      return [{ path: "masterCidr", message: `"${masterCidr}" overlaps the ${clash} range ${r[clash]}; use a /28 outside it, e.g. the default ${r.master}` }];
    }
  }
  return [];
}

export function checkSystemPool(spec: ValidSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const { instanceType, minNodes, maxNodes } = spec.systemPool;
  const allowed = CLOUD_FACTS.gcp.systemInstanceTypes.map((t) => t.name);
  if (findInstanceType("gcp", instanceType) !== undefined) {
    problems.push({
      path: "systemPool.instanceType",
      message: `"${instanceType}" is a GPU machine type; the system pool runs add-ons on CPU machines: use one of ${allowed.join(", ")}`,
    });
  } else if (findSystemInstanceType("gcp", instanceType) === undefined) {
    problems.push({
      path: "systemPool.instanceType",
      message: `"${instanceType}" is not a GCP system machine type in the catalogue${didYouMean(instanceType, allowed)}; use one of ${allowed.join(", ")}`,
    });
  }
  if (!Number.isInteger(minNodes) || minNodes < 1) {
    problems.push({ path: "systemPool.minNodes", message: `must be a whole number of at least 1 (add-ons need a node to run on), got ${minNodes}` });
  }
  if (!Number.isInteger(maxNodes) || maxNodes < Math.max(1, minNodes)) {
    problems.push({ path: "systemPool.maxNodes", message: `must be a whole number no smaller than systemPool.minNodes (${minNodes}), got ${maxNodes}` });
  }
  return problems;
}

export function checkDriverVersion(args: GkeClusterArgs): SpecProblem[] {
  const v = args.gpuDriverVersion;
  if (v === undefined || GPU_DRIVER_VERSIONS.includes(v)) return [];
  return [{ path: "gpuDriverVersion", message: `must be one of ${GPU_DRIVER_VERSIONS.join(", ")}, got "${String(v)}"` }];
}
