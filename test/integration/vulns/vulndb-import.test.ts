// Importing the real data: every NVD record in shared/vulndata and the KEV catalog go into PostgreSQL;
// importing them again changes nothing; the bundled API page holds the same records; the CLI prints counts.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledVulnerabilityData } from '../../../core/vulns/bundled-data.js';
import { readFeedPaths } from '../../../core/vulns/feed-files.js';
import { VulnerabilityImport } from '../../../core/vulns/import-vulndb.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { KEV_FILE, NVD_DIR, REPO_ROOT, kevCatalog, nvdFiles } from '../../helpers/vulndata.js';

const run = promisify(execFile);
let sut: TestDatabase;

async function importPaths(paths: string[]) {
  const load = new VulnerabilityImport(sut.db);
  for await (const doc of readFeedPaths(paths)) await load.add(doc);
  return load.finish();
}

beforeAll(async () => {
  sut = await createTestDatabase();
});
afterAll(async () => {
  await sut.drop();
});

describe('vulndb import', () => {
  it('loads every NVD record and the whole KEV catalog', async () => {
    const summary = await importPaths([NVD_DIR, KEV_FILE]);
    const records = nvdFiles().length;
    const kev = kevCatalog().vulnerabilities.length;
    expect(summary.nvd).toEqual({ inserted: records, updated: 0, unchanged: 0, skipped: 0 });
    expect(summary.kev).toMatchObject({ inserted: kev, updated: 0, unchanged: 0, catalogVersion: '2025.08.25' });
    const stored = await sut.db.selectFrom('vulnerabilities').select(['cve_id', 'cvss_score', 'cvss_version', 'products']).orderBy('cve_id').execute();
    expect(stored.map((r) => r.cve_id)).toEqual(nvdFiles().map((f) => f.slice(f.lastIndexOf('/') + 1, -5)));
    expect(stored.find((r) => r.cve_id === 'CVE-2024-6387')).toMatchObject({ cvss_score: 8.1, cvss_version: '3.1', products: expect.arrayContaining(['openbsd:openssh']) });
    expect(stored.find((r) => r.cve_id === 'CVE-2010-4221')).toMatchObject({ cvss_version: '2.0' });
    const kevRow = await sut.db.selectFrom('kev_entries').selectAll().where('cve_id', '=', 'CVE-2021-41773').executeTakeFirstOrThrow();
    expect(kevRow.required_action).toMatch(/\w/);
    expect(Number(await sut.db.selectFrom('kev_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst().then((r) => r?.n))).toBe(kev);
  });

  it('importing the same data again changes nothing', async () => {
    const before = await sut.db.selectFrom('vulnerabilities').select(['cve_id', 'imported_at']).orderBy('cve_id').execute();
    const summary = await importPaths([NVD_DIR, KEV_FILE]);
    expect(summary.nvd).toMatchObject({ inserted: 0, updated: 0, unchanged: nvdFiles().length });
    expect(summary.kev).toMatchObject({ inserted: 0, updated: 0, unchanged: kevCatalog().vulnerabilities.length });
    expect(summary.refresh).toBeNull();
    expect(await sut.db.selectFrom('vulnerabilities').select(['cve_id', 'imported_at']).orderBy('cve_id').execute()).toEqual(before);
  });

  it('the bundled API page holds the same records (an NVD API page imports like the single records)', async () => {
    const summary = await importPaths([join(REPO_ROOT, 'data', 'vulndb', 'nvd-records.json')]);
    expect(summary.nvd).toMatchObject({ inserted: 0, updated: 0, unchanged: nvdFiles().length });
  });

  it('the bundled data is loaded only into an empty store', async () => {
    expect(await loadBundledVulnerabilityData(sut.db)).toBeNull();
    const fresh = await createTestDatabase();
    try {
      const loaded = await loadBundledVulnerabilityData(fresh.db);
      expect(loaded?.nvd.inserted).toBe(nvdFiles().length);
      expect(loaded?.kev.inserted).toBe(kevCatalog().vulnerabilities.length);
    } finally {
      await fresh.drop();
    }
  });

  it('refuses a file that is not vulnerability data, saying what it takes', async () => {
    await expect(importPaths([join(REPO_ROOT, 'package.json')])).rejects.toThrow(/not an NVD CVE record, an NVD API 2.0 page or the CISA KEV catalog/);
  });

  it('`portcullis vulndb import` prints the counts and exits 0', async () => {
    const fresh = await createTestDatabase();
    try {
      const env = { ...process.env, DATABASE_URL: fresh.url, REDIS_URL: 'redis://127.0.0.1:6379', LOG_LEVEL: 'silent' };
      const { stdout } = await run('node', [join(REPO_ROOT, 'bin', 'portcullis.js'), 'vulndb', 'import', NVD_DIR, KEV_FILE], { env, timeout: 60_000 });
      // The CLI migrates first, which loads the bundled data (built from these very files) into the empty store.
      expect(stdout).toContain(`NVD: ${nvdFiles().length} records (0 new, 0 updated, ${nvdFiles().length} unchanged)`);
      expect(stdout).toContain(`KEV: ${kevCatalog().vulnerabilities.length} entries, catalog 2025.08.25 (0 new, 0 updated, ${kevCatalog().vulnerabilities.length} unchanged)`);
      const status = await run('node', [join(REPO_ROOT, 'bin', 'portcullis.js'), 'vulndb', 'status'], { env, timeout: 60_000 });
      expect(status.stdout).toContain(`NVD records: ${nvdFiles().length}`);
    } finally {
      await fresh.drop();
    }
  });
});
