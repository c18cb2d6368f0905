import { describe, expect, it } from 'vitest';
import { printScanResult, scanResultText } from '../../../cli/scan-output.js';
import type { Finding, OpenPort } from '../../../scanner/types.js';

const openPorts: OpenPort[] = [
  { ip: '198.18.77.2', port: 6379, protocol: 'tcp', state: 'open', service: 'redis', product: 'Redis key-value store', version: '7.0.15' },
  { ip: '198.18.77.2', port: 22, protocol: 'tcp', state: 'open', service: 'ssh', banner: '\u001b[2J<!channel>' },
];
const findings: Finding[] = [
  { ruleId: 'open-port', severity: 'info', title: 'SSH open', ip: '198.18.77.2', port: 22, protocol: 'tcp', evidence: '', remediation: '' },
  { ruleId: 'exposed-database', severity: 'critical', title: 'Redis exposed', ip: '198.18.77.2', port: 6379, protocol: 'tcp', evidence: '', remediation: '' },
];

function captured(json: boolean, result: Parameters<typeof printScanResult>[0]): string {
  let text = '';
  printScanResult(result, { json, out: { write: (chunk: string) => (text += chunk) } });
  return text;
}

describe('printScanResult', () => {
  it('--json prints exactly one object with the DESIGN §8 fields, findings most severe first', () => {
    const text = captured(true, { status: 'completed', openPorts, findings, warnings: ['1 malformed line(s) skipped'] });
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toEqual({
      status: 'completed',
      openPorts: [
        { ip: '198.18.77.2', port: 6379, protocol: 'tcp', service: 'redis', product: 'Redis key-value store', version: '7.0.15' },
        { ip: '198.18.77.2', port: 22, protocol: 'tcp', service: 'ssh', product: null, version: null },
      ],
      findings: [
        { severity: 'critical', title: 'Redis exposed', ip: '198.18.77.2', port: 6379 },
        { severity: 'info', title: 'SSH open', ip: '198.18.77.2', port: 22 },
      ],
      warnings: ['1 malformed line(s) skipped'],
    });
  });

  it('--json of a failed run carries the error and no warnings key when there are none', () => {
    expect(JSON.parse(captured(true, { status: 'failed', openPorts: [], findings: [], error: 'nmap: permission denied', warnings: [] }))).toEqual({ status: 'failed', openPorts: [], findings: [], error: 'nmap: permission denied' });
  });

  it('for people: a ports table and the findings by severity', () => {
    const text = scanResultText({ status: 'completed', openPorts, findings, warnings: [] });
    expect(text).toMatch(/198\.18\.77\.2\s+6379\/tcp\s+redis\s+Redis key-value store 7\.0\.15/);
    expect(text.indexOf('[CRITICAL] Redis exposed')).toBeLessThan(text.indexOf('[INFO] SSH open'));
  });

  it('for people: control characters from scanned text never reach the terminal', () => {
    const text = scanResultText({ status: 'completed', openPorts: [{ ...openPorts[0]!, product: '\u001b]0;pwned\u0007Redis' }], findings: [], warnings: [] });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('?]0;pwned?Redis');
  });
});
