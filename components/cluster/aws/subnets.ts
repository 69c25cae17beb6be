/**
 * How the VPC's address range is cut into subnets. Pure arithmetic on IPv4 CIDRs.
 *
 * With the VPC CNI every pod takes a VPC address, so the private (node and pod) subnets get three
 * quarters of the VPC, one quarter per zone; the public subnets only hold NAT gateways and load
 * balancer interfaces, so they share a sixteenth of the last quarter each. A /16 VPC gives /18
 * private subnets (16,384 addresses per zone) and /22 public ones.
 */

/** VPC prefix bounds: AWS allows /16 to /28; below /20 a zone's pod subnet is under 1,024 addresses. */
export const VPC_PREFIX_MIN = 16;
export const VPC_PREFIX_MAX = 20;

/** Quarters of the VPC for private subnets: at most three zones (one quarter is left for public ones). */
export const MAX_ZONES = 3;

export interface SubnetLayout {
  readonly private: readonly string[];
  readonly public: readonly string[];
}

/** The address as a 32-bit unsigned number; undefined when it is not a dotted quad. */
export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** `[address, prefix]` of a strictly written IPv4 CIDR, or undefined. */
export function parseIpv4Cidr(cidr: string): readonly [number, number] | undefined {
  const m = /^([0-9.]+)\/(0|[1-9][0-9]?)$/.exec(cidr);
  if (!m) return undefined;
  const address = ipv4ToNumber(m[1]);
  const prefix = Number(m[2]);
  if (address === undefined || prefix > 32) return undefined;
  return [address, prefix];
}

/** The network address of a CIDR (host bits cleared), written back as a CIDR. */
export function networkCidr(address: number, prefix: number): string {
  const size = 2 ** (32 - prefix);
  return `${numberToIpv4(Math.floor(address / size) * size)}/${prefix}`;
}

/**
 * Private and public subnet CIDRs for `zones` zones of a VPC. Throws for a CIDR the validation
 * would have rejected (a bug, not bad input).
 */
export function subnetLayout(vpcCidr: string, zones: number): SubnetLayout {
  const parsed = parseIpv4Cidr(vpcCidr);
  if (!parsed || parsed[1] < VPC_PREFIX_MIN || parsed[1] > VPC_PREFIX_MAX || zones < 1 || zones > MAX_ZONES) {
    throw new Error(`subnetLayout: unsupported VPC ${vpcCidr} with ${zones} zone(s); validate the args first`);
  }
  const [address, prefix] = parsed;
  const quarter = 2 ** (32 - prefix - 2);
  const sixteenthOfQuarter = quarter / 16;
  const base = address - (address % (quarter * 4));
  const zoneIndexes = Array.from({ length: zones }, (_, i) => i);
  return {
    private: zoneIndexes.map((i) => `${numberToIpv4(base + i * quarter)}/${prefix + 2}`),
    public: zoneIndexes.map((i) => `${numberToIpv4(base + 3 * quarter + i * sixteenthOfQuarter)}/${prefix + 6}`),
  };
}
