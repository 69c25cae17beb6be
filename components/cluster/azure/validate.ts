/**
 * Checks of AksCluster's arguments, run before any resource is registered. Each check is a pure
 * function returning the problems it found; validateAksClusterArgs throws them all at once.
 */
import ipaddr from "ipaddr.js";
import { findInstanceType, findWorkerType, workerTypes } from "../../catalog";
import type { CapacityPlan } from "../../capacity/types";
import { SpecError } from "../../spec/errors";
import { privateRangeOf } from "../address-space";
import { MIN_API_ACCESS_PREFIX } from "../api-access";
import type { SpecProblem, ValidSpec } from "../../spec/types";
import {
  AKS_MAX_AUTHORIZED_RANGES,
  AKS_MAX_NODES_PER_POOL,
  AKS_MIN_SYSTEM_NODES,
  AZURE_ZONES,
  AksClusterArgs,
  DEPLOYER_PRINCIPAL_TYPES,
  EXISTING_SUBNET_OUTBOUND_TYPES,
  KUBELOGIN_MODES,
  OS_DISK_MAX_GB,
  OS_DISK_MIN_GB,
  ResolvedAksOptions,
  resolveAksOptions,
} from "./args";
import { AGENT_POOL_NAME_PATTERN, planAgentPools } from "./agent-pools-plan";
import { checkIdentitySpec } from "./validate-identity";

/** Throws one SpecError listing every problem of the arguments; returns the resolved options. */
export function validateAksClusterArgs(name: string, args: AksClusterArgs): ResolvedAksOptions {
  const options = resolveAksOptions(args);
  const problems = [
    ...checkTarget(args.spec, args.plan),
    ...checkApiAccess(args.spec.apiAccess),
    ...checkKubernetesVersion(args.spec.kubernetesVersion),
    ...checkNetwork(args.spec.network, options),
    ...checkSystemPool(args.spec.systemPool),
    ...checkPlanPools(args.plan, args.spec.region),
    ...checkAksOptions(args, options),
    ...checkIdentitySpec(args.spec),
  ];
  if (problems.length === 0) problems.push(...checkAgentPoolNames(args.plan, options));
  if (problems.length > 0) throw new SpecError(problems, `AksCluster "${name}"`);
  return options;
}

export function checkTarget(spec: ValidSpec, plan: CapacityPlan): SpecProblem[] {
  const out: SpecProblem[] = [];
  if (spec.cloud !== "azure") {
    out.push({ path: "cloud", message: `AksCluster builds AKS clusters, got cloud "${spec.cloud}"; set cloud: azure or use the ${spec.cloud} cluster` });
  }
  if (plan.cloud !== "azure") {
    out.push({ path: "plan.cloud", message: `the capacity plan is for cloud "${plan.cloud}", not "azure"; plan capacity for the Azure spec` });
  }
  if (plan.region !== spec.region) {
    out.push({ path: "plan.region", message: `the capacity plan is for region "${plan.region}" but the spec's region is "${spec.region}"; plan capacity again for "${spec.region}"` });
  }
  return out;
}

/**
 * API server authorized ranges: public IPv4 networks, never the whole internet (CIS AKS 5.4.1,
 * CKV_AZURE_6). They filter the public IP the API server is reached on, and the feature "isn't
 * supported on private clusters" (learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges).
 * A private cluster's API server "has no public IP address": it is reached from a VM in the
 * cluster's VNet, a peered VNet, or over ExpressRoute or VPN, its name resolving through a private
 * DNS zone that a peered VNet must be linked to (learn.microsoft.com/azure/aks/private-clusters,
 * "Options for connecting to the private cluster"; MicrosoftDocs/azure-aks-docs, read 2026-11).
 */
