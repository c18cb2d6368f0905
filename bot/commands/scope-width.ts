// Why adding a wide range to the scope needs `confirm=yes`: the scope is what every scan may target, so
// `/scan scope add 0.0.0.0/0` would let any operator aim masscan at the whole internet. A range larger than
// one scan may cover (a /16 of IPv4, a /48 of IPv6) is refused without confirm=yes, with the reason: how
// many addresses it holds and which special-purpose space (private, loopback, …) it contains.
import { sizeOf, tryParseAddressRange } from '../../scanner/address-ranges.js';
import { specialRangesOverlapping } from '../../scanner/special-ranges.js';

/** Prefixes shorter than these need confirm=yes. */
export const SCOPE_CONFIRM_PREFIX = { 4: 16, 6: 48 } as const;

/** The reason a range needs confirmation, or null when it is narrow enough (or not a range at all). */
export function wideScopeReason(cidr: string): string | null {
  const range = tryParseAddressRange(cidr, { maskHostBits: true });
  if (!range || range.prefix >= SCOPE_CONFIRM_PREFIX[range.family]) return null;
  const size = sizeOf(range);
  const whole = range.prefix === 0 ? ` — the whole IPv${range.family} address space` : '';
  const count = range.family === 4 ? `${size.toLocaleString('en-US')} addresses` : `2^${128 - range.prefix} addresses`;
  const special = [...new Set(specialRangesOverlapping(range).map((s) => s.kind))];
  const inside = special.length > 0 ? ` It includes ${special.slice(0, 4).join(', ')}${special.length > 4 ? ' and other' : ''} address space, which targets may only use when SCOPE_ALLOW covers it.` : '';
  const limit = `/${SCOPE_CONFIRM_PREFIX[range.family]}`;
  return `${range.text} is ${count}${whole}, wider than a ${limit}: once in the scope, any operator may scan anything inside it.${inside} If that is what you mean, add confirm=yes.`;
}
