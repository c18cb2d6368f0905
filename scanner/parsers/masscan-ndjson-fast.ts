// The hot path of masscan NDJSON: reads a line of the exact shape masscan writes,
//   {"ip":"…","timestamp":"…","port":N,"proto":"tcp","rec_type":"status","data":{"status":"open","reason":"…","ttl":N}}
//   {"ip":"…","timestamp":"…","port":N,"proto":"tcp","rec_type":"banner","data":{"service_name":"…","banner":"…"}}
// straight from the bytes (typed-array reads: no decoding, no JSON.parse, and for a port already seen no
// allocation at all). Every byte of the line is checked against that shape, so the line's end is found
// on the way; any other line (another key order, whitespace, IPv6, odd numbers, bad escapes, a line cut
// short) is refused and the caller reads it with JSON.parse. A test requires both paths to agree.
import type { MasscanPortTable } from './masscan-ports.js';

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const IP = bytesOf('{"ip":"');
const TIMESTAMP = bytesOf('","timestamp":"');
const PORT = bytesOf('","port":');
const TCP = bytesOf(',"proto":"tcp","rec_type":"');
const UDP = bytesOf(',"proto":"udp","rec_type":"');
const STATUS = bytesOf('status","data":{"status":"');
const OPEN_SYN_ACK = bytesOf('open","reason":"syn-ack","ttl":');
const REASON = bytesOf(',"reason":"');
const TTL = bytesOf(',"ttl":');
const BANNER = bytesOf('banner","data":{"service_name":"');
const BANNER_TEXT = bytesOf('","banner":"');
const QUOTE = 34;

/** Buffer's own latin1Slice/utf8Slice (what toString calls after checking its arguments): the hot path's decoders. */
interface SliceDecoders {
  latin1Slice(from: number, to: number): string;
  utf8Slice(from: number, to: number): string;
}
export const latin1 = (b: Buffer, from: number, to: number): string => (b as unknown as SliceDecoders).latin1Slice(from, to);
const utf8 = (b: Buffer, from: number, to: number): string => (b as unknown as SliceDecoders).utf8Slice(from, to);
const BACKSLASH = 92;

/** What the last scan saw (module state, so the hot path allocates nothing). */
let scanEnd = 0;
let sawEscape = false;
let sawHigh = false;
let ipValue = 0;

function has(b: Buffer, at: number, literal: Uint8Array): boolean {
  for (let i = 0; i < literal.length; i++) if (b[at + i] !== literal[i]) return false;
  return true;
}

/** A JSON integer without sign, fraction or leading zero at `at` (≤ 9 digits) with scanEnd after it; -1 if none. */
function numberAt(b: Buffer, at: number): number {
  let value = 0;
  let i = at;
  for (; i < at + 9; i++) {
    const c = b[i] ?? 0;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  scanEnd = i;
  return i === at || (i - at > 1 && b[at] === 48) ? -1 : value;
}

/** A canonical dotted quad ending in a quote at `at`: its closing quote's index, value in ipValue; else -1. */
function ipv4End(b: Buffer, at: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = at; i < at + 16; i++) {
    const c = b[i] ?? 0;
    if (c >= 48 && c <= 57 && digits < 3 && !(digits === 1 && part === 0)) {
      part = part * 10 + (c - 48);
      digits += 1;
      if (part > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      dots += 1;
      part = 0;
      digits = 0;
    } else if (c === QUOTE && dots === 3 && digits > 0) {
      ipValue = value * 256 + part;
      return i;
    } else return -1;
  }
  return -1;
}

/** The closing quote of a string of printable ASCII without escapes starting at `at`; -1 if it is not one. */
function plainEnd(b: Buffer, at: number): number {
  for (let i = at; i < b.length; i++) {
    const c = b[i] as number;
    if (c === QUOTE) return i;
    if (c < 32 || c > 126 || c === BACKSLASH) return -1;
  }
  return -1;
}

/** The closing quote of a JSON string starting at `at` (escapes skipped); -1 at a control byte or the end. */
function stringEnd(b: Buffer, at: number): number {
  sawEscape = false;
  sawHigh = false;
  for (let i = at; i < b.length; i++) {
    const c = b[i] as number;
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      sawEscape = true;
      i += 1;
    } else if (c < 32) return -1;
    else if (c > 127) sawHigh = true;
  }
  return -1;
}

