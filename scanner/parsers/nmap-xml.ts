// Streaming nmap XML (-oX) parser. The byte stream is cut after the last `</host>` of each chunk, and each
// <host> element is parsed on its own (fast attribute scanner, fast-xml-parser for anything unusual), so
// memory stays bounded by the largest host, not the file, and the event loop runs between chunks. No
// entity is ever expanded. A document cut short (nmap killed mid-run) yields the hosts completed so far.
import type { OpenPort } from '../types.js';
import type { NmapHost } from './nmap-host.js';
import { NmapDocument, type HostParser, type NmapDocumentState } from './nmap-document.js';
import type { NmapProgress } from './nmap-progress.js';
import { sourceChunks, type ParserSource } from './source.js';

export { parseNmapProgressLine, type NmapProgress } from './nmap-progress.js';
export type { NmapHost, NmapPortRecord, NmapService } from './nmap-host.js';
export { documentOutcome, mergeDocumentStates, type NmapDocumentState } from './nmap-document.js';

export interface NmapParseResult {
  /** Open ports of every host (empty when `collect: false`). */
  openPorts: OpenPort[];
  /** <host> elements read completely. */
  hosts: number;
  /** The document ended with </nmaprun>; false for output of an nmap that was stopped or crashed. */
  finished: boolean;
  warnings: string[];
  /** The last <taskprogress> in the document (nmap writes them with --stats-every). */
  progress?: NmapProgress;
}

export interface NmapParseOptions {
  /** Keep the open ports in the result (default true). With false, only `onHost` sees them: bounded memory. */
  collect?: boolean;
  /** `auto` (default): attribute scanner, fast-xml-parser when a host needs it. `fxp`: fast-xml-parser always. */
  hostParser?: HostParser;
  /** Awaited after each run of whole hosts went to `onHost` (back-pressure for a slow consumer). */
  afterHosts?: () => Promise<void>;
}

/** A host element larger than this is skipped (with a warning) instead of being held in memory. */
export const MAX_HOST_BYTES = 32 << 20;
const CLOSE_HOST = Buffer.from('</host>');

/** Where to cut `chunk` so everything before the cut ends with a complete `</host>`; -1 if nowhere. */
function cutPoint(chunk: Buffer, tail: Buffer, first: boolean): number {
  const inside = first ? chunk.indexOf(CLOSE_HOST) : chunk.lastIndexOf(CLOSE_HOST);
  const across = tail.length > 0 ? Buffer.concat([tail, chunk.subarray(0, CLOSE_HOST.length - 1)]).indexOf(CLOSE_HOST) : -1;
  const acrossCut = across === -1 ? -1 : across + CLOSE_HOST.length - tail.length;
  if (first) return acrossCut !== -1 ? acrossCut : inside === -1 ? -1 : inside + CLOSE_HOST.length;
  return inside !== -1 ? inside + CLOSE_HOST.length : acrossCut;
}

function tailOf(chunk: Buffer): Buffer {
  return Buffer.from(chunk.subarray(Math.max(0, chunk.length - (CLOSE_HOST.length - 1))));
}

/** The text of whole host elements; line ends normalised to \n as fast-xml-parser does, for both paths. */
function decode(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return bytes.indexOf(13) === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * Parses nmap XML output. `onHost` is called for every host with its open ports; with `collect: false`
 * the ports are only delivered there, which keeps memory flat on files of any size.
 */
export async function parseNmapXml(
  source: ParserSource,
  onHost?: (ports: OpenPort[], host: NmapHost) => void,
  options: NmapParseOptions = {},
): Promise<NmapParseResult> {
  const doc = new NmapDocument(onHost, options.collect ?? true, options.hostParser ?? 'auto');
  await readDocument(doc, source, options);
  return doc.result();
}

/**
 * Parses one byte range of an nmap XML file that starts at the file's start or right after a `</host>`
 * (so no element is cut): the hosts go to `onHost`, and the part's state is merged with the other parts'
 * (mergeDocumentStates, documentOutcome) for the warnings of the whole document.
 */
export async function parseNmapXmlPart(
  source: ParserSource,
  onHost: (ports: OpenPort[], host: NmapHost) => void,
  options: Pick<NmapParseOptions, 'afterHosts'> = {},
): Promise<NmapDocumentState> {
  const doc = new NmapDocument(onHost, false, 'auto');
  await readDocument(doc, source, options);
  return doc.state();
}

async function readDocument(doc: NmapDocument, source: ParserSource, options: NmapParseOptions): Promise<void> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tail: Buffer = Buffer.alloc(0);
  let skipping = false;
  for await (const next of sourceChunks(source)) {
    let chunk: Buffer = next;
    if (skipping) {
      const end = cutPoint(chunk, tail, true);
      tail = tailOf(chunk);
      if (end === -1) continue;
      skipping = false;
      chunk = chunk.subarray(end);
    }
    const cut = cutPoint(chunk, pendingBytes > 0 ? tail : Buffer.alloc(0), false);
    tail = tailOf(chunk);
    if (cut === -1) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > MAX_HOST_BYTES) {
        doc.oversizedHosts += 1;
        pending = [];
        pendingBytes = 0;
        skipping = true;
      }
      continue;
    }
    pending.push(chunk.subarray(0, cut));
    doc.readSegment(decode(Buffer.concat(pending)));
    if (options.afterHosts) await options.afterHosts();
    const rest = chunk.subarray(cut);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
  }
  doc.readEnd(decode(Buffer.concat(pending)), skipping);
}
