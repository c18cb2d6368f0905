// The vulnerability store benchmarks, the 250,000-record import paid once:
// vulndb_import_records_per_s — `vulndb import` of 250,000 NVD records derived from the real ones (API pages
// of 2,000, written by a child process first) with the peak RSS of the process, which imports and nothing
// else (memory stays bounded: a few pages and one batch at a time, whatever the feed's size);
// vuln_match_overhead_ratio — what CVE matching adds to the ingest of a run of 100,000 open ports against
// that store: the same ports are ingested into a second, empty store (matching has nothing to do) and into
// the loaded one, alternately, seven times each; the ratio is the extra median time over the first. The
// matching step alone (run again over the last run's stored ports) is reported too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { ingestRunResult } from '../core/scans/run-ingest.js';
import { readFeedPaths } from '../core/vulns/feed-files.js';
import { VulnerabilityImport } from '../core/vulns/import-vulndb.js';
import { matchRunVulnerabilities } from '../core/vulns/match-run.js';
import { insertNextRun } from '../db/repositories/run.repository.js';
import { insertScan } from '../db/repositories/scan.repository.js';
import type { Database } from '../db/schema/database.js';
import type { OpenPort, ScanResult } from '../scanner/types.js';
import { figure, report, type BenchFigure } from './figures.js';
import { withBenchDatabase } from './lib/bench-database.js';
import { writeDerivedFeed } from './lib/derived-vulndata.js';

