// The hot path of masscan NDJSON: reads a line of the exact shape masscan writes,
//   {"ip":"…","timestamp":"…","port":N,"proto":"tcp","rec_type":"status","data":{"status":"open","reason":"…","ttl":N}}
//   {"ip":"…","timestamp":"…","port":N,"proto":"tcp","rec_type":"banner","data":{"service_name":"…","banner":"…"}}
// straight from the bytes (typed-array reads: no decoding, no JSON.parse, and for a port already seen no
// allocation at all). Every byte of the line is checked against that shape, so the line's end is found
// on the way; any other line (another key order, whitespace, IPv6, odd numbers, bad escapes, a line cut
// short) is refused and the caller reads it with JSON.parse. A test requires both paths to agree.
import { bytesOf, has, ipv4End, lineEnd, numberAt, plainEnd, scan, stringEnd, stringValue } from './masscan-ndjson-bytes.js';
import type { MasscanPortTable } from './masscan-ports.js';

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
/** Reads the line starting at `at` into the table; returns where the next line starts, or -1 (not read). */
export function readFastLine(b: Buffer, at: number, table: MasscanPortTable): number {
  if (!has(b, at, IP)) return -1;
  const ipFrom = at + IP.length;
  const ipTo = ipv4End(b, ipFrom);
  if (ipTo === -1 || !has(b, ipTo, TIMESTAMP)) return -1;
  const ip = scan.ipValue;
  const timestampEnd = plainEnd(b, ipTo + TIMESTAMP.length);
  if (timestampEnd === -1 || !has(b, timestampEnd, PORT)) return -1;
  const port = numberAt(b, timestampEnd + PORT.length);
  if (port < 0 || port > 65535) return -1;
  const udp = !has(b, scan.end, TCP);
  if (udp && !has(b, scan.end, UDP)) return -1;
  const typeAt = scan.end + TCP.length;
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
  let ttl = 0;
  let end: number;
  if (has(b, at, OPEN_SYN_ACK)) {
    ttl = numberAt(b, at + OPEN_SYN_ACK.length);
    end = scan.end;
  } else {
    const statusEnd = plainEnd(b, at);
    if (statusEnd === -1) return -1;
    open = statusEnd - at === 4 && b[at] === 111 && b[at + 1] === 112 && b[at + 2] === 101 && b[at + 3] === 110;
    end = statusEnd + 1;
    if (has(b, end, REASON)) {
      const reasonEnd = plainEnd(b, end + REASON.length);
      if (reasonEnd === -1) return -1;
      end = reasonEnd + 1;
    }
    if (has(b, end, TTL)) {
      ttl = numberAt(b, end + TTL.length);
      end = scan.end;
    }
  }
  if (ttl < 0 || b[end] !== 125 || b[end + 1] !== 125) return -1;
  const next = lineEnd(b, end + 2);
  if (next !== -1) table.statusV4(ip, b, ipFrom, ipTo, port, udp, open, ttl);
  return next;
}