export function checkApiAccess(apiAccess: ValidSpec["apiAccess"]): SpecProblem[] {
  if (apiAccess === undefined) return [];
  const out: SpecProblem[] = [];
  const cidrs = apiAccess.allowedCidrs;
  if (cidrs.length === 0) {
    out.push({ path: "apiAccess.allowedCidrs", message: "must list at least one network, got an empty list; list the networks that may reach the API, or remove apiAccess for a private API endpoint" });
  }
  if (cidrs.length > AKS_MAX_AUTHORIZED_RANGES) {
    out.push({ path: "apiAccess.allowedCidrs", message: `AKS accepts at most ${AKS_MAX_AUTHORIZED_RANGES} authorized IP ranges, got ${cidrs.length}; merge them into larger networks` });
  }
  cidrs.forEach((cidr, i) => {
    const path = `apiAccess.allowedCidrs[${i}]`;
    const parsed = parseIpv4Cidr(cidr);
    if (parsed === undefined) {
      out.push({ path, message: `must be an IPv4 network such as 203.0.113.0/24 (AKS authorized IP ranges are IPv4), got "${cidr}"` });
    } else if (parsed.prefix < MIN_API_ACCESS_PREFIX) {
      out.push({
        path,
        message: `"${cidr}" opens the Kubernetes API to the internet (CIS AKS 5.4.1): networks wider than /${MIN_API_ACCESS_PREFIX} are refused; list your own networks, or remove apiAccess for a private API endpoint`,
      });
    } else if (parsed.network !== parsed.address) {
      out.push({ path, message: `"${cidr}" is not a network address; use ${parsed.network}/${parsed.prefix}` });
    } else {
      const internal = privateRangeOf(cidr);
      if (internal) {
        out.push({
          path,
          message:
            `"${cidr}" is private address space (${internal.rfc}, ${internal.cidr}), which never reaches AKS's public API server; ` +
            "networks in the cluster's VNet or connected to it (peering, VPN, ExpressRoute) reach a private cluster instead: remove apiAccess for a private API server, " +
            "and link each peered VNet to the cluster's private DNS zone; or list the public address the network reaches the internet from",
        });
      }
    }
  });
  return out;
}

/** `<major>.<minor>` only: the patch upgrade channel picks the patch (AVM aks-production precondition). */
export function checkKubernetesVersion(version: string): SpecProblem[] {
  if (/^1\.\d{1,2}$/.test(version)) return [];
  const minor = /^(1\.\d{1,2})\.\d+$/.exec(version);
  const fix = minor ? `use "${minor[1]}": AKS's patch upgrade channel keeps the cluster on the latest patch of that minor version` : 'use a minor version such as "1.33"';
  return [{ path: "kubernetesVersion", message: `must be a Kubernetes minor version "<major>.<minor>", got "${version}"; ${fix}` }];
}

/** Azure subnet resource IDs, as ARM spells them. */
const SUBNET_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/;

export function checkNetwork(network: ValidSpec["network"], options: ResolvedAksOptions): SpecProblem[] {
  const out: SpecProblem[] = [];
  const existing = network.existingSubnetIds;
  if (existing !== undefined) {
    if (existing.length !== 1) {
      out.push({ path: "network.existingSubnetIds", message: `AKS nodes join one subnet: give exactly one Azure subnet resource ID, got ${existing.length}` });
    }
    existing.forEach((id, i) => {
      if (!SUBNET_ID.test(id)) {
        out.push({ path: `network.existingSubnetIds[${i}]`, message: `must be an Azure subnet resource ID "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>", got "${id}"` });
      }
    });
  }
  const ranges: { path: string; cidr: string }[] = [];
  const node = parseIpv4Cidr(network.cidr);
  if (existing === undefined) {
    if (node === undefined || node.network !== node.address) {
      out.push({ path: "network.cidr", message: `must be an IPv4 network such as 10.0.0.0/16, got "${network.cidr}"` });
    } else if (node.prefix < 8 || node.prefix > 24) {
      out.push({ path: "network.cidr", message: `must be between /8 and /24 (the node subnet takes its first half, and needs room for every node of every pool), got "${network.cidr}"` });
    } else {
      ranges.push({ path: "network.cidr", cidr: network.cidr });
    }
  }
  for (const [path, cidr] of [["podCidr", options.podCidr], ["serviceCidr", options.serviceCidr]] as const) {
    const parsed = parseIpv4Cidr(cidr);
    if (parsed === undefined || parsed.network !== parsed.address) {
      out.push({ path, message: `must be an IPv4 network such as 10.244.0.0/16, got "${cidr}"` });
    } else {
      ranges.push({ path, cidr });
    }
  }
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (cidrsOverlap(ranges[i].cidr, ranges[j].cidr)) {
        out.push({ path: ranges[j].path, message: `"${ranges[j].cidr}" overlaps ${ranges[i].path} "${ranges[i].cidr}"; AKS needs the node, pod and service ranges apart, choose a range outside it` });
      }
    }
  }
  return out;
}

