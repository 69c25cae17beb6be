/**
 * Checks of EksCluster's arguments, run before any resource is registered. Each check is a pure
 * exported function returning problems (`{ path, message }`), so tests call it directly; the
 * component throws them all at once as a SpecError. Paths are spec paths (`apiAccess.allowedCidrs[1]`),
 * `plan.pools[i]...` for the capacity plan, and the arg name for the component's own options.
 */
import { closest } from "fastest-levenshtein";
import type { CapacityPlan } from "../../capacity/types";
import { SpecError } from "../../spec/errors";
import { privateRangeOf } from "../address-space";
import { MIN_API_ACCESS_PREFIX } from "../api-access";
import type { SpecProblem, ValidSpec } from "../../spec/types";
import { EksClusterArgs, GP3_MAX_GIB, GPU_ROOT_VOLUME_MIN_GIB, NAT_GATEWAY_MODES, SUPPORT_TYPES, SYSTEM_ROOT_VOLUME_MIN_GIB } from "./args";
import { networkCidr, parseIpv4Cidr, VPC_PREFIX_MAX, VPC_PREFIX_MIN } from "./subnets";
import { AWS_CATALOG, AwsCatalog } from "./aws-catalog";
import { supportedKubernetesVersions } from "./tables";
import { checkGpuPools, checkSystemPool } from "./validate-pools";
import { accessProblems } from "./identity-policies";

const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const IAM_PRINCIPAL_ARN = /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)\/[\w+=,.@/-]+$/;
const STS_SESSION_ARN = /^arn:aws(-[a-z]+)*:sts::([0-9]{12}):assumed-role\/([\w+=,.@-]+)\/.+$/;
const SERVICE_LINKED_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/aws-service-role\//;

export function checkCloud(spec: ValidSpec, plan: CapacityPlan): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (spec.cloud !== "aws") {
    problems.push({ path: "cloud", message: `must be "aws" for an EKS cluster, got "${spec.cloud}"; use the ${spec.cloud} cluster component, or set cloud: aws` });
  }
  if (plan.cloud !== "aws") {
    problems.push({ path: "plan.cloud", message: `the capacity plan is for "${plan.cloud}", not "aws"; plan capacity again for this spec (ml-clusters plan)` });
  }
  if (plan.region !== spec.region) {
    problems.push({ path: "plan.region", message: `the capacity plan is for region "${plan.region}" but the spec says "${spec.region}"; plan capacity again for this spec (ml-clusters plan)` });
  }
  return problems;
}

export function checkNameAndRegion(spec: ValidSpec, catalog: AwsCatalog = AWS_CATALOG): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (!EKS_CLUSTER_NAME.test(spec.name)) {
    problems.push({ path: "name", message: `"${spec.name}" is not a valid EKS cluster name: use 1 to 100 letters, digits, "-" or "_", starting with a letter or digit` });
  }
  if (!catalog.isRegion(spec.region)) {
    const hint = closest(spec.region, [...catalog.regions()]);
    problems.push({ path: "region", message: `"${spec.region}" is not an AWS region the catalogue knows; did you mean "${hint}"? (regions are spelled like us-east-1)` });
  }
  return problems;
}

export function checkKubernetesVersion(spec: ValidSpec): SpecProblem[] {
  const supported = supportedKubernetesVersions();
  if (supported.includes(spec.kubernetesVersion)) return [];
  return [
    {
      path: "kubernetesVersion",
      message: `"${spec.kubernetesVersion}" is not a Kubernetes version this package runs on EKS (supported: ${supported.join(", ")}); pick one of them, written as major.minor`,
    },
  ];
}

/** A strictly written, network-aligned IPv4 CIDR, or the problem with it. */
function cidrProblem(cidr: string, path: string, what: string): SpecProblem | undefined {
  const parsed = parseIpv4Cidr(cidr);
  if (!parsed) return { path, message: `"${cidr}" is not an IPv4 CIDR block; write ${what} like 203.0.113.0/24` };
  const aligned = networkCidr(parsed[0], parsed[1]);
  if (aligned !== cidr) return { path, message: `"${cidr}" has host bits set; write the network address, "${aligned}"` };
  return undefined;
}

