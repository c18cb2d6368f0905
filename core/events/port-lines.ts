// Open ports in one compact text form, shared by a scanner's result stream and PostgreSQL's COPY: one line
// per port holding the columns of open_ports after run_id (ip, port, protocol, state, service, product,
// version, banner, ttl, scripts, cpes) in COPY's text format, tab-separated, lines joined by \n (a batch may come
// in several parts, each of whole lines). A scanner
// encodes its ports this way (encodePortLine); ingest checks every line as hostile input (checkPortLines:
// field count, types, sizes, and only the escapes COPY reads as plain text) and hands the checked lines to
// COPY as they are, prefixed with the run id (db/repositories/result-batch.repository.ts upsertPortLines).
// No object per port on either side, no JSON of a million ports. The scanner side imports this file, so it
// imports nothing of db/ (DESIGN.md §9): COPY's escaping is written out here.
import { isIP } from 'node:net';

/** The sizes a stored port may have (characters, after COPY's escapes are read). */
export const PORT_LIMITS = { ip: 64, state: 32, service: 200, product: 500, version: 500, banner: 20_000, scriptKey: 200, scriptValue: 20_000, scripts: 50, cpe: 200, cpes: 16 } as const;

export interface PortLineInput {
  ip: string;
  port: number;
  protocol: string;
  state: string;
  service?: string | null | undefined;
  product?: string | null | undefined;
  version?: string | null | undefined;
  banner?: string | null | undefined;
  ttl?: number | null | undefined;
  scripts?: Record<string, string> | null | undefined;
  /** Service detection's CPE names (`cpe:/a:openbsd:openssh:8.9p1`), what CVE matching reads first. */
  cpes?: readonly string[] | null | undefined;
}

/**
 * Checked port lines of one batch, ready for COPY: `parts` of whole lines joined by \n (as they came, when
 * nothing had to change: no object per line stays in memory), `count` lines in all; `skipped` lines had an
 * address PostgreSQL would refuse.
 */
export interface PortLines {
  readonly parts: readonly string[];
  readonly count: number;
  readonly skipped: number;
}

/** Fields of a line; lines of scanners from before CPEs were shipped have one less (no cpes: stored as NULL). */
const FIELDS = 11;
const FIELDS_WITHOUT_CPES = 10;
/**
 * A CPE name as a line carries it: printable ASCII without the characters that mean something in a
 * PostgreSQL array literal or in COPY text (quote, backslash, braces, comma, whitespace), so the cpes field
 * is checked by a pattern, not parsed. Real CPE names (URI or formatted string binding) never need them.
 */
const CPE_CHARS = `[\\x21\\x23-\\x2b\\x2d-\\x5b\\x5d-\\x7a\\x7c\\x7e]{1,${PORT_LIMITS.cpe}}`;
const CPE_NAME = new RegExp(`^${CPE_CHARS}$`);
const CPES_FIELD = new RegExp(`^\\{"${CPE_CHARS}"(?:,"${CPE_CHARS}"){0,${PORT_LIMITS.cpes - 1}}\\}$`);
const NULL_CPES = '\\N';

/** CPE names as the cpes field: the names a line can carry (at most PORT_LIMITS.cpes), as an array literal; \N for none. */
function cpesField(cpes: readonly string[] | null | undefined): string {
  if (!cpes) return NULL_CPES;
  const kept = cpes.filter((c) => CPE_NAME.test(c)).slice(0, PORT_LIMITS.cpes);
  return kept.length === 0 ? NULL_CPES : `{${kept.map((c) => `"${c}"`).join(',')}}`;
}
// eslint-disable-next-line no-control-regex -- as COPY's text format reads them
const ESCAPES = /[\\\t\n\r\u0000]/g;
const escapeChar = (c: string) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '');
/** A value as a COPY text field: null as \N; backslash, tab, newline and CR escaped; NUL dropped. */
const copyText = (value: string | number | null): string => (value === null ? '\\N' : typeof value === 'number' ? String(value) : value.replace(ESCAPES, escapeChar));
// eslint-disable-next-line no-control-regex -- NUL cannot be stored in text or jsonb, so it is dropped
const NUL = /\u0000/g;
const cut = (value: string | null | undefined, max: number) => (typeof value === 'string' ? (value.length > max ? value.slice(0, max) : value) : null);
const ttlOf = (ttl: number | null | undefined) => (typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 && ttl < 2 ** 31 ? ttl : null);

function scriptsJson(scripts: Record<string, string> | null | undefined, limit: number): string | null {
  if (!scripts) return null;
  const entries = Object.entries(scripts).slice(0, limit).map(([k, v]) => [k.slice(0, PORT_LIMITS.scriptKey).replace(NUL, ''), String(v).slice(0, PORT_LIMITS.scriptValue).replace(NUL, '')]);
  return JSON.stringify(Object.fromEntries(entries));
}

