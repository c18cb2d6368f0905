// The hot path of nmap XML parsing: reads one <host> element in place, tag by tag, straight out of the big
// decoded text (no slice of the host, no DOM, no object per tag or attribute). It keeps fast-xml-parser's
// view of the element (children by position, trimmed attribute values, a repeated <status>, <hostnames> or
// <ports> ignored) and gives up on anything unusual (comments, CDATA, DOCTYPE, processing instructions,
// mismatched or unterminated tags, odd attributes) by returning null: the host then goes to the full parser
// (nmap-host-fxp.ts). A test runs both paths over every fixture and requires identical results.
import type { NmapHost, NmapPortRecord } from './nmap-host.js';
import { PORT_LEAF, readPortChild, readPortTag } from './nmap-port-fast.js';
import { ATTRIBUTE, TAG_END, decodeXmlText, isXmlSpace, XmlTagCursor } from './xml-text.js';

/** What an open element is, by its place in the host. */
const OTHER = 0;
const HOST = 1;
const HOSTNAMES = 2;
const PORTS = 3;
const PORT = 4;
/** An element whose attributes were read: a child named like one of them would collide in fast-xml-parser. */
const LEAF = 5;
const GIVE_UP = -1;

const LEAF_ATTRIBUTES: ReadonlySet<string> = new Set([
  'addr', 'addrtype', 'state', 'name', 'reason_ttl', 'product', 'version', 'extrainfo', 'tunnel', 'id', 'output', 'protocol', 'portid',
]);
/** Attributes of <host>, <hostnames>, <ports> named like the children read from them. */
const HOST_CHILD_NAMES: ReadonlySet<string> = new Set(['address', 'status', 'hostnames', 'ports']);
const HOSTNAMES_CHILD_NAMES: ReadonlySet<string> = new Set(['hostname']);
const PORTS_CHILD_NAMES: ReadonlySet<string> = new Set(['port']);

const cursor = new XmlTagCursor();
/** Per open element (index = depth): its context and where its name lies, to match its close tag. */
const contexts: number[] = [];
const nameStarts: number[] = [];
const nameEnds: number[] = [];

function nameEndAt(text: string, from: number, limit: number): number {
  let at = from;
  let code = text.charCodeAt(at);
  // Stops at a quote too: a name with one is malformed, and the next check sees the quote and gives up.
  while (at < limit && !isXmlSpace(code) && code !== 62 && code !== 47 && code !== 34 && code !== 39) code = text.charCodeAt(++at);
  return at;
}

function sameName(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (text.charCodeAt(aStart + i) !== text.charCodeAt(bStart + i)) return false;
  return true;
}

function is(text: string, start: number, end: number, name: string): boolean {
  return end - start === name.length && text.startsWith(name, start);
}

/** One host being read. `seen` flags (1 status, 2 hostnames, 4 ports) catch a repeated singleton child. */
class HostDraft {
  ip: string | undefined = undefined;
  addressDecided = false;
  status: string | undefined = undefined;
  hostnames: string[] = [];
  ports: NmapPortRecord[] = [];
  seen = 0;
  port: NmapPortRecord | null = null;
  portSeen = 0;
}

function readAddress(draft: HostDraft): boolean {
  let addr: string | undefined;
  let type: string | undefined;
  let step = cursor.nextAttribute();
  for (; step === ATTRIBUTE; step = cursor.nextAttribute()) {
    if (cursor.nameIs('addr')) addr = cursor.value();
    else if (cursor.nameIs('addrtype')) type = cursor.value();
  }
  // The first ipv4/ipv6 <address> decides, as pickIp does on the full path.
  if (!draft.addressDecided && (type === 'ipv4' || type === 'ipv6')) {
    draft.addressDecided = true;
    draft.ip = addr;
  }
  return step === TAG_END;
}

/** Reads past a tag's attributes; false when it is malformed or has one named in `childNames`. */
function skipAttributesBut(childNames: ReadonlySet<string>): boolean {
  let step = cursor.nextAttribute();
  for (; step === ATTRIBUTE; step = cursor.nextAttribute()) if (cursor.nameIn(childNames)) return false;
  return step === TAG_END;
}

/** Reads a direct child of <host>; returns the new element's context or GIVE_UP. */
function readHostChild(text: string, start: number, end: number, draft: HostDraft): number {
  if (is(text, start, end, 'address')) return readAddress(draft) ? LEAF : GIVE_UP;
  const flag = is(text, start, end, 'status') ? 1 : is(text, start, end, 'hostnames') ? 2 : is(text, start, end, 'ports') ? 4 : 0;
  if (flag === 0) return cursor.skipAttributes() ? OTHER : GIVE_UP;
  if ((draft.seen & flag) !== 0) return GIVE_UP;
  draft.seen |= flag;
  if (flag === 2) return skipAttributesBut(HOSTNAMES_CHILD_NAMES) ? HOSTNAMES : GIVE_UP;
  if (flag === 4) return skipAttributesBut(PORTS_CHILD_NAMES) ? PORTS : GIVE_UP;
  let step = cursor.nextAttribute();
  for (; step === ATTRIBUTE; step = cursor.nextAttribute()) if (cursor.nameIs('state')) draft.status = cursor.value();
  return step === TAG_END ? LEAF : GIVE_UP;
}

