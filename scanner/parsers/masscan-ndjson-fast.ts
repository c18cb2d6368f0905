// The hot path of masscan NDJSON: reads a record with indexOf when the line has exactly the key order masscan
// writes (`{"ip":…,"timestamp":…,"port":…,"proto":…,"rec_type":…,"data":{…}}`), which is several times
// faster than JSON.parse. Any other shape returns null and the caller uses JSON.parse; a test requires
// both paths to give the same result on every fixture.

export type FastRecord =
  | { kind: 'status'; ip: string; port: number; proto: string; status: string; ttl?: number }
  | { kind: 'banner'; ip: string; port: number; proto: string; name: string; text: string };

function digitsAt(line: string, at: number): number {
  let value = 0;
  let i = at;
  for (; i < line.length && i < at + 6; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return i === at ? -1 : value;
}

/** The text of a JSON string whose content starts at `from` and ends at `to`; JSON-unescaped when needed. */
function jsonText(line: string, from: number, to: number): string | null {
  const raw = line.slice(from, to);
  if (raw.indexOf('\\') === -1) return raw.indexOf('"') === -1 ? raw : null;
  try {
    const text: unknown = JSON.parse(`"${raw}"`);
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

const STATUS_PREFIX = 'status","data":{"status":"';
const BANNER_PREFIX = 'banner","data":{"service_name":"';

export function readFastRecord(line: string): FastRecord | null {
  if (!line.startsWith('{"ip":"')) return null;
  const ipEnd = line.indexOf('"', 7);
  if (ipEnd === -1 || !line.startsWith('","timestamp":"', ipEnd)) return null;
  const portAt = line.indexOf('"', ipEnd + 15) + 1;
  if (portAt === 0 || !line.startsWith(',"port":', portAt)) return null;
  const port = digitsAt(line, portAt + 8);
  const protoAt = line.indexOf(',"proto":"', portAt);
  if (port < 0 || protoAt === -1) return null;
  const protoEnd = line.indexOf('"', protoAt + 10);
  if (protoEnd === -1 || !line.startsWith('","rec_type":"', protoEnd)) return null;
  const ip = line.slice(7, ipEnd);
  const proto = line.slice(protoAt + 10, protoEnd);
  const typeAt = protoEnd + 14;
  if (line.startsWith(STATUS_PREFIX, typeAt)) {
    const statusAt = typeAt + STATUS_PREFIX.length;
    const statusEnd = line.indexOf('"', statusAt);
    if (statusEnd === -1 || !line.endsWith('}}')) return null;
    const ttlAt = line.indexOf(',"ttl":', statusEnd);
    const ttl = ttlAt === -1 ? -1 : digitsAt(line, ttlAt + 7);
    return { kind: 'status', ip, port, proto, status: line.slice(statusAt, statusEnd), ...(ttl >= 0 ? { ttl } : {}) };
  }
  if (!line.startsWith(BANNER_PREFIX, typeAt) || !line.endsWith('"}}')) return null;
  const nameAt = typeAt + BANNER_PREFIX.length;
  const nameEnd = line.indexOf('","banner":"', nameAt);
  if (nameEnd === -1) return null;
  const name = jsonText(line, nameAt, nameEnd);
  const text = jsonText(line, nameEnd + 12, line.length - 3);
  return name === null || text === null ? null : { kind: 'banner', ip, port, proto, name, text };
}
