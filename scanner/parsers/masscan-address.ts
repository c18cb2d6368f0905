// Addresses in masscan records: the check every format applies to a record's `ip`, and the value of a
// canonical IPv4 address, under which the port table files its ports (masscan-port-index.ts); the NDJSON
// fast path computes the same value straight from the bytes of a line.
import { isIP } from 'node:net';

/** The value of the canonical dotted quad in text[from, to) (no leading zeros, each part ≤ 255), else -1. */
export function ipv4At(text: string, from: number, to: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      dots += 1;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      digits += 1;
      if (part > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}

/** A dotted-quad IPv4 address, checked by hand (the common case), else net.isIP for IPv6. */
export function isAddress(ip: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || parts === 3) return isIP(ip) !== 0;
      parts += 1;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 48);
      digits += 1;
      if (value > 255) return false;
    } else return isIP(ip) !== 0;
  }
  return parts === 3 && digits > 0;
}