function readHostname(draft: HostDraft): boolean {
  let name: string | undefined;
  let step = cursor.nextAttribute();
  for (; step === ATTRIBUTE; step = cursor.nextAttribute()) if (cursor.nameIs('name')) name = cursor.value();
  if (name !== undefined) draft.hostnames.push(name);
  return step === TAG_END;
}

/**
 * A <cpe> inside a port's <service>: its text (up to `</cpe>`) joins the service's CPEs. Anything unusual
 * (attributes, child elements) goes to the full parser, which would read it differently.
 */
function readServiceCpe(text: string, limit: number, draft: HostDraft): number {
  const service = draft.port?.service;
  if (!service || cursor.nextAttribute() !== TAG_END) return GIVE_UP;
  if (cursor.selfClosing) return OTHER;
  const close = text.indexOf('<', cursor.at);
  if (close === -1 || close >= limit || !text.startsWith('</cpe', close)) return GIVE_UP;
  const value = decodeXmlText(text.slice(cursor.at, close).trim()).trim();
  if (value) (service.cpes ??= []).push(value);
  return OTHER;
}

/** Reads an element opened inside `parent`; returns its context or GIVE_UP. */
function readElement(text: string, start: number, end: number, parent: number, draft: HostDraft, inService = false): number {
  if (parent === HOST) return readHostChild(text, start, end, draft);
  if (inService && is(text, start, end, 'cpe')) return readServiceCpe(text, text.length, draft);
  if (parent === PORT && draft.port) {
    const seen = readPortChild(cursor, start, end, draft.port, draft.portSeen);
    if (seen === GIVE_UP) return GIVE_UP;
    draft.portSeen = seen & ~PORT_LEAF;
    return (seen & PORT_LEAF) !== 0 ? LEAF : OTHER;
  }
  if (parent === LEAF && LEAF_ATTRIBUTES.has(text.slice(start, end))) return GIVE_UP;
  if (parent === PORTS && is(text, start, end, 'port')) {
    draft.port = readPortTag(cursor);
    draft.portSeen = 0;
    if (!draft.port) return GIVE_UP;
    if (cursor.selfClosing) draft.ports.push(draft.port);
    return PORT;
  }
  if (parent === HOSTNAMES && is(text, start, end, 'hostname')) return readHostname(draft) ? LEAF : GIVE_UP;
  return cursor.skipAttributes() ? OTHER : GIVE_UP;
}

function hostOf(draft: HostDraft): NmapHost | null {
  if (draft.ip === undefined) return null;
  const host: NmapHost = { ip: draft.ip, hostnames: draft.hostnames, ports: draft.ports };
  if (draft.status !== undefined) host.status = draft.status;
  return host;
}

/** Closes the element whose close tag starts at `lt`; returns the index after it, or GIVE_UP. */
function closeElement(text: string, lt: number, limit: number, depth: number, draft: HostDraft): number {
  const end = nameEndAt(text, lt + 2, limit);
  let at = end;
  while (isXmlSpace(text.charCodeAt(at))) at++;
  if (depth === 0 || at >= limit || text.charCodeAt(at) !== 62) return GIVE_UP;
  if (!sameName(text, lt + 2, end, nameStarts[depth - 1] ?? 0, nameEnds[depth - 1] ?? 0)) return GIVE_UP;
  if (contexts[depth - 1] === PORT && draft.port) draft.ports.push(draft.port);
  return at + 1;
}

/**
 * Parses the `<host …>…</host>` element that is text[start, limit) without copying it; null when it needs
 * the full parser (which also decides about a host without an IP address).
 */
export function parseHostFast(text: string, start: number, limit: number): NmapHost | null {
  const draft = new HostDraft();
  let depth = 0;
  let at = start;
  for (;;) {
    const lt = text.indexOf('<', at);
    if (lt === -1 || lt >= limit) return null;
    const kind = text.charCodeAt(lt + 1);
    if (kind === 47) {
      at = closeElement(text, lt, limit, depth, draft);
      if (at === GIVE_UP) return null;
      depth -= 1;
      if (depth === 0) return at === limit ? hostOf(draft) : null;
      continue;
    }
    if (kind === 33 || kind === 63) return null;
    const end = nameEndAt(text, lt + 1, limit);
    if (end === lt + 1) return null;
    cursor.startTag(text, end, limit);
    const context = depth === 0 ? (is(text, lt + 1, end, 'host') && skipAttributesBut(HOST_CHILD_NAMES) ? HOST : GIVE_UP) : readElement(text, lt + 1, end, contexts[depth - 1] ?? OTHER, draft, contexts[depth - 1] === LEAF && is(text, nameStarts[depth - 1] ?? 0, nameEnds[depth - 1] ?? 0, 'service'));
    if (context === GIVE_UP) return null;
    at = cursor.at;
    if (cursor.selfClosing) {
      if (depth === 0) return null;
      continue;
    }
    contexts[depth] = context;
    nameStarts[depth] = lt + 1;
    nameEnds[depth] = end;
    depth += 1;
  }
}
