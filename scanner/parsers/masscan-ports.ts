// What the three masscan formats have in common once a line is read: a table of open ports in which banner
// records attach to their port (service name, banner text) instead of becoming rows of their own, plus the
// bookkeeping of malformed lines, so each format reports them as one warning or, when nothing at all was
// readable, as a PARSE_ERROR.
//
// Collecting (the default) keeps every port until the end: exact, one row per port. Streaming (`collect:
// false`) keeps only a window of the most recently first-seen ports (PortWindow) and hands the others to
// `onPorts` as they leave it, so memory stays flat on output of any size.
import { ScannerError } from '../errors.js';
import type { OpenPort } from '../types.js';
import { ipv4At, isAddress } from './masscan-address.js';
import { addBanner, finishEntry, newEntry, type Entry } from './masscan-entry.js';
import { latin1 } from './masscan-ndjson-bytes.js';
import { PortIndex } from './masscan-port-index.js';
import { PortWindow, type MasscanParseOptions, type PortsCallback } from './masscan-window.js';
import { MAX_FIELD_CHARS, keepField, detach, truncationWarning, type FieldStats } from './text-limits.js';

export interface MasscanParseResult {
  /** Every open port, banners attached (empty when `collect: false`: then only `onPorts` sees them). */
  openPorts: OpenPort[];
  warnings: string[];
}

/** Batch size of the final delivery of collected ports to `onPorts`. */
const FINAL_BATCH = 4096;

export class MasscanPortTable {
  /** Lines that held a masscan record (open or not). */
  records = 0;
  malformed = 0;
  private droppedBanners = 0;
  /** Ports of IPv4 addresses, and (keyed `ip/portKey`) of any other address. */
  private readonly v4 = new PortIndex<Entry>();
  private readonly others = new Map<string, Entry>();
  /** Collecting: every entry, in the order first seen. Streaming: the window instead. */
  private readonly order: Entry[] = [];
  private readonly window: PortWindow | undefined;
  private readonly fieldStats: FieldStats = { truncated: 0 };
  /** The address text of the last IPv4 port added by the fast path (a host's ports often come together). */
  private lastIp = '';
  private lastIp4 = -1;

  constructor(
    private readonly onPorts?: PortsCallback,
    options: MasscanParseOptions = {},
  ) {
    this.window = options.collect === false ? new PortWindow((entry) => this.forget(entry), options.window) : undefined;
  }

