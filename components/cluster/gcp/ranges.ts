/**
 * How the GKE cluster divides `network.cidr` between nodes, pods, services and the control plane.
 * Pure IPv4 arithmetic, so validation can check the sizes before any resource exists.
 *
 * For a /16 (the default 10.0.0.0/16):
 *   pods      10.0.0.0/17    first half: a /24 per node (below), room for 128 nodes
 *   nodes     10.0.128.0/19  primary range of the subnetwork
 *   services  10.0.160.0/20  4096 ClusterIPs
 *   master    10.0.255.240/28 the control plane's private endpoint (VPC peering), outside the subnet
 */
import ipaddr from "ipaddr.js";

/**
 * GKE gives each node a /24 of the pod range when nodes run up to 110 pods, GKE's default
 * (cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr, read 2026-11).
 */
export const POD_RANGE_PREFIX_PER_NODE = 24;

/** The widest and narrowest `network.cidr` the carving supports: a /18 still leaves 32 nodes. */
export const MIN_NETWORK_PREFIX = 8;
export const MAX_NETWORK_PREFIX = 18;

/** The control plane's range must be a /28 (GKE private clusters with VPC peering). */
export const MASTER_PREFIX = 28;

export interface GkeRanges {
  readonly nodes: string;
  readonly pods: string;
  readonly services: string;
  readonly master: string;
  /** Nodes the pod range can hold at a /24 each. */
  readonly maxNodes: number;
}

/** A parsed IPv4 CIDR: the network address as an unsigned 32-bit number and the prefix. */
export interface Ipv4Cidr {
  readonly base: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/p`; undefined for anything else (IPv6 included). */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) return undefined;
  const [addr, prefix] = ipaddr.IPv4.parseCIDR(text);
  return { base: toNumber(addr.octets), prefix };
}

/** Whether the address has bits set beyond the prefix (`10.0.0.1/8`). */
export function hasHostBits(c: Ipv4Cidr): boolean {
  return (c.base & ~mask(c.prefix)) >>> 0 !== 0;
}

/** The canonical form of a CIDR (host bits cleared). */
export function canonical(c: Ipv4Cidr): string {
  return format({ base: (c.base & mask(c.prefix)) >>> 0, prefix: c.prefix });
}

/** Whether the whole range lies in RFC 1918 private space (10/8, 172.16/12, 192.168/16). */
export function isPrivate(c: Ipv4Cidr): boolean {
  return ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some((p) => contains(parseIpv4Cidr(p)!, c));
}

/** Whether `outer` contains all of `inner`. */
export function contains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && ((inner.base & mask(outer.prefix)) >>> 0) === ((outer.base & mask(outer.prefix)) >>> 0);
}

/** Whether two ranges share an address. */
export function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

/** Nodes a network of this prefix can hold, limited by its pod range. */
export function nodeCapacity(prefix: number): number {
  return 2 ** (POD_RANGE_PREFIX_PER_NODE - (prefix + 1));
}

/** Carves the ranges out of a network CIDR whose prefix is between MIN and MAX_NETWORK_PREFIX. */
export function carveRanges(cidr: string): GkeRanges {
  const c = parseIpv4Cidr(cidr);
  if (c === undefined || c.prefix < MIN_NETWORK_PREFIX || c.prefix > MAX_NETWORK_PREFIX) {
    throw new Error(`carveRanges needs an IPv4 CIDR from /${MIN_NETWORK_PREFIX} to /${MAX_NETWORK_PREFIX}, got "${cidr}" (validate first)`);
  }
  const base = (c.base & mask(c.prefix)) >>> 0;
  const size = 2 ** (32 - c.prefix);
  const half = size / 2;
  return {
    pods: format({ base, prefix: c.prefix + 1 }),
    nodes: format({ base: base + half, prefix: c.prefix + 3 }),
    services: format({ base: base + half + size / 8, prefix: c.prefix + 4 }),
    master: defaultMasterCidr(cidr),
    maxNodes: nodeCapacity(c.prefix),
  };
}

/** The last /28 of a network CIDR (of /28 or wider): the control plane's default range. */
export function defaultMasterCidr(cidr: string): string {
  const c = parseIpv4Cidr(cidr);
  if (c === undefined || c.prefix > MASTER_PREFIX) throw new Error(`defaultMasterCidr needs an IPv4 CIDR of /${MASTER_PREFIX} or wider, got "${cidr}" (validate first)`);
  const base = (c.base & mask(c.prefix)) >>> 0;
  return format({ base: base + 2 ** (32 - c.prefix) - 2 ** (32 - MASTER_PREFIX), prefix: MASTER_PREFIX });
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function toNumber(octets: readonly number[]): number {
  return octets.reduce((n, o) => n * 256 + o, 0);
}

function format(c: Ipv4Cidr): string {
  const o = [24, 16, 8, 0].map((s) => Math.floor(c.base / 2 ** s) % 256);
  return `${o.join(".")}/${c.prefix}`;
}
