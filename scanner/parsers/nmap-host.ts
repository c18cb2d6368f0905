// One nmap <host> element as data, and the rule for which of its ports are open ports. Shared by the fast
// attribute scanner and the fast-xml-parser path, which must produce the very same NmapHost.
import type { OpenPort } from '../types.js';
import { detach, keepField, type FieldStats } from './text-limits.js';

export interface NmapService {
  name?: string;
  product?: string;
  version?: string;
  extrainfo?: string;
  /** `ssl` when nmap found the service behind TLS (its `tunnel` attribute). */
  tunnel?: string;
  /** The <cpe> children of <service>. */
  cpes?: string[];
}

export interface NmapPortRecord {
  protocol: string;
  port: number;
  /** nmap's state: open, closed, filtered, open|filtered, … */
  state: string;
  reasonTtl?: number;
  service?: NmapService;
  /** Script outputs by script id (`banner`, `ssl-cert`, …), as nmap wrote them. */
  scripts: Record<string, string>;
}

export interface NmapHost {
  /** The IPv4 or IPv6 address (a MAC address is never the ip). */
  ip: string;
  /** up / down, from <status>. */
  status?: string;
  hostnames: string[];
  ports: NmapPortRecord[];
}

/**
 * Only `open` ports are open ports. UDP `open|filtered` means nmap got no answer at all (also what a
 * firewall that drops everything looks like), so it is not counted; the parser reports how many there were.
 */
export function isOpenState(state: string): boolean {
  return state === 'open';
}

/** nmap gives a handful per service; more is hostile output. */
const MAX_CPES = 16;

function versionText(service: NmapService): string | undefined {
  if (service.version && service.extrainfo) return `${service.version} (${service.extrainfo})`;
  return service.version ?? (service.extrainfo ? `(${service.extrainfo})` : undefined);
}

function openPortOf(ip: string, record: NmapPortRecord, stats: FieldStats): OpenPort {
  const port: OpenPort = { ip, port: record.port, protocol: record.protocol as OpenPort['protocol'], state: record.state };
  const service = record.service;
  // nmap's own notation for a service behind TLS (`ssl/http`), so HTTPS is never mistaken for plain HTTP.
  if (service?.name) port.service = keepField(service.tunnel === 'ssl' ? `ssl/${service.name}` : service.name, stats);
  if (service?.product) port.product = keepField(service.product, stats);
  const version = service ? versionText(service) : undefined;
  if (version) port.version = keepField(version, stats);
  if (service?.cpes && service.cpes.length > 0) port.cpes = service.cpes.slice(0, MAX_CPES).map((cpe) => keepField(cpe, stats));
  if (record.reasonTtl !== undefined) port.ttl = record.reasonTtl;
  const scriptIds = Object.keys(record.scripts);
  if (record.scripts.banner !== undefined) port.banner = keepField(record.scripts.banner, stats);
  if (scriptIds.length > 0) {
    port.scripts = {};
    for (const id of scriptIds) port.scripts[keepField(id, stats)] = keepField(record.scripts[id] ?? '', stats);
  }
  return port;
}

/** The open TCP/UDP ports of a host, as OpenPorts. */
export function openPortsOf(host: NmapHost, stats: FieldStats): OpenPort[] {
  const out: OpenPort[] = [];
  const ip = detach(host.ip);
  for (const record of host.ports) {
    if (!isOpenState(record.state)) continue;
    if (record.protocol !== 'tcp' && record.protocol !== 'udp') continue;
    out.push(openPortOf(ip, record, stats));
  }
  return out;
}

/** The value of 1–5 decimal digits, or undefined for anything else. */
function smallNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.length === 0 || text.length > 5) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    value = value * 10 + (c - 48);
  }
  return value;
}

export function parsePortNumber(text: string | undefined): number | undefined {
  const port = smallNumber(text);
  return port !== undefined && port <= 65535 ? port : undefined;
}

/** reason_ttl; 0 means none was seen (e.g. a connect scan), so it gives no ttl. */
export function parseTtl(text: string | undefined): number | undefined {
  const ttl = smallNumber(text);
  return ttl !== undefined && ttl > 0 && ttl <= 255 ? ttl : undefined;
}

/** The host's IP: the first ipv4/ipv6 <address>; hosts without one are skipped by the caller. */
export function pickIp(addresses: Array<{ addr?: string; addrtype?: string }>): string | undefined {
  const found = addresses.find((a) => a.addrtype === 'ipv4' || a.addrtype === 'ipv6');
  return found?.addr;
}
