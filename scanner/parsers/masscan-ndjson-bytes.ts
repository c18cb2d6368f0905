// Byte-level scanners for the masscan NDJSON hot path (masscan-ndjson-fast.ts): fixed pieces, JSON integers,
// dotted quads and JSON strings read straight from a Buffer with typed-array reads, the results of a scan
// left in module state so nothing is allocated per line.

const QUOTE = 34;
const BACKSLASH = 92;

/** A fixed piece of masscan's line, as bytes. */
export const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

/** Buffer's own latin1Slice/utf8Slice (what toString calls after checking its arguments): the hot path's decoders. */
interface SliceDecoders {
  latin1Slice(from: number, to: number): string;
  utf8Slice(from: number, to: number): string;
}
export const latin1 = (b: Buffer, from: number, to: number): string => (b as unknown as SliceDecoders).latin1Slice(from, to);
export const utf8 = (b: Buffer, from: number, to: number): string => (b as unknown as SliceDecoders).utf8Slice(from, to);

/** What the last scan saw (module state, so the hot path allocates nothing). */
export const scan = { end: 0, escape: false, high: false, ipValue: 0 };

export function has(b: Buffer, at: number, literal: Uint8Array): boolean {
  for (let i = 0; i < literal.length; i++) if (b[at + i] !== literal[i]) return false;
  return true;
}

/** A JSON integer without sign, fraction or leading zero at `at` (≤ 9 digits) with scan.end after it; -1 if none. */
export function numberAt(b: Buffer, at: number): number {
  let value = 0;
  let i = at;
  for (; i < at + 9; i++) {
    const c = b[i] ?? 0;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  scan.end = i;
  return i === at || (i - at > 1 && b[at] === 48) ? -1 : value;
}

/** A canonical dotted quad ending in a quote at `at`: its closing quote's index, value in scan.ipValue; else -1. */
export function ipv4End(b: Buffer, at: number): number {
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
      scan.ipValue = value * 256 + part;
      return i;
    } else return -1;
  }
  return -1;
}

/** The closing quote of a string of printable ASCII without escapes starting at `at`; -1 if it is not one. */
export function plainEnd(b: Buffer, at: number): number {
  for (let i = at; i < b.length; i++) {
    const c = b[i] as number;
    if (c === QUOTE) return i;
    if (c < 32 || c > 126 || c === BACKSLASH) return -1;
  }
  return -1;
}

/** The closing quote of a JSON string starting at `at` (escapes skipped); -1 at a control byte or the end. */
export function stringEnd(b: Buffer, at: number): number {
  scan.escape = false;
  scan.high = false;
  for (let i = at; i < b.length; i++) {
    const c = b[i] as number;
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      scan.escape = true;
      i += 1;
    } else if (c < 32) return -1;
    else if (c > 127) scan.high = true;
  }
  return -1;
}

/** The value of the JSON string at [from, to) just scanned by stringEnd; null when its escapes are invalid. */
export function stringValue(b: Buffer, from: number, to: number): string | null {
  if (!scan.escape) return scan.high ? utf8(b, from, to) : latin1(b, from, to);
  try {
    return JSON.parse(utf8(b, from - 1, to + 1)) as string; // with its quotes
  } catch {
    return null;
  }
}

/** Where the next line starts if a line ends at `at` (`\n`, `\r\n` or the end of the block); else -1. */
export function lineEnd(b: Buffer, at: number): number {
  if (at === b.length) return at;
  if (b[at] === 10) return at + 1;
  return b[at] === 13 && (at + 1 === b.length || b[at + 1] === 10) ? Math.min(b.length, at + 2) : -1;
}