/** One port as a line, each field cut to the size ingest accepts (what a scanner ships). */
export function encodePortLine(p: PortLineInput): string {
  const L = PORT_LIMITS;
  return `${copyText(cut(p.ip, L.ip))}\t${p.port}\t${p.protocol}\t${copyText(cut(p.state, L.state) ?? 'open')}\t${copyText(cut(p.service, L.service))}\t${copyText(cut(p.product, L.product))}\t${copyText(cut(p.version, L.version))}\t${copyText(cut(p.banner, L.banner))}\t${copyText(ttlOf(p.ttl))}\t${copyText(scriptsJson(p.scripts, L.scripts))}\t${cpesField(p.cpes)}`;
}

const NULL_FIELD = '\\N';
const BACKSLASH = 92;

/**
 * The length of the COPY text field line[start, end) once read, or -1 when it holds anything but the
 * escapes \\ \t \n \r (no octal or hex escapes, no \N inside a value, no CR or NUL). Char codes, no slices:
 * a million lines are checked without allocating for their plain fields.
 */
function fieldLength(line: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++, n++) {
    const c = line.charCodeAt(i);
    if (c === 13 || c === 0) return -1;
    if (c === BACKSLASH) {
      const e = line.charCodeAt(i + 1);
      if (i + 1 >= end || (e !== BACKSLASH && e !== 116 && e !== 110 && e !== 114)) return -1;
      i++;
    }
  }
  return n;
}
const isNullAt = (line: string, start: number, end: number) => end - start === 2 && line.charCodeAt(start) === BACKSLASH && line.charCodeAt(start + 1) === 78;
const isTextAt = (line: string, start: number, end: number, max: number) => {
  if (isNullAt(line, start, end)) return false;
  const n = fieldLength(line, start, end);
  return n >= 0 && n <= max;
};
const isOptTextAt = (line: string, start: number, end: number, max: number) => isNullAt(line, start, end) || isTextAt(line, start, end, max);
/** A decimal integer of 1 to 10 digits, at most `max`. */
function isIntAt(line: string, start: number, end: number, max: number): boolean {
  if (end <= start || end - start > 10) return false;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  return n <= max;
}
/** Dotted-quad IPv4 as node:net's isIP accepts it (no leading zeros); anything else goes to isIP. */
function isIPv4At(line: string, start: number, end: number): boolean {
  let parts = 0;
  let i = start;
  while (i < end) {
    const from = i;
    let n = 0;
    while (i < end && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) n = n * 10 + line.charCodeAt(i++) - 48;
    if (i === from || i - from > 3 || n > 255 || (i - from > 1 && line.charCodeAt(from) === 48)) return false;
    parts += 1;
    if (i < end && (line.charCodeAt(i) !== 46 || parts === 4 || i + 1 === end)) return false;
    i += 1;
  }
  return parts === 4;
}

