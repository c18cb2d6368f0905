// `vulndb sync`: fetches NVD CVE API 2.0 pages and the CISA KEV catalog from their public URLs. NVD's rate
// limits are honoured with a sliding window (5 requests per 30 s without a key, 50 with NVD_API_KEY), a
// 403/429/503 is retried after a pause, and after the first sync only records modified since the last one
// are asked for (lastModStartDate/lastModEndDate, in windows of at most 120 days as the API requires).
import type { Kysely } from 'kysely';
import { vulndbSources } from '../../db/repositories/kev.repository.js';
import type { Database } from '../../db/schema/database.js';
import { UserError } from '../errors.js';
import { readFeedDocument } from './feed-files.js';
import { VulnerabilityImport, type ImportSummary } from './import-vulndb.js';
import type { PublishVulnerabilityAlert } from './refresh-matches.js';

export interface SyncOptions {
  nvdUrl: string;
  kevUrl: string;
  apiKey?: string;
  /** Requests allowed per window (default 5, or 50 with a key) and the window (default 30 s). */
  requestsPerWindow?: number;
  windowMs?: number;
  resultsPerPage?: number;
  /** Per request. */
  timeoutMs?: number;
  retries?: number;
  publish?: PublishVulnerabilityAlert;
  now?: () => Date;
  log?: (line: string) => void;
}

const MAX_RANGE_MS = 120 * 24 * 3600 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits so that no more than `limit` requests start in any `windowMs`. */
class SlidingWindow {
  private readonly starts: number[] = [];
  constructor(private readonly limit: number, private readonly windowMs: number) {}
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.starts.length > 0 && now - (this.starts[0] ?? 0) >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return;
      }
      await sleep(this.windowMs - (now - (this.starts[0] ?? now)) + 5);
    }
  }
}

/** NVD's date format: ISO-8601 with milliseconds and an explicit zone. */
const nvdDate = (d: Date) => d.toISOString().replace('Z', '+00:00');

async function getJson(url: string, options: SyncOptions, window: SlidingWindow, headers: Record<string, string>): Promise<unknown> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    await window.take();
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
    } catch (error) {
      if (attempt >= retries) throw new UserError('SCANNER', `vulndb sync: ${new URL(url).host} did not answer (${error instanceof Error ? error.message : String(error)}). Check the network, or import files with \`portcullis vulndb import\`.`);
      await sleep(Math.min(30_000, 1000 * 2 ** attempt));
      continue;
    }
    if (response.ok) return response.json();
    if ((response.status === 403 || response.status === 429 || response.status >= 500) && attempt < retries) {
      await response.body?.cancel();
      await sleep(Math.min(30_000, (options.windowMs ?? 30_000) / 5 * (attempt + 1)));
      continue;
    }
    throw new UserError('SCANNER', `vulndb sync: ${new URL(url).host} answered ${response.status}${response.status === 403 || response.status === 429 ? ' (rate limit: set NVD_API_KEY, or wait and retry)' : ''}.`);
  }
}

function pageUrl(base: string, startIndex: number, perPage: number, range: { start: Date; end: Date } | null): string {
  const url = new URL(base);
  url.searchParams.set('resultsPerPage', String(perPage));
  url.searchParams.set('startIndex', String(startIndex));
  if (range) {
    url.searchParams.set('lastModStartDate', nvdDate(range.start));
    url.searchParams.set('lastModEndDate', nvdDate(range.end));
  }
  return url.toString();
}

/** Date windows from `from` to `to`, each at most 120 days; one null window (everything) when no `from`. */
function windows(from: Date | null, to: Date): Array<{ start: Date; end: Date } | null> {
  if (!from) return [null];
  const out: Array<{ start: Date; end: Date }> = [];
  for (let start = from.getTime(); start < to.getTime(); start += MAX_RANGE_MS) out.push({ start: new Date(start), end: new Date(Math.min(to.getTime(), start + MAX_RANGE_MS)) });
  return out;
}

export async function syncVulnerabilityData(db: Kysely<Database>, options: SyncOptions): Promise<ImportSummary> {
  const log = options.log ?? (() => undefined);
  const window = new SlidingWindow(options.requestsPerWindow ?? (options.apiKey ? 50 : 5), options.windowMs ?? 30_000);
  const headers: Record<string, string> = options.apiKey ? { apiKey: options.apiKey } : {};
  const perPage = options.resultsPerPage ?? 2000;
  const nvdState = (await vulndbSources(db)).find((s) => s.source === 'nvd');
  // An increment starts where the last sync's newest record left off.
  const from = nvdState?.last_modified ?? null;
  const now = (options.now ?? (() => new Date()))();
  const load = new VulnerabilityImport(db);
  for (const range of windows(from, now)) {
    for (let startIndex = 0; ;) {
      const url = pageUrl(options.nvdUrl, startIndex, perPage, range);
      const page = (await getJson(url, options, window, headers)) as { totalResults?: unknown; resultsPerPage?: unknown; vulnerabilities?: unknown[] };
      const doc = readFeedDocument(url, page);
      await load.add(doc);
      const count = Array.isArray(page.vulnerabilities) ? page.vulnerabilities.length : 0;
      const total = typeof page.totalResults === 'number' ? page.totalResults : 0;
      startIndex += count;
      log(`NVD: ${startIndex} of ${total}${range ? ` modified ${range.start.toISOString().slice(0, 10)}..${range.end.toISOString().slice(0, 10)}` : ''}`);
      if (count === 0 || startIndex >= total) break;
    }
  }
  const kev = await getJson(options.kevUrl, { ...options, retries: options.retries ?? 3 }, new SlidingWindow(10, 1000), {});
  await load.add(readFeedDocument(options.kevUrl, kev));
  return load.finish({ source: 'NVD API 2.0', ...(options.publish ? { publish: options.publish } : {}) });
}
