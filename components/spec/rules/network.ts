/** Networks: CIDRs, the API endpoint's allow-list, the cluster network and existing subnets. */
import ipaddr from "ipaddr.js";
import type { Cloud } from "../../catalog/types";
import { DEFAULT_NETWORK_CIDR } from "../defaults";
import type { ApiAccessSpec, ValidSpec } from "../types";
import { readField, readMapping, readStringList } from "./fields";
import { at, Problems, show, withArticle } from "./problems";

export const API_ACCESS_FIELDS = ["allowedCidrs"] as const;
export const NETWORK_FIELDS = ["cidr", "existingSubnetIds"] as const;

export interface Cidr {
  readonly family: "ipv4" | "ipv6";
  readonly prefix: number;
  /** The network address: the CIDR's text when its host bits are zero. */
  readonly network: string;
}

/** A CIDR whose host bits are zero, or the message saying what is wrong. */
export function parseCidr(text: string): { readonly ok: true; readonly value: Cidr } | { readonly ok: false; readonly message: string } {
  const v4 = ipaddr.IPv4.isValidCIDRFourPartDecimal(text);
  if (!v4 && !(text.includes(":") && ipaddr.IPv6.isValidCIDR(text))) {
    return { ok: false, message: `must be a CIDR block like "10.0.0.0/16" or "2001:db8::/32", got ${JSON.stringify(text)}` };
  }
  const [address, prefix] = ipaddr.parseCIDR(text);
  const network = (v4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text)).toString();
  if (network !== address.toString()) {
    return { ok: false, message: `has host bits set, got ${JSON.stringify(text)}; the network is "${network}/${prefix}"` };
  }
  return { ok: true, value: { family: v4 ? "ipv4" : "ipv6", prefix, network } };
}

/** Checks every CIDR of a list; returns them when all are sound. */
export function checkCidrList(list: readonly string[], path: string, out: Problems): Cidr[] | undefined {
  const before = out.count;
  const cidrs: Cidr[] = [];
  const seen = new Map<string, number>();
  list.forEach((text, i) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) {
      out.error(at(path, i), parsed.message);
      return;
    }
    const key = `${parsed.value.network}/${parsed.value.prefix}`;
    const first = seen.get(key);
    if (first !== undefined) out.error(at(path, i), `repeats ${at(path, first)} (${JSON.stringify(text)}); list each network once`);
    seen.set(key, i);
    cidrs.push(parsed.value);
  });
  return out.count === before ? cidrs : undefined;
}

/**
 * `apiAccess.allowedCidrs`: opens the public API endpoint to these networks only, never to all of
 * them (CIS EKS/AKS 5.4.1, GKE 5.6.3; Checkov CKV_AWS_38; reliability.md A2). Absent: the
 * endpoint is private, which is legal but surprising the first time `pulumi up` cannot reach it.
 */
export function checkApiAccess(value: unknown, path: string, out: Problems): ApiAccessSpec | undefined {
  if (value === undefined || value === null) {
    out.warn(path, "is absent, so the API endpoint is private: pulumi up and kubectl must run from inside the cluster's network (VPN, peering or a bastion); set apiAccess.allowedCidrs to open it to your networks only");
    return undefined;
  }
  const before = out.count;
  const a = readMapping(value, path, "the API endpoint's allow-list", API_ACCESS_FIELDS, out);
  if (a === undefined) return undefined;
  const listPath = at(path, "allowedCidrs");
  const list = readStringList(a, "allowedCidrs", path, out, {
    required: "the networks allowed to reach the public API endpoint, e.g. [203.0.113.0/24]; remove apiAccess to keep the endpoint private",
    nonEmpty: "list the networks allowed to reach the public API endpoint, or remove apiAccess to keep the endpoint private",
  });
  const cidrs = list === undefined ? undefined : checkCidrList(list, listPath, out);
  cidrs?.forEach((c, i) => {
    if (c.prefix === 0) {
      out.error(at(listPath, i), `opens the API endpoint to the whole internet, got ${show(list![i])}; list the networks that run pulumi and kubectl (CIS 5.4.1), or remove apiAccess for a private endpoint`);
    }
  });
  return out.count === before && list !== undefined ? { allowedCidrs: list } : undefined;
}

/** How each cloud names an existing subnet, and how many the cluster takes. */
const EXISTING_SUBNETS: {
  readonly [c in Cloud]: {
    readonly pattern: RegExp;
    readonly example: string;
    readonly min: number;
    readonly max: number;
    readonly why: string;
    /** Finds the region an ID names, when IDs name one. */
    readonly region?: RegExp;
  };
} = Object.freeze({
  aws: {
    pattern: /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
    example: "subnet-0123456789abcdef0",
    min: 2,
    max: 16,
    // EKS: "You must specify at least two subnets in different Availability Zones" (EKS network requirements, read 2026-10).
    why: "EKS needs private subnets in at least two availability zones",
  },
  gcp: {
    pattern: /^(?:https:\/\/www\.googleapis\.com\/compute\/v1\/)?projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/regions\/[a-z0-9-]+\/subnetworks\/[a-z]([-a-z0-9]*[a-z0-9])?$/,
    example: "projects/my-project/regions/us-central1/subnetworks/gpu-nodes",
    min: 1,
    max: 1,
    why: "a GKE cluster sits in one subnetwork",
    region: /\/regions\/([^/]+)\//,
  },
  azure: {
    pattern: /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i,
    example: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
    min: 1,
    max: 1,
    why: "the AKS node pools share one subnet",
  },
});

