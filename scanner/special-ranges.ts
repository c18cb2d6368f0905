// Address space that is not public unicast (IANA special-purpose registries, RFC 6890 and successors).
// A chat bot that launches masscan must never be pointed at these unless an admin says so (SCOPE_ALLOW).
// IPv6: everything outside global unicast 2000::/3 is refused, plus the special blocks inside it —
// including the ones that embed IPv4 addresses (6to4, Teredo, NAT64), which would bypass the IPv4 policy.
import { parseAddressRange, type AddressRange } from './address-ranges.js';

export interface SpecialRange extends AddressRange {
  /** What the block is, for messages: "private", "loopback", … */
  kind: string;
}

const TABLE: Array<[string, string]> = [
  ['0.0.0.0', 'unspecified'],
  ['0.0.0.0/8', '"this network" (reserved)'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT (shared address space)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments (reserved)'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay anycast (reserved)'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::ffff:0:0/96', 'IPv4-mapped'],
  ['64:ff9b::/96', 'NAT64 translation (embeds IPv4)'],
  ['64:ff9b:1::/48', 'NAT64 local-use translation'],
  ['100::/64', 'discard-only'],
  ['2001::/23', 'IETF protocol assignments (Teredo, ORCHID, …)'],
  ['2001:db8::/32', 'documentation'],
  ['2002::/16', '6to4 (embeds IPv4)'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'SRv6 SIDs (reserved)'],
  ['fc00::/7', 'unique local (ULA, private)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
  // The complement of global unicast 2000::/3.
  ['::/3', 'reserved (outside global unicast 2000::/3)'],
  ['4000::/2', 'reserved (outside global unicast 2000::/3)'],
  ['8000::/1', 'reserved (outside global unicast 2000::/3)'],
];

export const SPECIAL_RANGES: readonly SpecialRange[] = TABLE.map(([cidr, kind]) => ({ ...parseAddressRange(cidr), kind }));

/**
 * The special blocks that overlap the range, most specific only: a block is left out when it contains
 * another overlapping block (fe80::1 is "link-local", not also "reserved").
 */
export function specialRangesOverlapping(range: AddressRange): SpecialRange[] {
  const hits = SPECIAL_RANGES.filter(
    (s) => s.family === range.family && s.first <= range.last && range.first <= s.last,
  );
  return hits.filter(
    (outer) => !hits.some((inner) => inner !== outer && outer.first <= inner.first && inner.last <= outer.last && !(inner.first === outer.first && inner.last === outer.last)),
  );
}

/** True when the single address is public unicast (no special block contains it). */
export function isPublicAddress(range: AddressRange): boolean {
  return !SPECIAL_RANGES.some((s) => s.family === range.family && s.first <= range.last && range.first <= s.last);
}
