// Turns what a user typed as TARGETS into validated, de-duplicated address ranges, applying the safety
// policy of DESIGN §4 before any packet can be sent: public unicast only unless SCOPE_ALLOW covers it,
// nothing entirely inside SCOPE_DENY, and a cap on how many addresses one scan may cover.
import {
  isCovered,
  parseAddressRange,
  sizeOf,
  tryParseAddressRange,
  type AddressRange,
} from './address-ranges.js';
import { ScannerError } from './errors.js';
import { specialRangesOverlapping } from './special-ranges.js';
import type { TargetRange } from './types.js';

export interface TargetPolicy {
  allow: string[];
  deny: string[];
  maxAddresses?: number;
}

/** A /16: the most addresses one scan may cover unless the policy says otherwise. */
export const DEFAULT_MAX_ADDRESSES = 65_536;
/** IPv6 prefixes shorter than this are refused whatever the cap (a /112 is 65,536 addresses). */
export const MIN_IPV6_PREFIX = 112;

const number = (n: bigint | number): string => n.toLocaleString('en-US');

/** SCOPE_ALLOW / SCOPE_DENY entries; `10.0.0.5/8` counts as 10.0.0.0/8, as core/config accepted it. */
function parsePolicyList(items: string[]): AddressRange[] {
  return items.map((item) => tryParseAddressRange(item, { maskHostBits: true })).filter((r): r is AddressRange => r !== undefined);
}

function ipv4Of(mapped: AddressRange): string {
  const v = Number(mapped.first & 0xffffffffn);
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

function refuseIfSpecial(range: AddressRange, allow: AddressRange[], written: string): void {
  const uncovered = specialRangesOverlapping(range).filter((special) => {
    const first = special.first > range.first ? special.first : range.first;
    const last = special.last < range.last ? special.last : range.last;
    return !isCovered(range.family, first, last, allow);
  });
  if (uncovered.length === 0) return;
  const kinds = uncovered.slice(0, 3).map((s) => `${s.kind} (${s.text})`);
  const more = uncovered.length > 3 ? ` and ${uncovered.length - 3} more` : '';
  const single = range.prefix === (range.family === 4 ? 32 : 128);
  const why = single ? `it is ${kinds[0]} address space` : `it includes ${kinds.join(', ')}${more} address space`;
  const mapped = uncovered.some((s) => s.kind === 'IPv4-mapped') && single
    ? ` Write IPv4 targets as IPv4 addresses (${ipv4Of(range)}).`
    : '';
  throw new ScannerError(
    'TARGET_REFUSED',
    `Target ${written} is refused: ${why}, and only public unicast addresses may be scanned.${mapped} If this network is yours to scan, ask an admin to add it to SCOPE_ALLOW.`,
  );
}

function refuseIfDenied(range: AddressRange, deny: AddressRange[]): void {
  if (!isCovered(range.family, range.first, range.last, deny)) return;
  const by = deny.filter((d) => d.family === range.family && d.first <= range.last && range.first <= d.last);
  throw new ScannerError(
    'TARGET_REFUSED',
    `Target ${range.text} is refused: it lies inside SCOPE_DENY (${by.map((d) => d.text).join(', ')}), which may never be scanned. Ask an admin if the exclusion is wrong.`,
  );
}

function refuseIfTooLarge(range: AddressRange, max: bigint): void {
  if (range.family === 6 && range.prefix < MIN_IPV6_PREFIX) {
    throw new ScannerError(
      'TARGETS_TOO_LARGE',
      `Target ${range.text} is too large: IPv6 prefixes must be /${MIN_IPV6_PREFIX} or longer (at most ${number(2 ** (128 - MIN_IPV6_PREFIX))} addresses). Split it into smaller ranges.`,
    );
  }
  if (sizeOf(range) > max) {
    throw new ScannerError(
      'TARGETS_TOO_LARGE',
      `Target ${range.text} covers ${number(sizeOf(range))} addresses; one scan may cover at most ${number(max)}. Split it into smaller ranges, each scan covering at most ${number(max)} addresses.`,
    );
  }
}

/** Keeps each address once: drops duplicates and ranges nested in another target (CIDRs nest or are apart). */
function removeNested(ranges: AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) =>
    a.family !== b.family ? a.family - b.family : a.first < b.first ? -1 : a.first > b.first ? 1 : a.prefix - b.prefix,
  );
  const kept: AddressRange[] = [];
  for (const range of sorted) {
    const last = kept[kept.length - 1];
    if (last && last.family === range.family && range.last <= last.last) continue;
    kept.push(range);
  }
  const order = new Map(ranges.map((r, i) => [r, i]));
  return kept.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

/**
 * Parses comma- (or space-) separated IPv4/IPv6 addresses and CIDRs and applies the policy. Throws a
 * ScannerError (TARGET_INVALID, TARGET_REFUSED, TARGETS_TOO_LARGE) that names the target, why, and what to do.
 */
export function parseTargets(text: string, policy: TargetPolicy): TargetRange[] {
  const items = text.split(/[\s,]+/).filter((item) => item !== '');
  if (items.length === 0) {
    throw new ScannerError('TARGET_INVALID', 'No targets given: write IP addresses or CIDRs separated by commas, e.g. 203.0.113.10,203.0.113.64/28.');
  }
  const max = BigInt(Math.max(1, Math.floor(policy.maxAddresses ?? DEFAULT_MAX_ADDRESSES)));
  const allow = parsePolicyList(policy.allow);
  const deny = parsePolicyList(policy.deny);
  const ranges = items.map((item) => parseAddressRange(item));
  for (const [i, range] of ranges.entries()) {
    refuseIfSpecial(range, allow, items[i] ?? range.text);
    refuseIfDenied(range, deny);
    refuseIfTooLarge(range, max);
  }
  const unique = removeNested(ranges);
  const total = unique.reduce((sum, r) => sum + sizeOf(r), 0n);
  if (total > max) {
    throw new ScannerError(
      'TARGETS_TOO_LARGE',
      `The targets cover ${number(total)} addresses in total; one scan may cover at most ${number(max)}. Split them into several scans.`,
    );
  }
  return unique.map((r) => ({ cidr: r.text, family: r.family, size: sizeOf(r) }));
}

/** The targets as the tools take them: one address or CIDR per item. */
export function formatTargets(ranges: TargetRange[]): string[] {
  return ranges.map((r) => r.cidr);
}
