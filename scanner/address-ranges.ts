// Address arithmetic for targets and scope: parses an IP address or CIDR strictly (four-part decimal IPv4
// only, so `010.0.0.1` or `127.1` cannot sneak past as octal or short forms) into an inclusive range of
// integers, and answers the containment and coverage questions the safety policy asks.
import ipaddr from 'ipaddr.js';
import { ScannerError } from './errors.js';

export interface AddressRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
  prefix: number;
  /** Canonical text: `203.0.113.5` for a single address, else `203.0.113.0/28`, `2001:db8::/120`. */
  text: string;
}

const EXAMPLE = 'e.g. 203.0.113.10, 203.0.113.0/28 or 2001:db8::/120';

function invalid(text: string, why: string): ScannerError {
  return new ScannerError('TARGET_INVALID', `"${text}" is not a valid target: ${why} (${EXAMPLE}).`);
}

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function fromBigInt(value: bigint, family: 4 | 6): string {
  const length = family === 4 ? 4 : 16;
  const bytes: number[] = new Array<number>(length);
  for (let i = length - 1; i >= 0; i -= 1) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

function parseAddress(text: string, whole: string): ipaddr.IPv4 | ipaddr.IPv6 {
  if (text.includes('%')) throw invalid(whole, 'zone ids (%eth0) are not accepted');
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) throw invalid(whole, 'not an IPv6 address');
    return ipaddr.IPv6.parse(text);
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const hint = /[a-z]/i.test(text) ? 'host names are not resolved, give the address' : 'not a four-part IPv4 address';
    throw invalid(whole, hint);
  }
  return ipaddr.IPv4.parse(text);
}

/**
 * Parses `a.b.c.d`, `a.b.c.d/n`, `v6` or `v6/n`. Host bits set in a CIDR are an error naming the network,
 * unless `maskHostBits` (for admin lists, where `10.0.0.5/8` has always meant 10.0.0.0/8).
 */
export function parseAddressRange(input: string, options: { maskHostBits?: boolean } = {}): AddressRange {
  const text = input.trim();
  if (text === '') throw invalid(input, 'it is empty');
  if (text.length > 100) throw invalid(`${text.slice(0, 40)}…`, 'it is too long');
  const slash = text.indexOf('/');
  const address = parseAddress(slash === -1 ? text : text.slice(0, slash), text);
  const family: 4 | 6 = address.kind() === 'ipv4' ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      throw invalid(text, `the prefix length must be a number from 0 to ${bits}`);
    }
    prefix = Number(prefixText);
  }
  const value = toBigInt(address.toByteArray());
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const first = value & ~hostMask;
  if (value !== first && !options.maskHostBits) {
    const network = `${fromBigInt(first, family)}/${prefix}`;
    throw new ScannerError(
      'TARGET_INVALID',
      `"${text}" has host bits set: the network of that CIDR is ${network}. Write ${network}, or the single address ${address.toString()}.`,
    );
  }
  const canonical = fromBigInt(first, family);
  return { family, first, last: first | hostMask, prefix, text: prefix === bits ? canonical : `${canonical}/${prefix}` };
}

/** Like parseAddressRange but for admin lists (config, scope): undefined instead of throwing. */
export function tryParseAddressRange(text: string, options: { maskHostBits?: boolean } = {}): AddressRange | undefined {
  try {
    return parseAddressRange(text, options);
  } catch {
    return undefined;
  }
}

export function sizeOf(range: AddressRange): bigint {
  return range.last - range.first + 1n;
}

export function contains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlaps(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** True when every address of [first, last] of the family lies in the union of `cover`. */
export function isCovered(family: 4 | 6, first: bigint, last: bigint, cover: AddressRange[]): boolean {
  const pieces = cover
    .filter((c) => c.family === family && c.last >= first && c.first <= last)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = first;
  for (const piece of pieces) {
    if (piece.first > next) return false;
    if (piece.last >= next) next = piece.last + 1n;
    if (next > last) return true;
  }
  return next > last;
}
