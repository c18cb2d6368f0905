// One port in the masscan port table while records about it are still arriving, and how its banner records
// become the port's service, banner and scripts once it leaves the table.
import type { OpenPort } from '../types.js';

/** Banner names masscan gives to details of a service rather than to the service itself, and that service. */
const DETAIL_BANNERS = new Map([
  ['title', 'http'],
  ['http.server', 'http'],
  ['X509', 'ssl'],
  ['X509CA', 'ssl'],
  ['html', 'http'],
]);

/** `masscan-NAME` script ids by banner name, so each port does not build (and intern) them again. */
const scriptIds = new Map<string, string>();

function scriptId(name: string): string {
  let id = scriptIds.get(name);
  if (id === undefined) {
    id = `masscan-${name}`;
    if (scriptIds.size < 1024) scriptIds.set(name, id);
  }
  return id;
}

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
  const protocol = (entry.portKey & 1) === 1 ? 'udp' : 'tcp';
  const banners = entry.banners;
  if (!banners || banners.length === 0) {
    return entry.ttl > 0
      ? { ip: entry.ip, port: entry.port, protocol, state: 'open', ttl: entry.ttl }
      : { ip: entry.ip, port: entry.port, protocol, state: 'open' };
  }
  let main = banners[0] as Banner;
  for (const b of banners) {
    if (!DETAIL_BANNERS.has(b.name)) {
      main = b;
      break;
    }
  }
  const port: OpenPort = { ip: entry.ip, port: entry.port, protocol, state: 'open' };
  if (entry.ttl > 0) port.ttl = entry.ttl;
  port.service = DETAIL_BANNERS.get(main.name) ?? main.name;
  port.banner = main.text;
  if (banners.length > 1) {
    const scripts: Record<string, string> = {};
    for (const b of banners) if (b !== main) scripts[scriptId(b.name)] ??= b.text;
    port.scripts = scripts;
  }
  return port;
}
