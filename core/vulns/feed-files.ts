// Reads vulnerability data files: an NVD record (the API's `cve` object, or `{ "cve": … }`), an NVD API
// 2.0 page `{ "vulnerabilities": [ { "cve": … } ] }`, the CISA KEV catalog, or a directory of any of them
// (walked recursively, *.json). One file at a time, so memory stays bounded by the largest file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isKevCatalog, readKevCatalog } from '../../vulns/kev-catalog.js';
import { NvdRecordError, readNvdRecord } from '../../vulns/nvd-record.js';
import type { KevCatalog, VulnerabilityRecord } from '../../vulns/types.js';
import type { VulnerabilityInput } from '../../db/repositories/vulnerability.repository.js';
import { UserError } from '../errors.js';
import { FeedParser } from './feed-parser.js';
import { vulnerabilityRow } from './record-rows.js';

export type FeedDocument =
  | { kind: 'nvd'; path: string; records: VulnerabilityRecord[]; skipped: number }
  /** NVD records already turned into store rows (by the parsing worker, see feed-parse-worker.ts). */
  | { kind: 'nvd-rows'; path: string; rows: VulnerabilityInput[]; newestModified: string | null; skipped: number }
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

/** One file, read and parsed. */
export async function readFeedFile(file: string): Promise<FeedDocument> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError('BAD_INPUT', `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  return readFeedDocument(file, value);
}

/** One file as the import takes it: NVD records as store rows. */
export async function readFeedFileAsRows(file: string): Promise<FeedDocument> {
  const doc = await readFeedFile(file);
  if (doc.kind !== 'nvd') return doc;
  let newestModified: string | null = null;
  for (const r of doc.records) if (r.lastModified && (newestModified === null || r.lastModified > newestModified)) newestModified = r.lastModified;
  return { kind: 'nvd-rows', path: doc.path, rows: doc.records.map(vulnerabilityRow), newestModified, skipped: doc.skipped };
}

/** Every file under `paths`, in order (directories sorted by name). */
export async function* feedFiles(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) yield* jsonFiles(path);
}

/** Files parsed ahead of the one the caller stores (each at most an API page of 2,000 records as rows). */
const PARSE_AHEAD = 2;

/**
 * Every document under `paths`, in order (directories sorted by name). Parsed in a worker thread when the
 * compiled worker is there (the next files are parsed while the caller stores this one, so the parser
 * keeps working while a batch is written), else in this thread.
 */
export async function* readFeedPaths(paths: readonly string[]): AsyncGenerator<FeedDocument> {
  const parser = FeedParser.open();
  if (!parser) {
    for await (const file of feedFiles(paths)) yield await readFeedFile(file);
    return;
  }
  try {
    const ahead: Array<Promise<FeedDocument>> = [];
    for await (const file of feedFiles(paths)) {
      const parsing = parser.parse(file);
      parsing.catch(() => undefined); // awaited below, in order
      ahead.push(parsing);
      if (ahead.length > PARSE_AHEAD) yield await ahead.shift()!;
    }
    while (ahead.length > 0) yield await ahead.shift()!;
  } finally {
    await parser.close();
  }
}
