/**
 * IPv4 address space the internet never routes: what a public endpoint never sees as a source, and
 * what the networks behind an internal load balancer are built from. Pure: the cluster validators
 * and the Kubernetes layer read it without importing Pulumi.
 */
import ipaddr from "ipaddr.js";

export interface PrivateRange {
  readonly cidr: string;
  /** Where the range is reserved: RFC 1918 §3 (private internets), RFC 6598 §7 (shared address space). */
  readonly rfc: "RFC 1918" | "RFC 6598";
}

/**
 * RFC 1918's three private blocks and RFC 6598's shared block (100.64.0.0/10, meant for carrier-grade
 * NAT, which AWS, Google Cloud and Azure also accept as VPC/VNet space). ipaddr.js 2.x names the same
 * blocks "private" and "carrierGradeNat" in `IPv4.prototype.SpecialRanges`.
 */
export const PRIVATE_IPV4_RANGES: readonly PrivateRange[] = Object.freeze([
  Object.freeze({ cidr: "10.0.0.0/8", rfc: "RFC 1918" as const }),
  Object.freeze({ cidr: "172.16.0.0/12", rfc: "RFC 1918" as const }),
  Object.freeze({ cidr: "192.168.0.0/16", rfc: "RFC 1918" as const }),
  Object.freeze({ cidr: "100.64.0.0/10", rfc: "RFC 6598" as const }),
]);

/**
 * The private or shared range that holds all of an IPv4 CIDR; undefined for a range with public
 * addresses in it, or for text that is not an IPv4 CIDR (other checks report that).
 */
export function privateRangeOf(cidr: string): PrivateRange | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return undefined;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const kind = address.range();
  if (kind !== "private" && kind !== "carrierGradeNat") return undefined;
  return PRIVATE_IPV4_RANGES.find((r) => {
    const [base, bits] = ipaddr.IPv4.parseCIDR(r.cidr);
    return prefix >= bits && address.match(base, bits);
  });
}

/**
 * The private address space plus any of `extra` it does not already hold, in that order and without
 * repeats: the networks an internal load balancer's clients can be in when the cloud's own ranges
 * might use public addresses privately.
 */
export function privateSpaceWith(extra: readonly string[]): string[] {
  const out = PRIVATE_IPV4_RANGES.map((r) => r.cidr);
  for (const cidr of extra) if (privateRangeOf(cidr) === undefined && !out.includes(cidr)) out.push(cidr);
  return out;
}
