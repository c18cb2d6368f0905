// What the three masscan formats have in common once a line is read: a table of open ports in which banner
// records attach to their port (service name, banner text) instead of becoming rows of their own, plus the
// bookkeeping of malformed lines, so each format reports them as one warning or, when nothing at all was
// readable, as a PARSE_ERROR.
import { isIP } from 'node:net';
import { ScannerError } from '../errors.js';
import type { OpenPort, Protocol } from '../types.js';
import { detach, keepField, truncationWarning, type FieldStats } from './text-limits.js';

export interface MasscanParseResult {
  openPorts: OpenPort[];
  warnings: string[];
}

/** Banner names masscan gives to details of a service rather than to the service itself. */
const DETAIL_BANNERS: Record<string, string> = { title: 'http', 'http.server': 'http', X509: 'ssl', X509CA: 'ssl', html: 'http' };

/** A dotted-quad IPv4 address, checked by hand (the common case), else net.isIP for IPv6. */
function isAddress(ip: string): boolean {
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

interface Entry {
  port: OpenPort;
  banners?: Array<{ name: string; text: string }>;
}

export class MasscanPortTable {
  /** Lines that held a masscan record (open or not). */
  records = 0;
  malformed = 0;
  /** By ip, then by port * 2 + (udp ? 1 : 0). */
  private readonly entries = new Map<string, Map<number, Entry>>();
  private readonly fieldStats: FieldStats = { truncated: 0 };

  /** Checks a record's address fields; counts it malformed and returns undefined when they are wrong. */
  private entry(ip: unknown, port: unknown, proto: unknown, create: boolean): Entry | null | undefined {
    if (typeof ip !== 'string' || !isAddress(ip)) return undefined;
    const number = typeof port === 'string' && /^\d{1,5}$/.test(port) ? Number(port) : port;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 65535) return undefined;
    if (proto !== 'tcp' && proto !== 'udp') return proto === 'icmp' || proto === 'sctp' || proto === 'arp' ? null : undefined;
    const key = number * 2 + (proto === 'udp' ? 1 : 0);
    let ports = this.entries.get(ip);
    let entry = ports?.get(key);
    if (!entry && create) {
      const owned = detach(ip);
      entry = { port: { ip: owned, port: number, protocol: proto as Protocol, state: 'open' } };
      if (!ports) this.entries.set(owned, (ports = new Map()));
      ports.set(key, entry);
    }
    return entry ?? null;
  }

  /** A port status record; only `open` makes an open port. */
  status(ip: unknown, port: unknown, proto: unknown, status: unknown, ttl: unknown): void {
    if (typeof status !== 'string') return void (this.malformed += 1);
    const entry = this.entry(ip, port, proto, status === 'open');
    if (entry === undefined) return void (this.malformed += 1);
    this.records += 1;
    if (entry && typeof ttl === 'number' && ttl > 0 && ttl <= 255) entry.port.ttl = ttl;
  }

  /** A banner grabbed from a port: it was open, and the banner tells its service. */
  banner(ip: unknown, port: unknown, proto: unknown, name: unknown, text: unknown): void {
    if (typeof name !== 'string' || typeof text !== 'string') return void (this.malformed += 1);
    const entry = this.entry(ip, port, proto, true);
    if (entry === undefined) return void (this.malformed += 1);
    this.records += 1;
    // Copied now: a slice would keep the whole decoded chunk it came from alive until the end.
    if (entry) (entry.banners ??= []).push({ name: keepField(name, this.fieldStats), text: keepField(text, this.fieldStats) });
  }

  private applyBanners(entry: Entry): OpenPort {
    const port = entry.port;
    if (!entry.banners) return port;
    const main = entry.banners.find((b) => DETAIL_BANNERS[b.name] === undefined) ?? entry.banners[0];
    if (!main) return port;
    port.service = DETAIL_BANNERS[main.name] ?? main.name;
    port.banner = main.text;
    const details = entry.banners.filter((b) => b !== main);
    if (details.length > 0) {
      port.scripts = {};
      for (const b of details) port.scripts[`masscan-${b.name}`] ??= b.text;
    }
    return port;
  }

  /** The open ports and warnings; `format` names the input in messages, e.g. "masscan NDJSON (-oD)". */
  result(format: string, hadContent: boolean, extraWarnings: string[] = []): MasscanParseResult {
    if (this.records === 0 && hadContent) {
      throw new ScannerError('PARSE_ERROR', `No ${format} records found (${this.malformed} unreadable line(s)). Is this file in that format? Pick another with --format.`);
    }
    const warnings = [...extraWarnings];
    if (this.malformed > 0) warnings.unshift(`${this.malformed} malformed line(s) skipped`);
    const openPorts: OpenPort[] = [];
    for (const ports of this.entries.values()) for (const entry of ports.values()) openPorts.push(this.applyBanners(entry));
    return { openPorts, warnings: [...warnings, ...truncationWarning(this.fieldStats)] };
  }
}
