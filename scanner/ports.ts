// The port-spec grammar of `/scan create … ports=SPEC` (DESIGN §4): `80,443,8000-8100`, `!22` exclusions,
// `top100`/`top1000`, `all`, and `U:53`/`T:80` protocol prefixes as masscan writes them. Everything is
// validated here, so the runners only ever see well-formed numeric ranges.
import { ScannerError } from './errors.js';
import {
  countPorts,
  expandPorts as expandRanges,
  formatPortRanges as formatRanges,
  mergeRanges,
  rangesOf,
  subtractRanges,
  type PortRange,
} from './port-ranges.js';
import { topPorts } from './top-ports.js';
import type { PortSpec, Protocol, ProtocolChoice } from './types.js';

const EXAMPLE = 'e.g. ports=80,443,8000-8100,!22 or ports=top100,U:53';
const MAX_SPEC_LENGTH = 20_000;

function invalid(token: string, why: string): ScannerError {
  const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
  return new ScannerError('PORT_SPEC_INVALID', `Invalid port spec "${shown}": ${why} (${EXAMPLE}).`);
}

function parsePort(text: string, token: string): number {
  if (!/^\d{1,5}$/.test(text)) throw invalid(token, `"${text}" is not a port number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw invalid(token, `port ${port} is out of range: ports go from 1 to 65535`);
  return port;
}

function parseBody(body: string, token: string, protocol: Protocol): PortRange[] {
  const keyword = body.toLowerCase();
  if (keyword === 'all') return [[1, 65535]];
  if (keyword === 'top100') return rangesOf(topPorts(protocol, 100));
  if (keyword === 'top1000') return rangesOf(topPorts(protocol, 1000));
  const dash = body.indexOf('-');
  if (dash === -1) {
    const port = parsePort(body, token);
    return [[port, port]];
  }
  const first = parsePort(body.slice(0, dash), token);
  const last = parsePort(body.slice(dash + 1), token);
  if (first > last) throw invalid(token, `the range is backwards, write ${last}-${first}`);
  return [[first, last]];
}

interface Token {
  exclude: boolean;
  protocols: Protocol[];
  body: string;
}

function splitToken(raw: string, choice: ProtocolChoice): Token {
  const token = raw.replace(/\s*([-:])\s*/g, '$1');
  if (token === '') throw invalid(raw, 'empty item between commas');
  if (/\s/.test(token)) throw invalid(token, 'separate ports with commas, not spaces');
  const match = /^(!?)(?:([TtUu]):)?(!?)(.*)$/.exec(token);
  const [, bang1 = '', prefix, bang2 = '', body = ''] = match ?? [];
  if (bang1 && bang2) throw invalid(token, 'one "!" is enough');
  if (body === '') throw invalid(token, 'no port after the prefix');
  const byChoice: Protocol[] = choice === 'both' ? ['tcp', 'udp'] : [choice];
  const protocols: Protocol[] = prefix ? [prefix.toUpperCase() === 'U' ? 'udp' : 'tcp'] : byChoice;
  return { exclude: Boolean(bang1 || bang2), protocols, body };
}

/**
 * Parses a port spec. Plain tokens get the protocol choice (`udp` → UDP, `both` → TCP and UDP); `T:`/`U:`
 * prefixes override it. Throws ScannerError PORT_SPEC_INVALID naming the offending token.
 */
export function parsePortSpec(text: string, protocol: ProtocolChoice = 'tcp'): PortSpec {
  if (text.length > MAX_SPEC_LENGTH) throw invalid(text, `the spec is longer than ${MAX_SPEC_LENGTH} characters; use ranges`);
  const raw = text.trim().split(',').map((t) => t.trim());
  if (raw.length === 1 && raw[0] === '') throw invalid(text, 'no ports given');
  const include: Record<Protocol, PortRange[]> = { tcp: [], udp: [] };
  const exclude: Record<Protocol, PortRange[]> = { tcp: [], udp: [] };
  for (const item of raw) {
    if (item === '' && raw.length > 1) continue; // a trailing or doubled comma
    const token = splitToken(item, protocol);
    for (const proto of token.protocols) {
      const into = (token.exclude ? exclude : include)[proto];
      for (const range of parseBody(token.body, item, proto)) into.push(range);
    }
  }
  const excluded = { tcp: mergeRanges(exclude.tcp), udp: mergeRanges(exclude.udp) };
  const tcp = subtractRanges(mergeRanges(include.tcp), excluded.tcp);
  const udp = subtractRanges(mergeRanges(include.udp), excluded.udp);
  if (tcp.length === 0 && udp.length === 0) {
    const why = include.tcp.length + include.udp.length === 0 ? 'it only excludes ports, add the ports to scan' : 'the exclusions remove every port';
    throw invalid(text.trim(), why);
  }
  return { tcp, udp, excluded, source: text.trim() };
}

/** How many port probes per address the spec means (TCP and UDP counted separately). */
export function portCount(spec: PortSpec): number {
  return countPorts(spec.tcp) + countPorts(spec.udp);
}

/** `80,443,8000-8100`, for nmap -p and masscan -p. */
export function formatPortRanges(ranges: Array<[number, number]>): string {
  return formatRanges(ranges);
}

/** Every port of the ranges, ascending when the ranges are merged. */
export function expandPorts(ranges: Array<[number, number]>): number[] {
  return expandRanges(ranges);
}
