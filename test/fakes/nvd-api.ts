// A local fake of the NVD CVE API 2.0 and of the CISA KEV feed, serving the shared real records. It pages
// like NVD (resultsPerPage, startIndex, totalResults), filters by lastModStartDate/lastModEndDate, can be
// told to answer 429 once, and records every request; anything it does not know is a 404 and is listed in
// `unexpected`, so a test can fail on a request nobody meant to make.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  at: number;
  path: string;
  query: Record<string, string>;
  apiKey: string | undefined;
}

export interface FakeNvd {
  nvdUrl: string;
  kevUrl: string;
  requests: FakeRequest[];
  unexpected: string[];
  /** Answer the next NVD request with 429. */
  rateLimitNext(): void;
  close(): Promise<void>;
}

const NVD_PATH = '/rest/json/cves/2.0';
const KEV_PATH = '/feeds/known_exploited_vulnerabilities.json';

export async function startFakeNvd(records: Array<Record<string, unknown>>, kevFile: string): Promise<FakeNvd> {
  const requests: FakeRequest[] = [];
  const unexpected: string[] = [];
  let limitNext = false;
  const kev = readFileSync(kevFile);
  const sorted = [...records].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const handle = (req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ at: Date.now(), path: url.pathname, query, apiKey: req.headers.apikey as string | undefined });
    if (req.method !== 'GET') return { status: 405, body: '' };
    if (url.pathname === KEV_PATH) return { status: 200, body: kev };
    if (url.pathname !== NVD_PATH) return { status: 404, body: '' };
    if (limitNext) {
      limitNext = false;
      return { status: 429, body: '' };
    }
    const start = query.lastModStartDate ? Date.parse(query.lastModStartDate) : undefined;
    const end = query.lastModEndDate ? Date.parse(query.lastModEndDate) : undefined;
    if ((start === undefined) !== (end === undefined) || Number.isNaN(start) || Number.isNaN(end)) return { status: 404, body: 'lastModStartDate and lastModEndDate go together' };
    const modified = (r: Record<string, unknown>) => Date.parse(`${String(r.lastModified)}Z`);
    const matching = sorted.filter((r) => start === undefined || (modified(r) >= start && modified(r) <= (end ?? Infinity)));
    const perPage = Math.min(2000, Number(query.resultsPerPage ?? 2000));
    const startIndex = Number(query.startIndex ?? 0);
    const page = matching.slice(startIndex, startIndex + perPage);
    return {
      status: 200,
      body: JSON.stringify({ resultsPerPage: page.length, startIndex, totalResults: matching.length, format: 'NVD_CVE', version: '2.0', timestamp: new Date().toISOString(), vulnerabilities: page.map((cve) => ({ cve })) }),
    };
  };
  const server: Server = createServer((req, res) => {
    const { status, body } = handle(req);
    if (status === 404 || status === 405) unexpected.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    nvdUrl: `http://127.0.0.1:${port}${NVD_PATH}`,
    kevUrl: `http://127.0.0.1:${port}${KEV_PATH}`,
    requests,
    unexpected,
    rateLimitNext: () => {
      limitNext = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
