// The rule table on real tool output: the captured nmap and masscan fixtures (test/fixtures/README.md) of a
// test host running redis-server 7.0.15, OpenSSH 9.2p1 and python's http.server, parsed by the real parsers.
import { describe, expect, it } from 'vitest';
import { parseScanOutput } from '../../scanner/parsers/index.js';
import { deriveFindings } from '../../scanner/rules/index.js';
import type { OpenPort } from '../../scanner/types.js';
import { fixtureText } from './parsers/fixtures.js';

async function findingsOf(fixture: string, rewrite: (p: OpenPort) => OpenPort = (p) => p) {
  const { openPorts } = await parseScanOutput(fixtureText(fixture));
  return deriveFindings(openPorts.map(rewrite)).map((f) => `${f.severity} ${f.ruleId} ${f.ip}:${f.port}/${f.protocol}`);
}

const asPublic = (p: OpenPort): OpenPort => ({ ...p, ip: p.ip.replace('198.18.77.', '44.1.2.') });

describe('rules on real nmap -sV output', () => {
  it('finds the exposed redis critical, and a current OpenSSH and http.server only open', async () => {
    expect(await findingsOf('nmap/syn-sv.xml')).toEqual([
      'critical exposed-redis 198.18.77.2:6379/tcp',
      'info open-port 198.18.77.2:22/tcp',
      'info open-port 198.18.77.2:8080/tcp',
    ]);
  });

  it('quotes what nmap saw as evidence', async () => {
    const { openPorts } = await parseScanOutput(fixtureText('nmap/syn-sv.xml'));
    const redis = deriveFindings(openPorts).find((f) => f.ruleId === 'exposed-redis');
    expect(redis?.evidence).toContain('product "Redis key-value store", version "7.0.15"');
  });

  it('flags the plain HTTP servers once the same hosts are on public addresses', async () => {
    expect(await findingsOf('nmap/multi-host.xml', asPublic)).toEqual([
      'critical exposed-redis 44.1.2.2:6379/tcp',
      'low plaintext-http 44.1.2.2:8080/tcp',
      'low plaintext-http 44.1.2.3:8000/tcp',
      'info open-port 44.1.2.2:22/tcp',
    ]);
  });
});

describe('rules on real masscan output', () => {
  it('finds the exposed redis by its port alone (no banner), the rest open', async () => {
    expect(await findingsOf('masscan/banners.ndjson')).toEqual([
      'critical exposed-redis 198.18.77.2:6379/tcp',
      'info open-port 198.18.77.2:22/tcp',
      'info open-port 198.18.77.2:8080/tcp',
      'info open-port 198.18.77.3:8000/tcp',
    ]);
  });

  it('gives the same severities from the ports-only list output', async () => {
    const findings = await findingsOf('masscan/ports.list');
    expect(findings.filter((f) => f.startsWith('critical'))).toEqual(['critical exposed-redis 198.18.77.2:6379/tcp']);
  });
});
