// The fast path's reading of <port> elements and their children (<state>, <service>, <script>), attribute
// by attribute off the shared tag cursor, into the same NmapPortRecord the fast-xml-parser path builds.
// Attribute names are told apart by length first, so most attributes cost one comparison at most.
import { parsePortNumber, parseTtl, type NmapPortRecord, type NmapService } from './nmap-host.js';
import { ATTRIBUTE, TAG_END, type XmlTagCursor } from './xml-text.js';

/** A repeated <state> or <service> in one port: fast-xml-parser would ignore both, so the full path decides. */
const SEEN_STATE = 1;
const SEEN_SERVICE = 2;
/** Set in readPortChild's result when the child was one whose attributes were read. */
export const PORT_LEAF = 8;
/** fast-xml-parser puts attributes and children under the same keys: a port attribute named like a child
 * we read turns both into an array, which only the full path reproduces. */
const PORT_CHILD_NAMES: ReadonlySet<string> = new Set(['state', 'service', 'script']);

/** A <port>'s attributes as a record; null when the tag is malformed or its portid is not a port number. */
export function readPortTag(cursor: XmlTagCursor): NmapPortRecord | null {
  let protocol = '';
  let portid: string | undefined;
  let step = cursor.nextAttribute();
  for (; step === ATTRIBUTE; step = cursor.nextAttribute()) {
    const length = cursor.nameLength();
    if (length === 8 && cursor.nameIs('protocol')) protocol = cursor.value();
    else if (length === 6 && cursor.nameIs('portid')) portid = cursor.value();
    else if ((length === 5 || length === 6 || length === 7) && cursor.nameIn(PORT_CHILD_NAMES)) return null;
  }
  const port = parsePortNumber(portid);
  if (step !== TAG_END || port === undefined) return null;
  return { protocol, port, state: '', scripts: {} };
}

function readState(cursor: XmlTagCursor, record: NmapPortRecord): boolean {
  let step = cursor.nextAttribute();
  for (; step === ATTRIBUTE; step = cursor.nextAttribute()) {
    const length = cursor.nameLength();
    if (length === 5 && cursor.nameIs('state')) record.state = cursor.value();
    else if (length === 10 && cursor.nameIs('reason_ttl')) {
      const ttl = parseTtl(cursor.value());
      if (ttl !== undefined) record.reasonTtl = ttl;
      else delete record.reasonTtl;
    }
  }
  return step === TAG_END;
}

function readService(cursor: XmlTagCursor, record: NmapPortRecord): boolean {
  const service: NmapService = {};
  let attributes = 0;
  let step = cursor.nextAttribute();
  for (; step === ATTRIBUTE; step = cursor.nextAttribute()) {
    attributes += 1;
    const length = cursor.nameLength();
    if (length === 4) {
      if (cursor.nameIs('name')) service.name = cursor.value();
    } else if (length === 7) {
      if (cursor.nameIs('product')) service.product = cursor.value();
      else if (cursor.nameIs('version')) service.version = cursor.value();
    } else if (length === 9) {
      if (cursor.nameIs('extrainfo')) service.extrainfo = cursor.value();
    } else if (length === 6 && cursor.nameIs('tunnel')) service.tunnel = cursor.value();
  }
  // A <service> without attributes is no object to fast-xml-parser (or one only if it has children).
  if (step !== TAG_END || attributes === 0) return false;
  record.service = service;
  return true;
}

function readScript(cursor: XmlTagCursor, record: NmapPortRecord): boolean {
  let id: string | undefined;
  let output = '';
  let step = cursor.nextAttribute();
  for (; step === ATTRIBUTE; step = cursor.nextAttribute()) {
    const length = cursor.nameLength();
    if (length === 2 && cursor.nameIs('id')) id = cursor.value();
    else if (length === 6 && cursor.nameIs('output')) output = cursor.value();
  }
  if (step !== TAG_END || id === undefined) return false;
  record.scripts[id] = output;
  return true;
}

/**
 * Reads a child element of <port> whose name is text[start, end), the cursor on its attributes. `seen`
 * holds the SEEN_ flags of the port so far; returns the new flags (with PORT_LEAF when the element's own
 * attributes were read, so its children must not collide with them), or -1 to give up on the fast path.
 */
export function readPortChild(cursor: XmlTagCursor, start: number, end: number, record: NmapPortRecord, seen: number): number {
  const text = cursor.text;
  const length = end - start;
  if (length === 5 && text.startsWith('state', start)) {
    if ((seen & SEEN_STATE) !== 0) return -1;
    return readState(cursor, record) ? seen | SEEN_STATE | PORT_LEAF : -1;
  }
  if (length === 7 && text.startsWith('service', start)) {
    if ((seen & SEEN_SERVICE) !== 0) return -1;
    return readService(cursor, record) ? seen | SEEN_SERVICE | PORT_LEAF : -1;
  }
  if (length === 6 && text.startsWith('script', start)) return readScript(cursor, record) ? seen | PORT_LEAF : -1;
  if ((length === 8 && text.startsWith('protocol', start)) || (length === 6 && text.startsWith('portid', start))) return -1;
  return cursor.skipAttributes() ? seen : -1;
}
