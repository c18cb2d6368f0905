// Reads vulnerability data files: an NVD record (the API's `cve` object, or `{ "cve": … }`), an NVD API
// 2.0 page `{ "vulnerabilities": [ { "cve": … } ] }`, the CISA KEV catalog, or a directory of any of them
// (walked recursively, *.json). One file at a time, so memory stays bounded by the largest file.
import { isAscii } from 'node:buffer';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { splitTopLevelArray, type ArraySplit } from '../../vulns/json-array-split.js';
import { isKevCatalog, readKevCatalog } from '../../vulns/kev-catalog.js';
import { NvdRecordError, readNvdRecord } from '../../vulns/nvd-record.js';
import type { KevCatalog, VulnerabilityRecord } from '../../vulns/types.js';
import { vulnerabilityLines, type VulnerabilityLines } from '../../db/repositories/vulnerability-lines.js';
import { UserError } from '../errors.js';
import { FeedParser } from './feed-parser.js';
import { vulnerabilityRow } from './record-rows.js';

export type FeedDocument =
  | { kind: 'nvd'; path: string; records: VulnerabilityRecord[]; skipped: number }
  /** NVD records already turned into store rows as COPY text (by a parsing thread, see feed-parse-worker.ts). */
  | { kind: 'nvd-lines'; path: string; lines: VulnerabilityLines; newestModified: string | null; skipped: number }
  | { kind: 'kev'; path: string; catalog: KevCatalog; skipped: number };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** Turns one parsed JSON document into what it holds. */
export function readFeedDocument(path: string, value: unknown): FeedDocument {
  if (isKevCatalog(value)) {
    const { skipped, ...catalog } = readKevCatalog(value);
    return { kind: 'kev', path, catalog, skipped };
  }
  const doc = obj(value);
  if (doc && Array.isArray(doc.vulnerabilities)) {
    const records: VulnerabilityRecord[] = [];
    let skipped = 0;
    for (const item of doc.vulnerabilities as unknown[]) {
      try {
        records.push(readNvdRecord(obj(item)?.cve));
      } catch (error) {
        if (!(error instanceof NvdRecordError)) throw error;
        skipped += 1;
      }
    }
    return { kind: 'nvd', path, records, skipped };
  }
  try {
    return { kind: 'nvd', path, records: [readNvdRecord(doc && obj(doc.cve) ? doc.cve : doc)], skipped: 0 };
  } catch (error) {
    if (!(error instanceof NvdRecordError)) throw error;
    throw new UserError('BAD_INPUT', `${path}: not an NVD CVE record, an NVD API 2.0 page or the CISA KEV catalog. Give NVD JSON 2.0 files (nvd/CVE-*.json), API pages ({"vulnerabilities":[{"cve":…}]}) or known_exploited_vulnerabilities.json.`);
  }
}

async function* jsonFiles(path: string): AsyncGenerator<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UserError('NOT_FOUND', `${path}: no such file or directory.`);
  }
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* jsonFiles(child);
    else if (entry.name.endsWith('.json') && !entry.name.endsWith('_schema.json')) yield child;
  }
}

/**
 * The read buffer of this thread, kept between files: a feed is hundreds of 30 MB pages, and a fresh
 * buffer and string decoder for each cost more than parsing it (measured: 40,000 records read and parsed
 * in 9.5 s with readFile(…, 'utf8'), 4.5 s into one reused buffer decoded in one go).
 */
let spareBuffer: Buffer | null = Buffer.allocUnsafeSlow(0);
/** A feed of one huge file must not keep its buffer for the rest of the process. */
const KEPT_BUFFER_BYTES = 256 << 20;

