// `vulndb sync` against a local fake of the NVD API 2.0 and the KEV feed (serving the shared records): pages
// are followed, the rate limit window is honoured, a 429 is retried, the next sync asks only for records
// modified since the last one, NVD_API_KEY is sent, and the CLI reads its URLs from the environment.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncVulnerabilityData } from '../../../core/vulns/nvd-sync.js';
import { startFakeNvd, type FakeNvd } from '../../fakes/nvd-api.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { KEV_FILE, REPO_ROOT, kevCatalog, nvdFiles } from '../../helpers/vulndata.js';

const run = promisify(execFile);
let fake: FakeNvd;
let sut: TestDatabase;
const records = nvdFiles().map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>);

beforeAll(async () => {
  fake = await startFakeNvd(records, KEV_FILE);
  sut = await createTestDatabase();
});
afterAll(async () => {
  await fake?.close();
  await sut?.drop();
});

describe('vulndb sync', () => {
  it('fetches every page within the rate limit, retries a 429, loads KEV', async () => {
    fake.rateLimitNext();
    const summary = await syncVulnerabilityData(sut.db, { nvdUrl: fake.nvdUrl, kevUrl: fake.kevUrl, resultsPerPage: 15, requestsPerWindow: 2, windowMs: 400, apiKey: 'test-key' });
    expect(summary.nvd).toMatchObject({ inserted: records.length, updated: 0 });
    expect(summary.kev.inserted).toBe(kevCatalog().vulnerabilities.length);
    const nvd = fake.requests.filter((r) => r.path.endsWith('/cves/2.0'));
    // 429 first, then the three pages of 15.
    expect(nvd.map((r) => r.query.startIndex)).toEqual(['0', '0', '15', '30']);
    expect(nvd.every((r) => r.apiKey === 'test-key' && r.query.resultsPerPage === '15' && r.query.lastModStartDate === undefined)).toBe(true);
    // No more than 2 requests in any 400 ms. These are arrival times at the fake: on a loaded machine an
    // earlier request can arrive late by some milliseconds, so the gap is checked with that much slack.
    for (let i = 2; i < nvd.length; i++) expect(nvd[i]!.at - nvd[i - 2]!.at).toBeGreaterThanOrEqual(375);
    expect(fake.unexpected).toEqual([]);
  });

  it('the next sync asks only for what was modified since the newest record it has', async () => {
    const newest = records.map((r) => String(r.lastModified)).sort().at(-1)!;
    fake.requests.length = 0;
    const summary = await syncVulnerabilityData(sut.db, { nvdUrl: fake.nvdUrl, kevUrl: fake.kevUrl, requestsPerWindow: 5, windowMs: 100 });
    const [nvd] = fake.requests.filter((r) => r.path.endsWith('/cves/2.0'));
    expect(Date.parse(nvd!.query.lastModStartDate!)).toBe(Date.parse(`${newest}Z`));
    expect(nvd!.query.lastModEndDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(nvd!.apiKey).toBeUndefined();
    expect(summary.nvd).toMatchObject({ inserted: 0, updated: 0 });
    expect(summary.nvd.unchanged).toBeGreaterThanOrEqual(1);
    expect(fake.unexpected).toEqual([]);
  });

  it('`portcullis vulndb sync` takes NVD_API_URL, KEV_URL and NVD_API_KEY from the environment', async () => {
    const fresh = await createTestDatabase();
    try {
      fake.requests.length = 0;
      const env = { ...process.env, DATABASE_URL: fresh.url, NVD_API_URL: fake.nvdUrl, KEV_URL: fake.kevUrl, NVD_API_KEY: 'env-key', LOG_LEVEL: 'silent' };
      const { stdout } = await run('node', [join(REPO_ROOT, 'bin', 'portcullis.js'), 'vulndb', 'sync'], { env, timeout: 120_000 });
      expect(stdout).toMatch(/^NVD: \d+ records/m);
      expect(stdout).toContain('KEV: ');
      const nvd = fake.requests.filter((r) => r.path.endsWith('/cves/2.0'));
      expect(nvd.length).toBeGreaterThanOrEqual(1);
      // migrate loaded the bundled data first, so even this first sync is an increment.
      expect(nvd.every((r) => r.apiKey === 'env-key' && r.query.lastModStartDate !== undefined)).toBe(true);
      expect(fake.unexpected).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });
});