/** Smallest prefix (largest network) per cloud: AWS VPC blocks are /16 to /28 (VPC user guide, read 2026-10). */
const MIN_NETWORK_PREFIX: { readonly [c in Cloud]: { readonly prefix: number; readonly why: string } } = Object.freeze({
  aws: { prefix: 16, why: " (AWS VPCs are at most /16)" },
  gcp: { prefix: 8, why: "" },
  azure: { prefix: 8, why: "" },
});
/** A /24 holds 256 addresses, split across zones, nodes and (on AWS) pods: anything smaller cannot hold a GPU cluster. */
const MAX_NETWORK_PREFIX = 24;

/** RFC 1918 private ranges (and RFC 6598 shared space, which clouds also accept for VPCs). */
function isPrivate(cidr: Cidr): boolean {
  return ["private", "carrierGradeNat"].includes(ipaddr.parse(cidr.network).range());
}

/** `network: { cidr | existingSubnetIds }`. */
export function checkNetwork(value: unknown, path: string, cloud: Cloud | undefined, region: string | undefined, out: Problems): ValidSpec["network"] | undefined {
  if (value === undefined || value === null) return { cidr: DEFAULT_NETWORK_CIDR };
  const before = out.count;
  const n = readMapping(value, path, "the cluster network", NETWORK_FIELDS, out);
  if (n === undefined) return undefined;
  const cidrText = readField(n, "cidr");
  const subnetsGiven = readField(n, "existingSubnetIds") !== undefined;
  if (cidrText !== undefined && subnetsGiven) {
    out.error(at(path, "cidr"), "cannot be set with existingSubnetIds: the package either creates a network with this range or uses your subnets; keep one");
  }
  let cidr = DEFAULT_NETWORK_CIDR;
  if (cidrText !== undefined) {
    cidr = checkNetworkCidr(cidrText, at(path, "cidr"), cloud, out) ?? cidr;
  }
  const subnets = subnetsGiven ? checkExistingSubnets(n, path, cloud, region, out) : undefined;
  if (out.count !== before) return undefined;
  return subnets === undefined ? { cidr } : { cidr, existingSubnetIds: subnets };
}

function checkNetworkCidr(value: unknown, path: string, cloud: Cloud | undefined, out: Problems): string | undefined {
  if (typeof value !== "string") {
    out.error(path, `must be an IPv4 CIDR block like "${DEFAULT_NETWORK_CIDR}", got ${show(value)}`);
    return undefined;
  }
  const parsed = parseCidr(value);
  if (!parsed.ok) {
    out.error(path, parsed.message);
    return undefined;
  }
  const { prefix: min, why } = cloud === undefined ? { prefix: 8, why: "" } : MIN_NETWORK_PREFIX[cloud];
  if (parsed.value.family !== "ipv4" || parsed.value.prefix < min || parsed.value.prefix > MAX_NETWORK_PREFIX) {
    out.error(path, `must be an IPv4 block from /${min} to /${MAX_NETWORK_PREFIX}${why}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  if (!isPrivate(parsed.value)) {
    out.warn(path, `${value} is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): traffic to the real owners of those addresses would stay inside the network`);
  }
  return value;
}

function checkExistingSubnets(n: Readonly<Record<string, unknown>>, path: string, cloud: Cloud | undefined, region: string | undefined, out: Problems): string[] | undefined {
  const list = readStringList(n, "existingSubnetIds", path, out, { nonEmpty: "give the subnets to use, or remove existingSubnetIds to create a network" });
  if (list === undefined || cloud === undefined) return list;
  const rule = EXISTING_SUBNETS[cloud];
  const p = at(path, "existingSubnetIds");
  const before = out.count;
  list.forEach((id, i) => {
    if (!rule.pattern.test(id)) out.error(at(p, i), `must be ${withArticle(cloud)} subnet ID like "${rule.example}", got ${JSON.stringify(id)}`);
    const inRegion = rule.region?.exec(id)?.[1];
    if (inRegion !== undefined && region !== undefined && inRegion !== region) {
      out.error(at(p, i), `is in region ${inRegion}, but the cluster is in ${region}; use a subnetwork of ${region}`);
    }
  });
  if (list.length < rule.min || list.length > rule.max) {
    const count = rule.min === rule.max ? `exactly ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    out.error(p, `must list ${count} subnet${rule.max === 1 ? "" : "s"} (${rule.why}), got ${list.length}`);
  }
  if (new Set(list).size !== list.length) out.error(p, "lists a subnet twice; list each once");
  return out.count === before ? list : undefined;
}
