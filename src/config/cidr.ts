/** IPv4 CIDR arithmetic for the network plan: enough to prove containment and non-overlap. */

export interface CidrRange {
  readonly cidr: string;
  /** First address as an unsigned 32-bit integer. */
  readonly first: number;
  /** Last address as an unsigned 32-bit integer. */
  readonly last: number;
}

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
/**
 * Octets 0-255 and prefixes 0-32, without leading zeros: Go's net.ParseCIDR (Terraform's AWS provider, the API
 * server's ipBlock validation) refuses `10.010.0.0/16`, and `0.0.0.0/00`, the whole internet too, must not slip past
 * the public endpoint rule. RE2-compatible, as it is also the JSON Schema pattern helm checks values against.
 */
export const IPV4_CIDR_PATTERN = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?[0-9])$`);

/** Parses `a.b.c.d/n`; returns undefined for anything that is not a canonical IPv4 CIDR block. */
export function parseCidr(cidr: string): CidrRange | undefined {
  const match = IPV4_CIDR_PATTERN.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  // Host bits must be zero: 10.0.1.5/24 is almost always a typo for 10.0.1.0/24.
  if (address % size !== 0) return undefined;
  return { cidr, first: address, last: address + size - 1 };
}

export function isCanonicalCidr(cidr: string): boolean {
  return parseCidr(cidr) !== undefined;
}

export function cidrContains(outer: CidrRange, inner: CidrRange): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

export function cidrsOverlap(a: CidrRange, b: CidrRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** The `index`-th block of prefix length `prefix` inside `outer`: subnetOf(10.1.0.0/16, 24, 3) is 10.1.3.0/24. */
export function subnetOf(outer: CidrRange, prefix: number, index: number): string {
  const size = 2 ** (32 - prefix);
  const first = outer.first + index * size;
  if (first + size - 1 > outer.last) throw new Error(`${outer.cidr} has no ${index}-th /${prefix}`);
  return `${formatAddress(first)}/${prefix}`;
}

/** Prefix length of a CIDR block. */
export function prefixLength(range: CidrRange): number {
  return 32 - Math.log2(range.last - range.first + 1);
}
