// One port in the masscan port table while records about it are still arriving, and how its banner records
// become the port's service, banner and scripts once it leaves the table.
import type { OpenPort } from '../types.js';

/** Banner names masscan gives to details of a service rather than to the service itself. */
const DETAIL_BANNERS: Record<string, string> = { title: 'http', 'http.server': 'http', X509: 'ssl', X509CA: 'ssl', html: 'http' };

/** More banners than this on one port (masscan writes a handful) are dropped: hostile input only. */
export const MAX_BANNERS_PER_PORT = 64;

export interface Banner {
  name: string;
  text: string;
}

/** A port while records about it arrive: one object, so the streaming window holds little per port. */
export class Entry {
  /** Last valid ttl seen (0: none). */
  ttl = 0;
  banners: Banner[] | undefined = undefined;
  /** Characters of banner text held (bounds the streaming window). */
  chars = 0;

  constructor(
    readonly ip: string,
    /** The IPv4 value, the table's key with portKey; -1 for any other address (filed under `ip`). */
    readonly ip4: number,
    readonly port: number,
    /** port * 2 + (udp ? 1 : 0). */
    readonly portKey: number,
  ) {}
}

export function newEntry(ip: string, ip4: number, port: number, udp: boolean): Entry {
  return new Entry(ip, ip4, port, port * 2 + (udp ? 1 : 0));
}

/** Adds a banner and returns the characters it holds; -1 when the port already holds MAX_BANNERS_PER_PORT. */
export function addBanner(entry: Entry, name: string, text: string): number {
  const banners = (entry.banners ??= []);
  if (banners.length >= MAX_BANNERS_PER_PORT) return -1;
  banners.push({ name, text });
  entry.chars += name.length + text.length;
  return name.length + text.length;
}

/** The open port, its banners applied: the first service banner names the service, the others become scripts. */
export function finishEntry(entry: Entry): OpenPort {
  const port: OpenPort = { ip: entry.ip, port: entry.port, protocol: (entry.portKey & 1) === 1 ? 'udp' : 'tcp', state: 'open' };
  if (entry.ttl > 0) port.ttl = entry.ttl;
  const banners = entry.banners;
  if (!banners) return port;
  const main = banners.find((b) => DETAIL_BANNERS[b.name] === undefined) ?? banners[0];
  if (!main) return port;
  port.service = DETAIL_BANNERS[main.name] ?? main.name;
  port.banner = main.text;
  if (banners.length > 1) {
    port.scripts = {};
    for (const b of banners) if (b !== main) port.scripts[`masscan-${b.name}`] ??= b.text;
  }
  return port;
}