/** The value of the JSON string at [from, to) just scanned by stringEnd; null when its escapes are invalid. */
function stringValue(b: Buffer, from: number, to: number): string | null {
  if (!sawEscape) return sawHigh ? utf8(b, from, to) : latin1(b, from, to);
  try {
    return JSON.parse(utf8(b, from - 1, to + 1)) as string; // with its quotes
  } catch {
    return null;
  }
}

/** Where the next line starts if a line ends at `at` (`\n`, `\r\n` or the end of the block); else -1. */
function lineEnd(b: Buffer, at: number): number {
  if (at === b.length) return at;
  if (b[at] === 10) return at + 1;
  return b[at] === 13 && (at + 1 === b.length || b[at + 1] === 10) ? Math.min(b.length, at + 2) : -1;
}

/** Reads the line starting at `at` into the table; returns where the next line starts, or -1 (not read). */
export function readFastLine(b: Buffer, at: number, table: MasscanPortTable): number {
  if (!has(b, at, IP)) return -1;
  const ipFrom = at + IP.length;
  const ipTo = ipv4End(b, ipFrom);
  if (ipTo === -1 || !has(b, ipTo, TIMESTAMP)) return -1;
  const ip = ipValue;
  const timestampEnd = plainEnd(b, ipTo + TIMESTAMP.length);
  if (timestampEnd === -1 || !has(b, timestampEnd, PORT)) return -1;
  const port = numberAt(b, timestampEnd + PORT.length);
  if (port < 0 || port > 65535) return -1;
  const udp = !has(b, scanEnd, TCP);
  if (udp && !has(b, scanEnd, UDP)) return -1;
  const typeAt = scanEnd + TCP.length;
  if (has(b, typeAt, STATUS)) return readStatus(b, typeAt + STATUS.length, ip, ipFrom, ipTo, port, udp, table);
  if (!has(b, typeAt, BANNER)) return -1;
  const nameFrom = typeAt + BANNER.length;
  const nameTo = stringEnd(b, nameFrom);
  const name = nameTo === -1 ? null : stringValue(b, nameFrom, nameTo);
  if (name === null || !has(b, nameTo, BANNER_TEXT)) return -1;
  const bannerFrom = nameTo + BANNER_TEXT.length;
  const bannerTo = stringEnd(b, bannerFrom);
  if (bannerTo === -1 || b[bannerTo + 1] !== 125 || b[bannerTo + 2] !== 125) return -1;
  const next = lineEnd(b, bannerTo + 3);
  const banner = next === -1 ? null : stringValue(b, bannerFrom, bannerTo);
  if (banner === null) return -1;
  table.bannerV4(ip, b, ipFrom, ipTo, port, udp, name, banner);
  return next;
}

/** The rest of a status line after `"status":"`: the status, optionally `"reason"` and `"ttl"`, then `}}`. */
function readStatus(b: Buffer, at: number, ip: number, ipFrom: number, ipTo: number, port: number, udp: boolean, table: MasscanPortTable): number {
  let open = true;
  let ttl: number;
  if (has(b, at, OPEN_SYN_ACK)) {
    ttl = numberAt(b, at + OPEN_SYN_ACK.length);
  } else {
    const statusEnd = plainEnd(b, at);
    if (statusEnd === -1) return -1;
    open = statusEnd - at === 4 && b[at] === 111 && b[at + 1] === 112 && b[at + 2] === 101 && b[at + 3] === 110;
    scanEnd = statusEnd + 1;
    if (has(b, scanEnd, REASON)) {
      const reasonEnd = plainEnd(b, scanEnd + REASON.length);
      if (reasonEnd === -1) return -1;
      scanEnd = reasonEnd + 1;
    }
    if (has(b, scanEnd, TTL)) ttl = numberAt(b, scanEnd + TTL.length);
    else ttl = 0;
  }
  if (ttl < 0 || b[scanEnd] !== 125 || b[scanEnd + 1] !== 125) return -1;
  const next = lineEnd(b, scanEnd + 2);
  if (next !== -1) table.statusV4(ip, b, ipFrom, ipTo, port, udp, open, ttl);
  return next;
}