export function checkSystemPool(pool: ValidSpec["systemPool"]): SpecProblem[] {
  const out: SpecProblem[] = [];
  if (!/^Standard_[A-Za-z0-9_]+$/.test(pool.instanceType)) {
    out.push({ path: "systemPool.instanceType", message: `must be an Azure VM size such as Standard_D4s_v5, got "${pool.instanceType}"` });
  } else if (findInstanceType("azure", pool.instanceType) !== undefined) {
    out.push({ path: "systemPool.instanceType", message: `"${pool.instanceType}" is a GPU VM size; the system pool runs cluster add-ons only, choose a general-purpose size such as Standard_D4s_v5` });
  }
  if (!isCount(pool.minNodes, AKS_MIN_SYSTEM_NODES)) {
    out.push({ path: "systemPool.minNodes", message: `must be a whole number from ${AKS_MIN_SYSTEM_NODES} to ${AKS_MAX_NODES_PER_POOL} (AKS system pools never scale to zero), got ${pool.minNodes}` });
  }
  if (!isCount(pool.maxNodes, Math.max(AKS_MIN_SYSTEM_NODES, pool.minNodes))) {
    out.push({ path: "systemPool.maxNodes", message: `must be a whole number from systemPool.minNodes (${pool.minNodes}) to ${AKS_MAX_NODES_PER_POOL}, got ${pool.maxNodes}` });
  }
  return out;
}

/**
 * Every planned pool must be a catalogue VM size offered in the region, of the pool's kind (a GPU
 * size with the pool's GPU, or a CPU size for a CPU pool), with sane bounds; a spot pool names one
 * size (an AKS agent pool has one VM size), and a fallback pool is an on-demand pool backing a
 * spot pool of the plan.
 */
export function checkPlanPools(plan: CapacityPlan, region: string): SpecProblem[] {
  const out: SpecProblem[] = [];
  const seen = new Set<string>();
  const spotPools = new Set(plan.pools.filter((p) => p.spot).map((p) => p.name));
  plan.pools.forEach((pool, i) => {
    const path = `plan.pools[${i}]`;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(pool.name) || pool.name.length > 63) {
      out.push({ path: `${path}.name`, message: `must be a DNS label (lower-case letters, digits and "-", at most 63) because it is a node label value, got "${pool.name}"` });
    }
    if (seen.has(pool.name)) out.push({ path: `${path}.name`, message: `pool "${pool.name}" appears twice; pool names must be unique` });
    seen.add(pool.name);
    out.push(...checkSpotFields(pool, path, spotPools));
    out.push(...checkPoolType(pool, path, region));
    if (!isCount(pool.minNodes, 0)) {
      out.push({ path: `${path}.minNodes`, message: `must be a whole number from 0 to ${AKS_MAX_NODES_PER_POOL}, got ${pool.minNodes}` });
    }
    if (!isCount(pool.maxNodes, Math.max(1, pool.minNodes))) {
      out.push({ path: `${path}.maxNodes`, message: `must be a whole number from ${Math.max(1, pool.minNodes)} (at least 1 and at least minNodes) to ${AKS_MAX_NODES_PER_POOL}, got ${pool.maxNodes}` });
    }
  });
  return out;
}

type PlanPool = CapacityPlan["pools"][number];

