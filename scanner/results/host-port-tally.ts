// Which (port, protocol) pairs each host has open, kept compact so the engine can count distinct open ports,
// spot hosts that answer everywhere and plan service detection without holding the OpenPort records: a
// short list of keys per host, switched to a 16 KiB bitmap once the host has many ports. Memory is a few
// bytes per open port and at most 16 KiB per host, whatever the tools report.
import type { OpenPort, Protocol } from '../types.js';
import type { PortRange } from '../port-ranges.js';

/** Both protocols' ports in one number: port * 2, + 1 for UDP. */
export function portKey(port: number, protocol: Protocol): number {
  return port * 2 + (protocol === 'udp' ? 1 : 0);
}

const KEY_SPACE = 65536 * 2;
/** Keys held as a list up to this many; past it a bitmap is smaller and faster. */
const LIST_LIMIT = 512;

export class HostPorts {
  count = 0;
  /** The TTL of the first port that had one (nmap -sV does not report it; discovery does). */
  ttl: number | undefined;
  private list: number[] | undefined = [];
  private bits: Uint8Array | undefined;

  /** Adds a key; true when it was not there yet. */
  add(key: number): boolean {
    if (this.bits) {
      const mask = 1 << (key & 7);
      const byte = this.bits[key >> 3] ?? 0;
      if (byte & mask) return false;
      this.bits[key >> 3] = byte | mask;
      this.count += 1;
      return true;
    }
    const list = this.list as number[];
    if (list.includes(key)) return false;
    list.push(key);
    this.count += 1;
    if (list.length > LIST_LIMIT) this.toBitmap(list);
    return true;
  }

  private toBitmap(list: number[]): void {
    this.bits = new Uint8Array(KEY_SPACE / 8);
    for (const key of list) this.bits[key >> 3] = (this.bits[key >> 3] ?? 0) | (1 << (key & 7));
    this.list = undefined;
  }

  has(key: number): boolean {
    return this.bits ? ((this.bits[key >> 3] ?? 0) & (1 << (key & 7))) !== 0 : (this.list as number[]).includes(key);
  }

  /** The keys, ascending. */
  keys(): number[] {
    if (this.list) return [...this.list].sort((a, b) => a - b);
    const keys: number[] = [];
    const bits = this.bits as Uint8Array;
    for (let byte = 0; byte < bits.length; byte += 1) {
      const value = bits[byte] ?? 0;
      if (value === 0) continue;
      for (let bit = 0; bit < 8; bit += 1) if (value & (1 << bit)) keys.push(byte * 8 + bit);
    }
    return keys;
  }

  /** The open ports of one protocol as merged ranges, ascending. */
  ranges(protocol: Protocol): PortRange[] {
    return rangesOfKeys(this.keys(), protocol);
  }
}

/** The ports of one protocol among ascending keys, as merged ranges. */
export function rangesOfKeys(keys: readonly number[], protocol: Protocol): PortRange[] {
  const udp = protocol === 'udp' ? 1 : 0;
  const ranges: PortRange[] = [];
  for (const key of keys) {
    if ((key & 1) !== udp) continue;
    const port = key >> 1;
    const last = ranges[ranges.length - 1];
    if (last && last[1] + 1 === port) last[1] = port;
    else ranges.push([port, port]);
  }
  return ranges;
}

/** The open ports seen per host. */
export class HostPortTally {
  private readonly hosts = new Map<string, HostPorts>();
  /** Distinct (ip, port, protocol) added, including hosts since removed. */
  distinct = 0;

  /** Adds a port; true when this (ip, port, protocol) is new. */
  add(port: Pick<OpenPort, 'ip' | 'port' | 'protocol' | 'ttl'>): boolean {
    let host = this.hosts.get(port.ip);
    if (!host) {
      host = new HostPorts();
      this.hosts.set(port.ip, host);
    }
    if (host.ttl === undefined && port.ttl !== undefined) host.ttl = port.ttl;
    const added = host.add(portKey(port.port, port.protocol));
    if (added) this.distinct += 1;
    return added;
  }

  get(ip: string): HostPorts | undefined {
    return this.hosts.get(ip);
  }

  count(ip: string): number {
    return this.hosts.get(ip)?.count ?? 0;
  }

  /** Forgets a host (its ports stay counted in `distinct`). */
  remove(ip: string): void {
    this.hosts.delete(ip);
  }

  get hostCount(): number {
    return this.hosts.size;
  }

  entries(): IterableIterator<[string, HostPorts]> {
    return this.hosts.entries();
  }
}