  /** The entry of a port, created (it is open) when `create`; null for a record that makes no port. */
  private entry(ip: unknown, port: unknown, proto: unknown, create: boolean): Entry | null | undefined {
    if (typeof ip !== 'string' || !isAddress(ip)) return undefined;
    const number = typeof port === 'string' && /^\d{1,5}$/.test(port) ? Number(port) : port;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 65535) return undefined;
    if (proto !== 'tcp' && proto !== 'udp') return proto === 'icmp' || proto === 'sctp' || proto === 'arp' ? null : undefined;
    const udp = proto === 'udp';
    const ip4 = ipv4At(ip, 0, ip.length);
    const found = ip4 >= 0 ? this.v4.get(ip4, number * 2 + (udp ? 1 : 0)) : this.others.get(`${ip}/${number * 2 + (udp ? 1 : 0)}`);
    return found ?? (create ? this.add(detach(ip), ip4, number, udp) : null);
  }

  private add(ip: string, ip4: number, port: number, udp: boolean): Entry {
    const entry = newEntry(ip, ip4, port, udp);
    if (ip4 >= 0) this.v4.add(ip4, entry.portKey, entry);
    else this.others.set(`${ip}/${entry.portKey}`, entry);
    if (this.window) this.window.added(entry);
    else this.order.push(entry);
    return entry;
  }

  /** Drops an entry that left the streaming window. */
  private forget(entry: Entry): void {
    if (entry.ip4 >= 0) this.v4.delete(entry.ip4, entry.portKey);
    else this.others.delete(`${entry.ip}/${entry.portKey}`);
  }

  private ttl(entry: Entry | null, ttl: unknown): void {
    this.records += 1;
    if (entry && typeof ttl === 'number' && ttl > 0 && ttl <= 255) entry.ttl = ttl;
  }

  /** `fresh`: the strings are not slices of a larger one, so only overlong ones need copying (truncated). */
  private bannerOf(entry: Entry | null, name: string, text: string, fresh = false): void {
    this.records += 1;
    if (!entry) return;
    const keptName = fresh && name.length <= MAX_FIELD_CHARS ? name : keepField(name, this.fieldStats);
    const keptText = fresh && text.length <= MAX_FIELD_CHARS ? text : keepField(text, this.fieldStats);
    const chars = addBanner(entry, keptName, keptText);
    if (chars < 0) this.droppedBanners += 1;
    else this.window?.grew(chars);
  }

  /** A port status record; only `open` makes an open port. */
  status(ip: unknown, port: unknown, proto: unknown, status: unknown, ttl: unknown): void {
    if (typeof status !== 'string') return void (this.malformed += 1);
    const entry = this.entry(ip, port, proto, status === 'open');
    if (entry === undefined) return void (this.malformed += 1);
    this.ttl(entry, ttl);
  }

  /** A banner grabbed from a port: it was open, and the banner tells its service. */
  banner(ip: unknown, port: unknown, proto: unknown, name: unknown, text: unknown): void {
    if (typeof name !== 'string' || typeof text !== 'string') return void (this.malformed += 1);
    const entry = this.entry(ip, port, proto, true);
    if (entry === undefined) return void (this.malformed += 1);
    this.bannerOf(entry, name, text);
  }

  /** The text of the IPv4 address `ip4` at bytes[from, to), shared with the previous port of that address. */
  private ipText(ip4: number, bytes: Buffer, from: number, to: number): string {
    if (ip4 !== this.lastIp4) {
      this.lastIp = latin1(bytes, from, to);
      this.lastIp4 = ip4;
    }
    return this.lastIp;
  }

  /** A status record of an IPv4 port checked by the caller: `ip4` is its value, bytes[ipFrom, ipTo) its text. */
  statusV4(ip4: number, bytes: Buffer, ipFrom: number, ipTo: number, port: number, udp: boolean, open: boolean, ttl: number): void {
    const entry = this.v4.get(ip4, port * 2 + (udp ? 1 : 0)) ?? (open ? this.add(this.ipText(ip4, bytes, ipFrom, ipTo), ip4, port, udp) : null);
    this.ttl(entry, ttl);
  }

  /** A banner record of an IPv4 port checked by the caller; `name` and `text` are fresh strings. */
  bannerV4(ip4: number, bytes: Buffer, ipFrom: number, ipTo: number, port: number, udp: boolean, name: string, text: string): void {
    const entry = this.v4.get(ip4, port * 2 + (udp ? 1 : 0)) ?? this.add(this.ipText(ip4, bytes, ipFrom, ipTo), ip4, port, udp);
    this.bannerOf(entry, name, text, true);
  }

  /** Hands the ports that left the streaming window since the last call to `onPorts`. */
  flush(): void {
    const ports = this.window?.takeLeft();
    if (ports && ports.length > 0) this.onPorts?.(ports);
  }

  /** The open ports and warnings; `format` names the input in messages, e.g. "masscan NDJSON (-oD)". */
  result(format: string, hadContent: boolean, extraWarnings: string[] = []): MasscanParseResult {
    if (this.records === 0 && hadContent) {
      throw new ScannerError('PARSE_ERROR', `No ${format} records found (${this.malformed} unreadable line(s)). Is this file in that format? Pick another with --format.`);
    }
    const warnings = [...extraWarnings];
    if (this.malformed > 0) warnings.unshift(`${this.malformed} malformed line(s) skipped`);
    if (this.droppedBanners > 0) warnings.push(`${this.droppedBanners} banner record(s) beyond 64 on one port were dropped`);
    warnings.push(...truncationWarning(this.fieldStats));
    if (this.window) {
      this.window.drain();
      this.flush();
      return { openPorts: [], warnings };
    }
    const openPorts = this.collected();
    for (let i = 0; this.onPorts && i < openPorts.length; i += FINAL_BATCH) this.onPorts(openPorts.slice(i, i + FINAL_BATCH));
    return { openPorts, warnings };
  }

  /** Every port, grouped by address in the order addresses were first seen. */
  private collected(): OpenPort[] {
    const byIp = new Map<string, OpenPort[]>();
    for (const entry of this.order) {
      const port = finishEntry(entry);
      const group = byIp.get(port.ip);
      if (group) group.push(port);
      else byIp.set(port.ip, [port]);
    }
    return [...byIp.values()].flat();
  }
}
