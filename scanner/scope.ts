// The registered scope (`/scan scope add CIDR`): every target must lie entirely inside one of its CIDRs.
// Pure functions so the scope service and the tests share one definition of "inside".
import { isCovered, parseAddressRange, tryParseAddressRange, type AddressRange } from './address-ranges.js';
import type { TargetRange } from './types.js';

/**
 * Canonical form of an address or CIDR (`203.0.113.0/24`, `2001:db8::/64`; a single address gets its
 * full-length prefix, `203.0.113.5/32`). Throws ScannerError TARGET_INVALID, e.g. when host bits are set.
 */
export function normaliseCidr(text: string): string {
  const range = parseAddressRange(text);
  return `${range.text.split('/')[0]}/${range.prefix}`;
}

/**
 * True when every address of the target lies inside the scope: inside one scope CIDR, or (a /23 target
 * with two adjacent /24s in scope) inside their union. Unparseable scope entries cover nothing.
 */
export function isInsideScope(target: TargetRange, scope: string[]): boolean {
  const range = tryParseAddressRange(target.cidr);
  if (!range) return false;
  const cover = scope.map((entry) => tryParseAddressRange(entry)).filter((r): r is AddressRange => r !== undefined);
  return isCovered(range.family, range.first, range.last, cover);
}