export function checkApiAccess(spec: ValidSpec): SpecProblem[] {
  if (spec.apiAccess === undefined) return [];
  const cidrs = spec.apiAccess.allowedCidrs;
  if (cidrs.length === 0) {
    return [
      {
        path: "apiAccess.allowedCidrs",
        message: "must list at least one network when apiAccess is set, got an empty list; list the CIDRs that need the API, or remove apiAccess to keep the endpoint private",
      },
    ];
  }
  const problems: SpecProblem[] = [];
  cidrs.forEach((cidr, i) => {
    const path = `apiAccess.allowedCidrs[${i}]`;
    const parsed = parseIpv4Cidr(cidr);
    if (parsed && parsed[1] < MIN_API_ACCESS_PREFIX) {
      problems.push({
        path,
        message: `"${cidr}" would open the public API endpoint to the internet (CIS EKS 5.4.1): networks wider than /${MIN_API_ACCESS_PREFIX} are refused; list only the networks that need the API (office, VPN or CI runner CIDRs), or remove apiAccess to keep the endpoint private`,
      });
      return;
    }
    const problem = cidrProblem(cidr, path, "each network (EKS takes IPv4 ranges for the public endpoint)");
    if (problem) {
      problems.push(problem);
      return;
    }
    const internal = privateRangeOf(cidr);
    if (internal) problems.push({ path, message: privateNetworkMessage(cidr, internal) });
  });
  return problems;
}

/**
 * `publicAccessCidrs` filters the source of requests that reach the public endpoint over the
 * internet, where private and shared addresses never appear. Networks that use them reach the
 * private endpoint instead, which this cluster always enables (control-plane.ts): "All traffic ...
 * must come from within your cluster's VPC or a connected network" (transit gateway, VPN, Direct
 * Connect, peering), and "the control plane security group [must] contain rules to allow ingress
 * traffic on port 443 from your connected network" (EKS User Guide, "Cluster API server endpoint",
 * awsdocs/amazon-eks-user-guide latest/ug/clusters/cluster-endpoint.adoc, read 2026-11).
 */
function privateNetworkMessage(cidr: string, range: { readonly cidr: string; readonly rfc: string }): string {
  return (
    `"${cidr}" is private address space (${range.rfc}, ${range.cidr}), which never reaches EKS's public endpoint; ` +
    "networks in the VPC or connected to it (peering, transit gateway, VPN, Direct Connect) reach the private endpoint, which this cluster always has: " +
    "allow them on TCP 443 in the cluster security group and remove this range, or list the public address the network reaches the internet from"
  );
}

export function checkNetwork(spec: ValidSpec): SpecProblem[] {
  const existing = spec.network.existingSubnetIds;
  if (existing === undefined) {
    const problem = cidrProblem(spec.network.cidr, "network.cidr", "the VPC range");
    if (problem) return [problem];
    const prefix = parseIpv4Cidr(spec.network.cidr)![1];
    if (prefix < VPC_PREFIX_MIN || prefix > VPC_PREFIX_MAX) {
      return [
        {
          path: "network.cidr",
          message:
            `"${spec.network.cidr}" has a /${prefix} prefix; an EKS VPC here must be /${VPC_PREFIX_MIN} to /${VPC_PREFIX_MAX} ` +
            "(AWS allows /16 at most, and every pod takes a VPC address); use e.g. 10.0.0.0/16",
        },
      ];
    }
    return [];
  }
  const problems: SpecProblem[] = [];
  if (existing.length < 2) {
    problems.push({
      path: "network.existingSubnetIds",
      message: `EKS needs subnets in at least two availability zones, got ${existing.length} subnet(s); list one private subnet per zone`,
    });
  }
  const seen = new Set<string>();
  existing.forEach((id, i) => {
    const path = `network.existingSubnetIds[${i}]`;
    if (!SUBNET_ID.test(id)) problems.push({ path, message: `"${id}" is not a subnet ID; subnet IDs look like subnet-0123456789abcdef0` });
    else if (seen.has(id)) problems.push({ path, message: `"${id}" is listed twice; list each subnet once` });
    seen.add(id);
  });
  return problems;
}

