// The full-parser path for one nmap <host> element: fast-xml-parser with entity processing off, so custom
// entities (billion laughs, external entities to /etc/passwd) are never expanded or resolved; the five
// predefined entities and character references are decoded by decodeXmlText afterwards.
import { XMLParser } from 'fast-xml-parser';
import { parsePortNumber, parseTtl, pickIp, type NmapHost, type NmapPortRecord, type NmapService } from './nmap-host.js';
import { decodeXmlText } from './xml-text.js';

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set(['address', 'hostname', 'port', 'script', 'cpe']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

function node(value: unknown): XmlNode | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

function nodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.map(node).filter((n): n is XmlNode => n !== undefined) : [];
}

function attr(n: XmlNode | undefined, name: string): string | undefined {
  const value = n?.[name];
  return typeof value === 'string' ? decodeXmlText(value) : undefined;
}

function serviceOf(n: XmlNode): NmapService {
  const service: NmapService = {};
  for (const key of ['name', 'product', 'version', 'extrainfo', 'tunnel'] as const) {
    const value = attr(n, key);
    if (value !== undefined) service[key] = value;
  }
  const cpes = (Array.isArray(n.cpe) ? n.cpe : []).filter((c): c is string => typeof c === 'string').map((c) => decodeXmlText(c).trim());
  if (cpes.length > 0) service.cpes = cpes;
  return service;
}

function portOf(n: XmlNode): NmapPortRecord | undefined {
  const port = parsePortNumber(attr(n, 'portid'));
  if (port === undefined) return undefined;
  const state = node(n.state);
  const record: NmapPortRecord = { protocol: attr(n, 'protocol') ?? '', port, state: attr(state, 'state') ?? '', scripts: {} };
  const ttl = parseTtl(attr(state, 'reason_ttl'));
  if (ttl !== undefined) record.reasonTtl = ttl;
  const service = node(n.service);
  if (service) record.service = serviceOf(service);
  for (const script of nodes(n.script)) {
    const id = attr(script, 'id');
    if (id !== undefined) record.scripts[id] = attr(script, 'output') ?? '';
  }
  return record;
}

/** Parses one `<host …>…</host>` element; null when it has no IP address. Throws on XML it cannot read. */
export function parseHostWithFxp(xml: string): NmapHost | null {
  const host = node((parser.parse(xml) as XmlNode).host);
  if (!host) throw new Error('no <host> element');
  const addresses = nodes(host.address).map((a) => ({ addr: attr(a, 'addr'), addrtype: attr(a, 'addrtype') }));
  const ip = pickIp(addresses);
  if (ip === undefined) return null;
  const hostnames = nodes(node(host.hostnames)?.hostname)
    .map((h) => attr(h, 'name'))
    .filter((name): name is string => name !== undefined);
  const result: NmapHost = { ip, hostnames, ports: [] };
  const status = attr(node(host.status), 'state');
  if (status !== undefined) result.status = status;
  for (const port of nodes(node(host.ports)?.port)) {
    const record = portOf(port);
    if (record) result.ports.push(record);
  }
  return result;
}
