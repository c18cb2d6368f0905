// vulndb_import_records_per_s: `vulndb import` of 250,000 NVD records derived from the real ones (API
// pages of 2,000), into a throw-away database, with the peak RSS of the process (memory must stay bounded:
// one page and one batch at a time, whatever the feed's size). Re-importing the same feed is measured too
// (nothing changes: the upsert compares and skips).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFeedPaths } from '../core/vulns/feed-files.js';
import { VulnerabilityImport } from '../core/vulns/import-vulndb.js';
import { figure, report } from './figures.js';
import { withBenchDatabase } from './lib/bench-database.js';
import { writeDerivedFeed } from './lib/derived-vulndata.js';

const RECORDS = 250_000;
const dir = mkdtempSync(join(tmpdir(), 'pcl-vulndb-bench-'));
try {
  writeDerivedFeed(dir, RECORDS);
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  await withBenchDatabase(2, async (db) => {
    const timed = async () => {
      const start = performance.now();
      const load = new VulnerabilityImport(db);
      for await (const doc of readFeedPaths([dir])) await load.add(doc);
      const summary = await load.finish({ rematch: false });
      return { seconds: (performance.now() - start) / 1000, summary };
    };
    const first = await timed();
    const again = await timed();
    if (first.summary.nvd.inserted !== RECORDS || again.summary.nvd.unchanged !== RECORDS) throw new Error(`unexpected counts: ${JSON.stringify([first.summary.nvd, again.summary.nvd])}`);
    const peak = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`imported ${RECORDS} records in ${first.seconds.toFixed(1)} s, re-import ${again.seconds.toFixed(1)} s; peak RSS ${peak.toFixed(0)} MB (${rssBefore.toFixed(0)} MB after writing the feed)\n`);
    report([
      figure('vulndb_import_records_per_s', RECORDS / first.seconds, 'records/s', { target: '>= 5000' }),
      figure('vulndb_reimport_records_per_s', RECORDS / again.seconds, 'records/s'),
      figure('vulndb_import_peak_rss_mb', peak, 'MB'),
    ]);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
