// `portcullis scan-now` as a user runs it (the built CLI) against a real host and a host that answers on
// every port: the output streams (spooled until the run ends, status first), the JSON is one valid object
// with the real host's ports and the tarpit as one finding, TARPIT_PORT_THRESHOLD reaches the engine.
import { execa } from 'execa';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAnswerEverywhereAddress } from '../../helpers/tarpit-address.js';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'portcullis.js');

describe('scan-now streaming output', () => {
  let host: TestHost;
  let tarpit: string;
  beforeAll(async () => {
    host = await createTestHost({ servers: ['http', 'redis', 'ssh'] });
    tarpit = await addAnswerEverywhereAddress(host, host.ports.http!);
  }, 60_000);
  afterAll(async () => host?.destroy());

  function scanNow(scanner: string, json: boolean) {
    return execa(process.execPath, [cli, 'scan-now', '--targets', `${host.ip},${tarpit}`, '--ports', '1-3000,6379,8080', '--scanner', scanner,
      '--rate', '3000', '--port-timeout', '1000', '--timeout', '180', ...(json ? ['--json'] : [])], {
      reject: false,
      timeout: 240_000,
      env: {
        SCOPE_ALLOW: host.subnet, TARPIT_PORT_THRESHOLD: '500',
        MASSCAN_ADAPTER: host.masscan.adapter, MASSCAN_ADAPTER_IP: host.masscan.adapterIp, MASSCAN_ROUTER_MAC: host.masscan.routerMac,
      },
    });
  }

  it('--json (hybrid): one object, the real host\'s services, the tarpit as one finding and no rows', async () => {
    const run = await scanNow('hybrid', true);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(run.stdout) as { status: string; openPorts: Array<{ ip: string; port: number; service: string | null }>; findings: Array<{ severity: string; title: string; ip: string; port: number }> };
    expect(result.status).toBe('completed');
    expect(result.openPorts.map((p) => `${p.ip}:${p.port} ${p.service}`).sort()).toEqual([`${host.ip}:22 ssh`, `${host.ip}:6379 redis`, `${host.ip}:8080 http`]);
    const tarpitFindings = result.findings.filter((f) => f.ip === tarpit);
    expect(tarpitFindings).toHaveLength(1);
    expect(tarpitFindings[0]?.title).toMatch(/ answers on \d+ ports: likely a SYN proxy or tarpit$/);
    expect(result.findings.filter((f) => f.ip === host.ip && f.port === 6379).map((f) => f.severity)).toEqual(['critical']);
  }, 250_000);

  it('text (masscan): status, the ports table, the count and the tarpit finding', async () => {
    const run = await scanNow('masscan', false);
    expect(run.exitCode, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Status: completed');
    expect(lines).toContain('3 open port(s).');
    expect(lines.filter((l) => l.startsWith(`  ${host.ip} `))).toHaveLength(3);
    expect(lines.some((l) => l.startsWith('  [LOW] ') && l.includes(`${tarpit} answers on`) && l.endsWith(`${tarpit}:0/tcp`))).toBe(true);
    expect(run.stderr).toContain(`${tarpit} answers on`);
  }, 250_000);
});