export function checkOptions(args: EksClusterArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (args.natGateways !== undefined && !NAT_GATEWAY_MODES.includes(args.natGateways)) {
    problems.push({ path: "natGateways", message: `must be one of ${NAT_GATEWAY_MODES.map((m) => `"${m}"`).join(", ")}, got "${String(args.natGateways)}"` });
  }
  if (args.supportType !== undefined && !SUPPORT_TYPES.includes(args.supportType)) {
    problems.push({ path: "supportType", message: `must be one of ${SUPPORT_TYPES.map((m) => `"${m}"`).join(", ")}, got "${String(args.supportType)}"` });
  }
  problems.push(...checkVolume(args.gpuRootVolumeGiB, "gpuRootVolumeGiB", GPU_ROOT_VOLUME_MIN_GIB));
  problems.push(...checkVolume(args.systemRootVolumeGiB, "systemRootVolumeGiB", SYSTEM_ROOT_VOLUME_MIN_GIB));
  (args.adminPrincipalArns ?? []).forEach((arn, i) => {
    const path = `adminPrincipalArns[${i}]`;
    const session = STS_SESSION_ARN.exec(arn);
    if (session) {
      problems.push({
        path,
        message: `"${arn}" is a role session, not a principal; use the role's ARN, arn:aws:iam::${session[2]}:role/${session[3]} (with its path, if it has one)`,
      });
    } else if (!IAM_PRINCIPAL_ARN.test(arn)) {
      problems.push({ path, message: `"${arn}" is not an IAM role or user ARN; write it like arn:aws:iam::123456789012:role/platform-admins` });
    }
  });
  return problems;
}

/**
 * What EKS needs of the identity fields beyond their format (the spec checks that): each
 * workload's policy can be built and fits a role, and each member is a principal an access entry
 * can name that is not already an admin. EKS allows one access entry per principal, and access
 * entries take neither STS sessions nor service-linked roles (EKS User Guide, "Create access
 * entries").
 */
export function checkIdentity(args: EksClusterArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const w of [...args.spec.services, ...args.spec.trainingJobs]) {
    if (w.access !== undefined) problems.push(...accessProblems(w.access, `${w.path}.access`));
  }
  const admins = new Set(args.adminPrincipalArns ?? []);
  args.spec.namespaces.forEach((ns, i) =>
    (ns.members ?? []).forEach((arn, j) => {
      const path = `namespaces[${i}].members[${j}]`;
      const session = STS_SESSION_ARN.exec(arn);
      if (session) {
        problems.push({ path, message: `"${arn}" is a role session, not a principal; use the role's ARN, arn:aws:iam::${session[2]}:role/${session[3]} (with its path, if it has one)` });
      } else if (!IAM_PRINCIPAL_ARN.test(arn)) {
        problems.push({ path, message: `"${arn}" is not an IAM role or user ARN; write it like arn:aws:iam::123456789012:role/ml-research` });
      } else if (SERVICE_LINKED_ROLE_ARN.test(arn)) {
        problems.push({ path, message: `"${arn}" is a service-linked role, which EKS access entries do not accept; name a role or user a person signs in as` });
      } else if (admins.has(arn)) {
        problems.push({
          path,
          message: `"${arn}" is in adminPrincipalArns, so it already has cluster-admin through its own access entry, and EKS allows one entry per principal; remove it from members`,
        });
      }
    }),
  );
  return problems;
}

function checkVolume(size: number | undefined, path: string, min: number): SpecProblem[] {
  if (size === undefined || (Number.isInteger(size) && size >= min && size <= GP3_MAX_GIB)) return [];
  return [{ path, message: `must be a whole number of GiB from ${min} to ${GP3_MAX_GIB} (gp3 limits and the AMI's own size), got ${size}` }];
}

/** Every problem with the args, in spec order; empty when the cluster can be built. */
export function eksClusterProblems(args: EksClusterArgs, catalog: AwsCatalog = AWS_CATALOG): SpecProblem[] {
  return [
    ...checkCloud(args.spec, args.plan),
    ...checkNameAndRegion(args.spec, catalog),
    ...checkKubernetesVersion(args.spec),
    ...checkApiAccess(args.spec),
    ...checkNetwork(args.spec),
    ...checkSystemPool(args.spec, catalog),
    ...checkGpuPools(args.spec, args.plan, catalog),
    ...checkOptions(args),
    ...checkIdentity(args),
  ];
}

/** Throws one SpecError listing every problem; returns quietly for good args. */
export function validateEksClusterArgs(name: string, args: EksClusterArgs, catalog: AwsCatalog = AWS_CATALOG): void {
  const problems = eksClusterProblems(args, catalog);
  if (problems.length > 0) throw new SpecError(problems, `EksCluster "${name}"`);
}