/** Reads a checked COPY text field (\N is null). */
export function readField(f: string): string | null {
  if (f === NULL_FIELD) return null;
  return f.includes('\\') ? f.replace(/\\([\\tnr])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')) : f;
}

/** Scripts as stored: a JSON object of strings within the limits, re-encoded (no NUL, no other JSON); false when not one. */
function checkScripts(f: string): string | false {
  if (f === NULL_FIELD) return f;
  if (fieldLength(f, 0, f.length) < 0) return false;
  let value: unknown;
  try {
    value = JSON.parse(readField(f)!);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  if (!entries.every(([k, v]) => k.length <= PORT_LIMITS.scriptKey && typeof v === 'string' && v.length <= PORT_LIMITS.scriptValue)) return false;
  return copyText(scriptsJson(value as Record<string, string>, Infinity));
}

/** Where the tabs of a line are (reused: checking is synchronous). */
const tabs = new Array<number>(FIELDS).fill(0);

/**
 * Checks one line: the line to store (scripts re-encoded), `skip` when its address is not one PostgreSQL
 * stores, null when it is malformed (then the whole batch is refused, as a malformed message is).
 */
function checkLine(line: string): string | 'skip' | null {
  // tabs[k] is where field k ends; field k starts at tabs[k - 1] + 1.
  let from = 0;
  let fields = FIELDS;
  for (let k = 0; k < FIELDS - 1; k++) {
    const at = line.indexOf('\t', from);
    if (at < 0) {
      if (k !== FIELDS_WITHOUT_CPES - 1) return null;
      fields = FIELDS_WITHOUT_CPES;
      break;
    }
    tabs[k] = at;
    from = at + 1;
  }
  if (fields === FIELDS && line.indexOf('\t', from) >= 0) return null;
  tabs[fields - 1] = line.length;
  const at = (k: number) => (k === 0 ? 0 : tabs[k - 1]! + 1);
  const end = (k: number) => tabs[k]!;
  const L = PORT_LIMITS;
  if (!isTextAt(line, 0, end(0), L.ip) || !isIntAt(line, at(1), end(1), 65535) || end(2) - at(2) !== 3 || !(line.startsWith('tcp', at(2)) || line.startsWith('udp', at(2)))) return null;
  if (!isTextAt(line, at(3), end(3), L.state) || !isOptTextAt(line, at(4), end(4), L.service) || !isOptTextAt(line, at(5), end(5), L.product)) return null;
  if (!isOptTextAt(line, at(6), end(6), L.version) || !isOptTextAt(line, at(7), end(7), L.banner)) return null;
  if (!isNullAt(line, at(8), end(8)) && !isIntAt(line, at(8), end(8), 2 ** 31 - 1)) return null;
  const scripts = isNullAt(line, at(9), end(9)) ? NULL_FIELD : checkScripts(line.slice(at(9), end(9)));
  if (scripts === false) return null;
  if (fields === FIELDS && !isNullAt(line, at(10), end(10)) && !CPES_FIELD.test(line.slice(at(10), end(10)))) return null;
  // An address PostgreSQL's inet refuses (or one with a zone index) is skipped and counted, not stored.
  if (!isIPv4At(line, 0, end(0))) {
    const ip = line.slice(0, end(0));
    if (isIP(ip) === 0 || ip.includes('%')) return 'skip';
  }
  // The usual line (no scripts to re-encode, all fields there) is stored as it came: no new string.
  if (scripts === NULL_FIELD && fields === FIELDS) return line;
  const cpes = fields === FIELDS ? line.slice(end(9)) : `\t${NULL_CPES}`;
  return `${line.slice(0, at(9))}${scripts}${cpes}`;
}

/** Checks `count` lines shipped as parts of whole lines joined by \n; null when anything in them is malformed. */
export function checkPortLines(parts: readonly string[], count: number): PortLines | null {
  const kept: string[] = [];
  let skipped = 0;
  let seen = 0;
  for (const part of parts) {
    // The lines of this part as stored, once one of them differs from what came (skipped, re-encoded).
    let changed: string[] | null = null;
    for (let from = 0, index = 0; from <= part.length; seen++, index++) {
      if (seen >= count) return null;
      const nl = part.indexOf('\n', from);
      const line = part.slice(from, nl < 0 ? part.length : nl);
      from = nl < 0 ? part.length + 1 : nl + 1;
      const checked = checkLine(line);
      if (checked === null) return null;
      if (checked !== line && changed === null) changed = part.split('\n', index);
      if (checked === 'skip') skipped += 1;
      else changed?.push(checked);
    }
    if (changed === null) kept.push(part);
    else if (changed.length > 0) kept.push(changed.join('\n'));
  }
  return seen === count ? { parts: kept, count: count - skipped, skipped } : null;
}

/** About this many characters of lines make one part (a young-generation string; see worker/result-stream.ts). */
export const PORT_PART_CHARS = 32 * 1024;

/** Lines joined into parts of about PORT_PART_CHARS. */
export function joinPortLines(lines: Iterable<string>): string[] {
  const parts: string[] = [];
  let part = '';
  for (const line of lines) {
    part = part === '' ? line : `${part}\n${line}`;
    if (part.length >= PORT_PART_CHARS) {
      parts.push(part);
      part = '';
    }
  }
  if (part !== '') parts.push(part);
  return parts;
}

/** Ports already in memory (an in-process caller, or ports that came as JSON) as checked lines. */
export function portLinesOf(ports: readonly PortLineInput[]): PortLines {
  const lines: string[] = [];
  let skipped = 0;
  for (const p of ports) {
    const checked = Number.isInteger(p.port) && p.port >= 0 && p.port <= 65535 && (p.protocol === 'tcp' || p.protocol === 'udp') ? checkLine(encodePortLine(p)) : 'skip';
    if (checked === null || checked === 'skip') skipped += 1;
    else lines.push(checked);
  }
  return { parts: joinPortLines(lines), count: lines.length, skipped };
}

/** A checked line read back (tests, and readers of the wire). */
export function readPortLine(line: string) {
  const [ip, port, protocol, state, service, product, version, banner, ttl, scripts, cpes] = line.split('\t') as [string, string, string, string, string, string, string, string, string, string, string | undefined];
  const json = readField(scripts);
  return {
    ip, port: Number(port), protocol, state: readField(state)!, service: readField(service), product: readField(product), version: readField(version),
    banner: readField(banner), ttl: ttl === NULL_FIELD ? null : Number(ttl), scripts: json === null ? null : (JSON.parse(json) as Record<string, string>),
    cpes: cpes === undefined || cpes === NULL_FIELD ? null : cpes.slice(2, -2).split('","'),
  };
}
