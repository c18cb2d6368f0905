// The hot path of nmap XML parsing: reads one <host> element with indexOf and an attribute scanner instead
// of building a DOM. It handles the shape nmap writes; anything unusual (comments, CDATA, DOCTYPE, processing
// instructions, unterminated tags) returns null and goes to the fast-xml-parser path (nmap-host-fxp.ts).
// A test runs both paths over every fixture and requires identical results.
import { parsePortNumber, parseTtl, pickIp, type NmapHost, type NmapPortRecord, type NmapService } from './nmap-host.js';
import { readTagAttributes } from './xml-text.js';

function serviceOf(attrs: Record<string, string>): NmapService {
  const service: NmapService = {};
  if (attrs.name !== undefined) service.name = attrs.name;
  if (attrs.product !== undefined) service.product = attrs.product;
  if (attrs.version !== undefined) service.version = attrs.version;
  if (attrs.extrainfo !== undefined) service.extrainfo = attrs.extrainfo;
  if (attrs.tunnel !== undefined) service.tunnel = attrs.tunnel;
  return service;
}

/** Reads the <port> element whose children lie in xml[from, to). */
function readPortChildren(xml: string, from: number, to: number, record: NmapPortRecord): boolean {
  const state = xml.indexOf('<state ', from);
  if (state !== -1 && state < to) {
    const tag = readTagAttributes(xml, state);
    if (!tag) return false;
    record.state = tag.attrs.state ?? '';
    const ttl = parseTtl(tag.attrs.reason_ttl);
    if (ttl !== undefined) record.reasonTtl = ttl;
  }
  const service = xml.indexOf('<service ', from);
  if (service !== -1 && service < to) {
    const tag = readTagAttributes(xml, service);
    if (!tag) return false;
    record.service = serviceOf(tag.attrs);
  }
  let at = from;
  for (;;) {
    const script = xml.indexOf('<script ', at);
    if (script === -1 || script >= to) return true;
    const tag = readTagAttributes(xml, script);
    if (!tag || tag.attrs.id === undefined) return false;
    record.scripts[tag.attrs.id] = tag.attrs.output ?? '';
    at = tag.end;
  }
}

function readPorts(xml: string, host: NmapHost): boolean {
  let at = 0;
  for (;;) {
    const start = xml.indexOf('<port ', at);
    if (start === -1) return true;
    const tag = readTagAttributes(xml, start);
    if (!tag) return false;
    const port = parsePortNumber(tag.attrs.portid);
    const close = tag.selfClosing ? tag.end : xml.indexOf('</port>', tag.end);
    if (close === -1 || port === undefined) return false;
    const record: NmapPortRecord = { protocol: tag.attrs.protocol ?? '', port, state: '', scripts: {} };
    if (!tag.selfClosing && !readPortChildren(xml, tag.end, close, record)) return false;
    host.ports.push(record);
    at = close;
  }
}

function readRepeated(xml: string, needle: string, attr: string, limit: number): Array<Record<string, string>> | null {
  const out: Array<Record<string, string>> = [];
  let at = 0;
  for (;;) {
    const start = xml.indexOf(needle, at);
    if (start === -1 || start >= limit) return out;
    const tag = readTagAttributes(xml, start);
    if (!tag) return null;
    if (tag.attrs[attr] !== undefined) out.push(tag.attrs);
    at = tag.end;
  }
}

/** Parses one `<host …>…</host>` element; null when it needs the full parser. */
export function parseHostFast(xml: string): NmapHost | null {
  if (xml.indexOf('<!') !== -1 || xml.indexOf('<?') !== -1) return null;
  const portsAt = xml.indexOf('<ports');
  const headEnd = portsAt === -1 ? xml.length : portsAt;
  const addresses = readRepeated(xml, '<address ', 'addr', headEnd);
  const hostnames = readRepeated(xml, '<hostname ', 'name', headEnd);
  if (!addresses || !hostnames) return null;
  const ip = pickIp(addresses);
  if (ip === undefined) return null;
  const host: NmapHost = { ip, hostnames: hostnames.map((h) => h.name ?? ''), ports: [] };
  const status = xml.indexOf('<status ');
  if (status !== -1 && status < headEnd) {
    const tag = readTagAttributes(xml, status);
    if (!tag) return null;
    if (tag.attrs.state !== undefined) host.status = tag.attrs.state;
  }
  return readPorts(xml, host) ? host : null;
}