const PORTS = 100_000;
const RECORDS = 250_000;
/** Ingests of each kind, alternated. */
const SAMPLES = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** What service detection reports on a perimeter: a mix of real products and versions, most ports bare. */
const SOFTWARE: Array<Pick<OpenPort, 'port' | 'service' | 'product' | 'version' | 'cpes'>> = [
  { port: 22, service: 'ssh', product: 'OpenSSH', version: '8.9p1 Ubuntu 3ubuntu0.10 (Ubuntu Linux; protocol 2.0)', cpes: ['cpe:/a:openbsd:openssh:8.9p1', 'cpe:/o:linux:linux_kernel'] },
  { port: 22, service: 'ssh', product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u3 (protocol 2.0)', cpes: ['cpe:/a:openbsd:openssh:9.2p1'] },
  { port: 22, service: 'ssh', product: 'OpenSSH', version: '9.8p1', cpes: ['cpe:/a:openbsd:openssh:9.8p1'] },
  { port: 80, service: 'http', product: 'Apache httpd', version: '2.4.49 ((Unix))', cpes: ['cpe:/a:apache:http_server:2.4.49'] },
  { port: 80, service: 'http', product: 'Apache httpd', version: '2.4.62 ((Debian))', cpes: ['cpe:/a:apache:http_server:2.4.62'] },
  { port: 443, service: 'ssl/http', product: 'nginx', version: '1.18.0 (Ubuntu)', cpes: ['cpe:/a:igor_sysoev:nginx:1.18.0'] },
  { port: 443, service: 'ssl/http', product: 'nginx', version: '1.25.3', cpes: ['cpe:/a:igor_sysoev:nginx:1.25.3'] },
  { port: 21, service: 'ftp', product: 'vsftpd', version: '2.3.4', cpes: ['cpe:/a:beasts:vsftpd:2.3.4'] },
  { port: 25, service: 'smtp', product: 'Exim smtpd', version: '4.92.3', cpes: ['cpe:/a:exim:exim:4.92.3'] },
  { port: 6379, service: 'redis', product: 'Redis key-value store', version: '7.0.15', cpes: ['cpe:/a:redislabs:redis:7.0.15'] },
  { port: 8080, service: 'http', product: 'Jetty', version: '9.4.z-SNAPSHOT', cpes: ['cpe:/a:eclipse:jetty:9.4.z-snapshot'] },
];

function ports(): OpenPort[] {
  return Array.from({ length: PORTS }, (_, i) => {
    // 100,000 distinct addresses (a /16 holds 65,536): ip:port pairs stay unique, as open_ports_run_key requires.
    const ip = `198.${51 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    if (i % 5 >= 2) return { ip, port: 1000 + (i % 50000), protocol: 'tcp', state: 'open', service: 'unknown' };
    const s = SOFTWARE[i % SOFTWARE.length]!;
    return { ip, port: s.port, protocol: 'tcp', state: 'open', service: s.service!, product: s.product!, version: s.version!, cpes: s.cpes!, ttl: 64 };
  });
}

async function newRun(db: Kysely<Database>): Promise<number> {
  const scan = await insertScan(db, {
    name: 'bench', targets: ['198.51.0.0/16', '198.52.0.0/16'], ports: 'all', scanner: 'nmap', rate: 1000, timeout_seconds: 3600, port_timeout_ms: 1500,
    protocol: 'tcp', schedule: null, timezone: null, created_by_platform: 'console', created_by: 'bench', created_channel: 'bench',
  });
  return (await insertNextRun(db, scan.id, 'create', 'running')).id;
}

function result(openPorts: OpenPort[]): ScanResult {
  const now = new Date();
  return { status: 'completed', openPorts, findings: [], warnings: [], progress: 100, startedAt: now, endedAt: now };
}

async function timedIngest(db: Kysely<Database>, data: OpenPort[]): Promise<{ seconds: number; runId: number }> {
  const runId = await newRun(db);
  const start = performance.now();
  await ingestRunResult(db, runId, result(data), 0);
  return { seconds: (performance.now() - start) / 1000, runId };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
if (process.argv[2] === 'write-feed') {
  // The child that writes the feed: its memory is not the import's.
  writeDerivedFeed(process.argv[3]!, Number(process.argv[4]));
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'pcl-vulndb-bench-'));
try {
  const writer = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'write-feed', dir, String(RECORDS)], { stdio: 'inherit', timeout: 600_000 });
  if (writer.status !== 0) throw new Error(`writing the derived feed failed (${writer.status ?? writer.signal})`);
  say(`feed of ${RECORDS} derived records written; peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  // Two stores: `empty` (matching has nothing to do) and `db` (the records loaded). The ingests are then
  // alternated between them and compared by their medians: one ingest of 100k ports swings by ±0.1 s on a
  // shared 2-core machine, several times what matching adds.
  await withBenchDatabase(2, (empty) => withBenchDatabase(2, async (db) => {
    const figures: BenchFigure[] = [];
    const data = ports();
    const start = performance.now();
    const load = new VulnerabilityImport(db);
    for await (const doc of readFeedPaths([dir])) await load.add(doc);
    const summary = await load.finish({ rematch: false });
    const seconds = (performance.now() - start) / 1000;
    if (summary.nvd.inserted !== RECORDS) throw new Error(`unexpected counts: ${JSON.stringify(summary.nvd)}`);
    const peak = process.resourceUsage().maxRSS / 1024;
    say(`imported ${RECORDS} records in ${seconds.toFixed(1)} s (${(RECORDS / seconds).toFixed(0)}/s); peak RSS ${peak.toFixed(0)} MB`);
    figures.push(figure('vulndb_import_records_per_s', RECORDS / seconds, 'records/s', { target: '>= 5000' }), figure('vulndb_import_peak_rss_mb', peak, 'MB'));

    for (const store of [empty, db]) {
      await sql`ANALYZE`.execute(store);
      await timedIngest(store, data); // warm-up: caches, JIT
    }
    const bare: number[] = [];
    const withData: number[] = [];
    let lastRun = 0;
    for (let i = 0; i < SAMPLES; i++) {
      bare.push((await timedIngest(empty, data)).seconds);
      const loaded = await timedIngest(db, data);
      withData.push(loaded.seconds);
      lastRun = loaded.runId;
    }
    const matchStart = performance.now();
    const matched = await matchRunVulnerabilities(db, lastRun);
    const matchSeconds = (performance.now() - matchStart) / 1000;
    const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
    say(`ingest of ${PORTS} ports (medians ${median(bare).toFixed(3)} s and ${median(withData).toFixed(3)} s), empty store: ${list(bare)} s; with ${RECORDS} records: ${list(withData)} s; matching again alone ${matchSeconds.toFixed(2)} s (${matched.findings} findings, ${matched.matches} CVE matches)`);
    figures.push(
      figure('vuln_match_overhead_ratio', (median(withData) - median(bare)) / median(bare), 'ratio', { target: '<= 0.10' }),
      figure('vuln_match_seconds_100k_ports', matchSeconds, 's', { baseline: median(bare), baselineName: 'ingest of the same run, no data' }),
    );
    report(figures);
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
