// Real nmap -sV against a test host whose servers announce old versions (OpenSSH 8.9p1, Apache 2.4.49,
// vsftpd 2.3.4) and a patched one (Apache 2.4.62), ingested into PostgreSQL holding the real NVD records and
// KEV catalog: ingest matches the stored ports, the right CVEs are found, KEV ones marked, 2.4.62 clean.
import type { ChildProcess } from 'node:child_process';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanService } from '../../../core/scans/scan-service.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { readFeedPaths } from '../../../core/vulns/feed-files.js';
import { VulnerabilityImport } from '../../../core/vulns/import-vulndb.js';
import { buildReport } from '../../../core/reports/build-report.js';
import { runScan } from '../../../scanner/engine.js';
import { parsePortSpec } from '../../../scanner/ports.js';
import type { ScanResult } from '../../../scanner/types.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { OLD_VERSION_PORTS, startOldVersionServers } from '../../helpers/old-version-servers.js';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';
import { KEV_FILE, NVD_DIR } from '../../helpers/vulndata.js';
import { requestFor } from '../engine/engine-test-kit.js';
import { RecordingDispatcher, admin } from '../scan-service/support.js';

let host: TestHost;
let servers: ChildProcess | undefined;
let database: TestDatabase;
let sut: ScanService;
let scanned: ScanResult;
let scanId: string;

beforeAll(async () => {
  host = await createTestHost();
  try {
    servers = await startOldVersionServers(host.netns, host.ip);
    database = await createTestDatabase();
    const load = new VulnerabilityImport(database.db);
    for await (const doc of readFeedPaths([NVD_DIR, KEV_FILE])) await load.add(doc);
    await load.finish();
    sut = createScanService({
      db: database.db, dispatcher: new RecordingDispatcher(), logger: pino({ level: 'silent' }), publish: async () => undefined,
      config: { SCOPE_ALLOW: [host.subnet], SCOPE_DENY: [], RUN_RETENTION: 0, ADMINS: [{ platform: 'slack', id: 'U0ADMIN' }], HEARTBEAT_INTERVAL_SECONDS: 15 },
    });
    await sut.scopeAdd(admin, host.subnet);
    scanned = await runScan(requestFor(host, { scanner: 'nmap', ports: parsePortSpec(Object.values(OLD_VERSION_PORTS).join(',')) }));
    const { scan, run } = await sut.create(admin, { name: 'old-versions', targets: host.ip, ports: '21,22,8080,8081', scanner: 'nmap' });
    scanId = scan.id;
    await sut.markRunning(run!.runId, 'w1');
    await sut.finishRun(run!.runId, scanned);
  } catch (error) {
    servers?.kill('SIGKILL');
    await host.destroy();
    throw error;
  }
}, 300_000);

afterAll(async () => {
  servers?.kill('SIGKILL');
  await host?.destroy();
  await database?.drop();
});

async function matchesOn(port: number) {
  return database.db.selectFrom('vulnerability_matches').selectAll().where('port', '=', port).orderBy('cve_id').execute();
}