/** Reads `file` whole into the spare buffer (a new one when a read is already using it), then calls `use`. */
async function withFileBytes<T>(file: string, use: (bytes: Buffer) => T): Promise<T> {
  let buffer = spareBuffer ?? Buffer.allocUnsafeSlow(0);
  spareBuffer = null;
  try {
    const handle = await open(file, 'r');
    let length = 0;
    try {
      const size = (await handle.stat()).size;
      // One byte more than the file: the read that finds its end needs room.
      if (buffer.length <= size) buffer = Buffer.allocUnsafeSlow(Math.max(size + 1, buffer.length * 2));
      for (;;) {
        if (length === buffer.length) {
          const grown = Buffer.allocUnsafeSlow(buffer.length * 2);
          buffer.copy(grown, 0, 0, length);
          buffer = grown;
        }
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return use(buffer.subarray(0, length));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('BAD_INPUT', `${file}: cannot be read (${error instanceof Error ? error.message : String(error)}).`);
  } finally {
    if (buffer.length <= KEPT_BUFFER_BYTES) spareBuffer = buffer;
  }
}

/** Text of bytes: ASCII (as NVD feeds almost always are) as one-byte text, the quickest to make and to parse. */
const textOf = (bytes: Buffer, ascii: boolean, start = 0, end = bytes.length) => bytes.toString(ascii ? 'latin1' : 'utf8', start, end);

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError('BAD_INPUT', `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** One file, read and parsed. */
export async function readFeedFile(file: string): Promise<FeedDocument> {
  return withFileBytes(file, (bytes) => readFeedDocument(file, parseJson(file, textOf(bytes, isAscii(bytes)))));
}

/** The skeleton of an NVD API page (the page with its records taken out), or null when `bytes` is no such page. */
function nvdPageSplit(bytes: Buffer, ascii: boolean): ArraySplit | null {
  const split = splitTopLevelArray(bytes, 'vulnerabilities');
  if (!split) return null;
  let skeleton: unknown;
  try {
    skeleton = JSON.parse(split.skeleton.map((part) => textOf(Buffer.from(part.buffer, part.byteOffset, part.byteLength), ascii)).join(''));
  } catch {
    return null;
  }
  const doc = skeleton as { vulnerabilities?: unknown } | null;
  // A KEV catalog is read whole; a second "vulnerabilities" key (JSON.parse keeps the last) too.
  if (isKevCatalog(skeleton) || !Array.isArray(doc?.vulnerabilities) || doc.vulnerabilities.length > 0) return null;
  return split;
}

/** Signals that an element of a split page is not valid JSON: the page is then parsed whole, for JSON.parse's own error. */
class ElementSyntaxError extends Error {}

/**
 * One file as the import takes it: NVD records as the COPY text of their store rows. An API page is split
 * into its records first (vulns/json-array-split.ts), each parsed and turned into its row on its own.
 */
export async function readFeedFileAsLines(file: string): Promise<FeedDocument> {
  return withFileBytes(file, (bytes) => {
    const ascii = isAscii(bytes);
    const page = nvdPageSplit(bytes, ascii);
    if (page) {
      try {
        return pageAsLines(file, bytes, ascii, page);
      } catch (error) {
        if (!(error instanceof ElementSyntaxError)) throw error;
      }
    }
    const doc = readFeedDocument(file, parseJson(file, textOf(bytes, ascii)));
    if (doc.kind !== 'nvd') return doc;
    return { kind: 'nvd-lines', path: file, lines: vulnerabilityLines(doc.records.map(vulnerabilityRow), copyTextHint(bytes.length)), newestModified: newestOf(doc.records), skipped: doc.skipped };
  });
}

/** A page's COPY text is a little under half its JSON (measured: 10.9 of 25.6 MB); the buffer grows if not. */
const copyTextHint = (jsonBytes: number) => Math.ceil(jsonBytes / 2);

function newestOf(records: readonly VulnerabilityRecord[]): string | null {
  let newest: string | null = null;
  for (const r of records) if (r.lastModified && (newest === null || r.lastModified > newest)) newest = r.lastModified;
  return newest;
}

function pageAsLines(file: string, bytes: Buffer, ascii: boolean, page: ArraySplit): FeedDocument {
  let skipped = 0;
  let newestModified: string | null = null;
  const rows = (function* () {
    for (const [start, end] of page.elements) {
      let item: unknown;
      try {
        item = JSON.parse(textOf(bytes, ascii, start, end));
      } catch {
        throw new ElementSyntaxError();
      }
      let record: VulnerabilityRecord;
      try {
        record = readNvdRecord(obj(item)?.cve);
      } catch (error) {
        if (!(error instanceof NvdRecordError)) throw error;
        skipped += 1;
        continue;
      }
      if (record.lastModified && (newestModified === null || record.lastModified > newestModified)) newestModified = record.lastModified;
      yield vulnerabilityRow(record);
    }
  })();
  const lines = vulnerabilityLines(rows, copyTextHint(bytes.length));
  return { kind: 'nvd-lines', path: file, lines, newestModified, skipped };
}

/** Every file under `paths`, in order (directories sorted by name). */
export async function* feedFiles(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) yield* jsonFiles(path);
}

/** Files parsed ahead of the one the caller stores, per parser thread (each at most an API page of 2,000 records as COPY text). */
const PARSE_AHEAD = 2;

/**
 * Every document under `paths`, in order (directories sorted by name). Parsed in a worker thread when the
 * compiled worker is there (the next files are parsed while the caller stores this one, so the parser
 * keeps working while a batch is written), else in this thread.
 */
export async function* readFeedPaths(paths: readonly string[]): AsyncGenerator<FeedDocument> {
  const parser = FeedParser.open();
  if (!parser) {
    for await (const file of feedFiles(paths)) yield await readFeedFileAsLines(file);
    return;
  }
  try {
    const ahead: Array<Promise<FeedDocument>> = [];
    for await (const file of feedFiles(paths)) {
      const parsing = parser.parse(file);
      parsing.catch(() => undefined); // awaited below, in order
      ahead.push(parsing);
      if (ahead.length > PARSE_AHEAD * parser.threads) yield await ahead.shift()!;
    }
    while (ahead.length > 0) yield await ahead.shift()!;
  } finally {
    await parser.close();
  }
}