function checkPoolType(pool: PlanPool, path: string, region: string): SpecProblem[] {
  const out: SpecProblem[] = [];
  const kind = pool.gpu === null ? "CPU" : `GPU "${pool.gpu}"`;
  const sameKind = workerTypes("azure").filter((t) => t.gpu === pool.gpu && t.regions.includes(region)).map((t) => t.name);
  const choices = sameKind.length > 0 ? `choose one of ${sameKind.join(", ")}` : `no catalogue size with ${kind} is offered in "${region}"; choose another ${pool.gpu === null ? "region" : "GPU or region"}`;
  const type = findWorkerType("azure", pool.instanceType);
  if (type === undefined) {
    out.push({ path: `${path}.instanceType`, message: `"${pool.instanceType}" is not an Azure VM size in the catalogue; ${choices}` });
    return out;
  }
  if (pool.gpu === null && type.gpu !== null) {
    out.push({ path: `${path}.instanceType`, message: `"${pool.instanceType}" is a GPU size (GPU "${type.gpu}") but the pool is a CPU pool; ${choices}` });
  } else if (pool.gpu !== null && type.gpu === null) {
    out.push({ path: `${path}.instanceType`, message: `"${pool.instanceType}" has no GPUs; ${choices}` });
  } else if (type.gpu !== pool.gpu) {
    out.push({ path: `${path}.gpu`, message: `pool asks for GPU "${pool.gpu}" but "${pool.instanceType}" carries "${type.gpu}"; ${choices}` });
  } else if (pool.gpusPerNode !== type.gpus) {
    out.push({ path: `${path}.gpusPerNode`, message: `"${pool.instanceType}" has ${type.gpus} GPU(s) per node, the plan says ${pool.gpusPerNode}; plan capacity again` });
  }
  if (!type.regions.includes(region)) {
    out.push({ path: `${path}.instanceType`, message: `"${pool.instanceType}" (${type.gpu === null ? "CPU" : `GPU "${type.gpu}"`}) is not offered in region "${region}" (offered in ${type.regions.join(", ")}); ${choices}` });
  }
  return out;
}

function checkSpotFields(pool: PlanPool, path: string, spotPools: ReadonlySet<string>): SpecProblem[] {
  const out: SpecProblem[] = [];
  const types = pool.instanceTypes;
  if (types !== undefined && (types.length !== 1 || types[0] !== pool.instanceType)) {
    out.push({
      path: `${path}.instanceTypes`,
      message: `an AKS agent pool has one VM size, got ${types.length} (${types.join(", ")}); plan capacity again for Azure, which lists only "${pool.instanceType}"`,
    });
  }
  if (pool.fallbackFor !== undefined) {
    if (pool.spot) {
      out.push({ path: `${path}.spot`, message: `fallback pool "${pool.name}" must be on-demand (it takes the pods when Spot capacity is missing), got spot: true; plan capacity again` });
    }
    if (!spotPools.has(pool.fallbackFor)) {
      out.push({ path: `${path}.fallbackFor`, message: `"${pool.fallbackFor}" is not a spot pool of the plan (spot pools: ${[...spotPools].sort().join(", ") || "none"}); plan capacity again` });
    }
  }
  return out;
}

const RESOURCE_GROUP_NAME = /^[-\w._()]{1,89}[-\w_()]$/;
const KEY_VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const WORKSPACE_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/;