describe('known CVEs from real service detection', () => {
  it('nmap names the old versions and gives their CPEs', () => {
    expect(scanned.status).toBe('completed');
    const byPort = new Map(scanned.openPorts.map((p) => [p.port, p]));
    expect(byPort.get(22)).toMatchObject({ product: 'OpenSSH', version: expect.stringMatching(/^8\.9p1/) });
    expect(byPort.get(22)?.cpes).toContain('cpe:/a:openbsd:openssh:8.9p1');
    expect(byPort.get(8080)).toMatchObject({ product: 'Apache httpd', version: expect.stringMatching(/^2\.4\.49/) });
    expect(byPort.get(8081)).toMatchObject({ product: 'Apache httpd', version: expect.stringMatching(/^2\.4\.62/) });
    expect(byPort.get(21)).toMatchObject({ product: 'vsftpd', version: '2.3.4' });
  });

  it('OpenSSH 8.9p1: regreSSHion and the agent forwarding RCE, fixed in 9.8p1', async () => {
    const ids = (await matchesOn(22)).map((m) => m.cve_id);
    // CVE-2021-41617 ends before 8.8 and CVE-2016-10009 before 7.4: both fixed in 8.9p1.
    expect(ids).toEqual(['CVE-2023-38408', 'CVE-2024-6387']);
    const regresshion = (await matchesOn(22)).find((m) => m.cve_id === 'CVE-2024-6387');
    expect(regresshion).toMatchObject({ fixed_in: '9.8p1', kev: false, confidence: 'exact', software: 'openbsd:openssh' });
  });

  it('Apache 2.4.49: the path traversal CVEs, marked known exploited; 2.4.62 matches nothing', async () => {
    const apache = await matchesOn(8080);
    expect(apache.filter((m) => m.kev).map((m) => m.cve_id)).toEqual(expect.arrayContaining(['CVE-2021-41773', 'CVE-2021-42013']));
    expect(await matchesOn(8081)).toEqual([]);
  });

  it('vsftpd 2.3.4: the backdoor CVE through the vendor alias', async () => {
    expect((await matchesOn(21)).map((m) => m.cve_id)).toEqual(['CVE-2011-2523']);
  });

  it('one known-cve finding per host/port/software, KEV at least high with the required action, most severe CVE first', async () => {
    const findings = (await sut.vulns(scanId)).filter((f) => f.ruleId.startsWith('known-cve:'));
    expect(findings.map((f) => f.port).sort((a, b) => a - b)).toEqual([21, 22, 8080]);
    const apache = findings.find((f) => f.port === 8080)!;
    expect(['critical', 'high']).toContain(apache.severity);
    expect(apache.title).toMatch(/^Apache httpd 2\.4\.49 on 8080\/tcp: \d+ known CVEs \(\d+ known exploited\)$/);
    expect(apache.remediation).toMatch(/CVE-2021-4\d{4} is known exploited \(CISA KEV\): .+ Due 20\d\d-\d\d-\d\d\./);
    const ssh = findings.find((f) => f.port === 22)!;
    expect(ssh.remediation).toMatch(/^Upgrade OpenSSH to 9\.\d+p1 or later\./);
    expect(ssh.evidence).toMatch(/CVEs: CVE-\d+-\d+ \(CVSS (\d+\.\d)/);
    const listed = [...ssh.evidence.matchAll(/CVSS (\d+\.\d)/g)].map((m) => Number(m[1]));
    expect(listed).toEqual([...listed].sort((a, b) => b - a));
    expect(findings.every((f) => f.change === 'new')).toBe(true);
    const shown = await sut.show(scanId);
    expect(shown.findings).toBeGreaterThanOrEqual(findings.length);
  });

  it('reports: executive counts known-exploited CVEs, technical lists each with CVSS and references, remediation groups upgrades KEV first', async () => {
    const input = await sut.reportInput(scanId);
    // Markdown escapes punctuation; the checks read the text.
    const md = async (kind: 'executive' | 'technical' | 'remediation') => (await buildReport(kind, 'md', input)).data.toString('utf8').replace(/\\/g, '');
    const executive = await md('executive');
    expect(executive).toMatch(/known CVEs affect the software versions found; [1-9]\d* are being exploited in the wild \(CISA KEV\)/);
    expect(executive).toContain('CVE-2021-4');
    const technical = await md('technical');
    expect(technical).toContain('Known CVEs per host and port');
    expect(technical).toMatch(/\| CVE-2024-6387 \| 8\.1 \|/);
    // References as NVD lists them (the Markdown writer defangs links with zero-width spaces).
    expect(technical.replace(/\u200b/g, '')).toContain('http://www.openwall.com/lists/oss-security/2024/07/01/12');
    const remediation = await md('remediation');
    const apache = remediation.indexOf('Upgrade Apache httpd to');
    const ssh = remediation.indexOf('Upgrade OpenSSH to ≥ 9.');
    expect(apache).toBeGreaterThan(-1);
    expect(ssh).toBeGreaterThan(apache);
    const json = JSON.parse((await buildReport('technical', 'json', input)).data.toString('utf8')) as { knownCves: Array<{ cveId: string; port: number; kev: boolean }> };
    expect(json.knownCves.some((c) => c.cveId === 'CVE-2021-41773' && c.port === 8080 && c.kev)).toBe(true);
  });
});