export function checkAksOptions(args: AksClusterArgs, options: ResolvedAksOptions): SpecProblem[] {
  const out: SpecProblem[] = [];
  if (args.resourceGroupName !== undefined && !RESOURCE_GROUP_NAME.test(args.resourceGroupName)) {
    out.push({ path: "resourceGroupName", message: `must be 1-90 letters, digits, "-", "_", ".", "(" or ")", not ending in ".", got "${args.resourceGroupName}"` });
  }
  if (!(KUBELOGIN_MODES as readonly string[]).includes(options.kubeloginMode)) {
    out.push({ path: "kubeloginMode", message: `must be one of ${KUBELOGIN_MODES.join(", ")}, got "${options.kubeloginMode}"` });
  }
  if (options.deployerPrincipalType !== undefined && !(DEPLOYER_PRINCIPAL_TYPES as readonly string[]).includes(options.deployerPrincipalType)) {
    out.push({
      path: "deployerPrincipalType",
      message: `must be ${DEPLOYER_PRINCIPAL_TYPES.map((t) => `"${t}"`).join(" or ")} (who runs pulumi up), got "${String(options.deployerPrincipalType)}"`,
    });
  }
  if (!(EXISTING_SUBNET_OUTBOUND_TYPES as readonly string[]).includes(options.existingSubnetOutboundType)) {
    out.push({ path: "existingSubnetOutboundType", message: `must be one of ${EXISTING_SUBNET_OUTBOUND_TYPES.join(", ")}, got "${options.existingSubnetOutboundType}"` });
  }
  if (!Number.isInteger(options.gpuOsDiskSizeGB) || options.gpuOsDiskSizeGB < OS_DISK_MIN_GB || options.gpuOsDiskSizeGB > OS_DISK_MAX_GB) {
    out.push({ path: "gpuOsDiskSizeGB", message: `must be a whole number of GB from ${OS_DISK_MIN_GB} to ${OS_DISK_MAX_GB}, got ${options.gpuOsDiskSizeGB}` });
  }
  if (options.keyVaultName !== undefined && !KEY_VAULT_NAME.test(options.keyVaultName)) {
    out.push({ path: "keyVaultName", message: `must be 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit, got "${options.keyVaultName}"` });
  }
  if (options.logAnalyticsWorkspaceId !== undefined && !WORKSPACE_ID.test(options.logAnalyticsWorkspaceId)) {
    out.push({ path: "logAnalyticsWorkspaceId", message: `must be a Log Analytics workspace resource ID "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>", got "${options.logAnalyticsWorkspaceId}"` });
  }
  const zoneLists: [string, readonly string[]][] = Object.entries(options.poolZones).map(([pool, zones]) => [`availabilityZones.pools.${pool}`, zones]);
  if (options.systemZones !== undefined) zoneLists.unshift(["availabilityZones.system", options.systemZones]);
  for (const [path, zones] of zoneLists) {
    const bad = zones.filter((z) => !(AZURE_ZONES as readonly string[]).includes(z));
    if (bad.length > 0) out.push({ path, message: `zones must be among "1", "2", "3", got ${bad.map((z) => JSON.stringify(z)).join(", ")}` });
  }
  const planned = new Set(args.plan.pools.map((p) => p.name));
  for (const pool of Object.keys(options.poolZones)) {
    if (!planned.has(pool)) {
      out.push({ path: `availabilityZones.pools.${pool}`, message: `"${pool}" is not a pool of the plan (pools: ${[...planned].sort().join(", ") || "none"}); name a planned pool` });
    }
  }
  return out;
}

/** Derived AKS names must be valid and distinct (two pool names can share their first 8 letters). */
export function checkAgentPoolNames(plan: CapacityPlan, options: ResolvedAksOptions): SpecProblem[] {
  const out: SpecProblem[] = [];
  const byName = new Map<string, string>();
  planAgentPools(plan.pools, options).forEach(({ pool, name }, i) => {
    if (!AGENT_POOL_NAME_PATTERN.test(name)) {
      out.push({ path: `plan.pools[${i}].name`, message: `gives the AKS pool name "${name}", which does not match ${AGENT_POOL_NAME_PATTERN}; rename the pool` });
    }
    const other = byName.get(name);
    if (other !== undefined) {
      out.push({ path: `plan.pools[${i}].name`, message: `pools "${other}" and "${pool.name}" get the same AKS pool name "${name}"; rename one so their first 8 letters and digits differ` });
    }
    byName.set(name, pool.name);
  });
  return out;
}

interface ParsedCidr {
  readonly address: string;
  readonly network: string;
  readonly prefix: number;
}

function parseIpv4Cidr(cidr: string): ParsedCidr | undefined {
  if (typeof cidr !== "string" || !ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return undefined;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  return { address: address.toString(), network: ipaddr.IPv4.networkAddressFromCIDR(cidr).toString(), prefix };
}

export function cidrsOverlap(a: string, b: string): boolean {
  const [na, pa] = ipaddr.IPv4.parseCIDR(a);
  const [nb, pb] = ipaddr.IPv4.parseCIDR(b);
  return na.match(nb, Math.min(pa, pb));
}

function isCount(n: number, min: number): boolean {
  return Number.isInteger(n) && n >= min && n <= AKS_MAX_NODES_PER_POOL;
}
