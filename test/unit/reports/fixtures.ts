// Report inputs for the tests: a realistic scan with a hostile banner, and a scan that found nothing.
import type { FindingView, ScanSummary } from '../../../core/scans/scan-model.js';
import type { ReportInput } from '../../../core/reports/report-input.js';
import type { OpenPort } from '../../../scanner/types.js';

export const HOSTILE_BANNER = `<!channel> @everyone [click](javascript:alert(1)) <https://evil.example|login> **bold** # head | pipe\n=cmd|' /C calc'!A0 ${'A'.repeat(10_000)}`;

export function scanSummary(overrides: Partial<ScanSummary> = {}): ScanSummary {
  return {
    id: 'SCAN-1001',
    name: 'web perimeter',
    status: 'completed',
    findings: 5,
    severity: { critical: 2, high: 1, medium: 0, low: 0, info: 2 },
    startTime: '2025-03-04T10:00:00.000Z',
    durationSeconds: 754,
    ageSeconds: 3600,
    progress: null,
    phase: null,
    run: 3,
    openPorts: 5,
    error: null,
    config: { name: 'web perimeter', targets: ['198.18.1.0/24'], ports: '1-1024,3306,6379', scanner: 'hybrid', rate: 1000, timeoutSeconds: 3600, portTimeoutMs: 1500, protocol: 'tcp', schedule: null, timezone: null, pool: 'default' },
    createdBy: 'slack:U123',
    createdAt: '2025-03-01T09:00:00.000Z',
    ...overrides,
  };
}

const ports: OpenPort[] = [
  { ip: '198.18.1.10', port: 3306, protocol: 'tcp', state: 'open', service: 'mysql', product: 'MySQL', version: '5.5.62' },
  { ip: '198.18.1.2', port: 6379, protocol: 'tcp', state: 'open', service: 'redis', product: 'Redis key-value store', version: '6.0.16' },
  { ip: '198.18.1.2', port: 22, protocol: 'tcp', state: 'open', service: 'ssh', product: 'OpenSSH', version: '7.2p2', banner: 'SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.10' },
  { ip: '198.18.1.2', port: 80, protocol: 'tcp', state: 'open', service: 'http', product: '=HYPERLINK("http://evil")', banner: HOSTILE_BANNER },
  { ip: '198.18.1.9', port: 443, protocol: 'tcp', state: 'open', service: 'https' },
];

const findings: FindingView[] = [
  { severity: 'critical', title: 'Exposed database port', ip: '198.18.1.2', port: 6379, protocol: 'tcp', ruleId: 'exposed-database', evidence: 'redis 6.0.16 answered without authentication', remediation: 'Bind the database to a private interface or firewall the port.', change: 'new' },
  { severity: 'critical', title: 'Exposed database port', ip: '198.18.1.10', port: 3306, protocol: 'tcp', ruleId: 'exposed-database', evidence: 'MySQL 5.5.62', remediation: 'Bind the database to a private interface or firewall the port.', change: 'unchanged' },
  { severity: 'high', title: 'End-of-life OpenSSH 7.2', ip: '198.18.1.2', port: 22, protocol: 'tcp', ruleId: 'eol-version', evidence: 'SSH-2.0-OpenSSH_7.2p2', remediation: 'Upgrade OpenSSH to a supported release.', change: 'changed' },
  { severity: 'info', title: '=HYPERLINK("http://evil","open web server")', ip: '198.18.1.2', port: 80, protocol: 'tcp', ruleId: 'open-port', evidence: HOSTILE_BANNER, remediation: '', change: 'unchanged' },
  { severity: 'info', title: 'Open port', ip: '198.18.1.9', port: 443, protocol: 'tcp', ruleId: 'open-port', evidence: 'https', remediation: '', change: 'unchanged' },
];

export function reportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    scan: scanSummary(),
    history: [
      { run: 1, status: 'completed', trigger: 'create', startTime: '2025-03-02T10:00:00.000Z', durationSeconds: 700, openPorts: 6, error: null },
      { run: 2, status: 'completed', trigger: 'schedule', startTime: '2025-03-03T10:00:00.000Z', durationSeconds: 710, openPorts: 5, error: null },
      { run: 3, status: 'completed', trigger: 'schedule', startTime: '2025-03-04T10:00:00.000Z', durationSeconds: 754, openPorts: 5, error: null },
    ],
    findings: findings.map((f) => ({ ...f })),
    openPorts: ports.map((p) => ({ ...p })),
    diff: {
      scanId: 'SCAN-1001',
      run: 3,
      baseRun: 2,
      new: [{ ip: '198.18.1.2', port: 6379, protocol: 'tcp', service: 'redis' }],
      gone: [{ ip: '198.18.1.3', port: 21, protocol: 'tcp', service: 'ftp' }],
      changed: [{ ip: '198.18.1.2', port: 22, protocol: 'tcp', service: 'ssh', before: { service: 'ssh', product: 'OpenSSH', version: '7.2p1' }, after: { service: 'ssh', product: 'OpenSSH', version: '7.2p2' } }],
      notScannedNow: [],
      notScannedBefore: [],
      scannerChange: null,
    },
    generatedAt: new Date('2025-03-04T12:00:00.000Z'),
    trend: [
      { run: 1, startTime: '2025-03-02T10:00:00.000Z', severity: { critical: 1, high: 2, medium: 1, low: 0, info: 3 } },
      { run: 2, startTime: '2025-03-03T10:00:00.000Z', severity: { critical: 1, high: 1, medium: 0, low: 0, info: 3 } },
      { run: 3, startTime: '2025-03-04T10:00:00.000Z', severity: { critical: 2, high: 1, medium: 0, low: 0, info: 2 } },
    ],
    ...overrides,
  };
}

/** A completed first run that found nothing open. */
export function emptyInput(): ReportInput {
  return reportInput({
    scan: scanSummary({ id: 'SCAN-1002', name: 'quiet range', findings: 0, severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, openPorts: 0, run: 1 }),
    history: [{ run: 1, status: 'completed', trigger: 'create', startTime: '2025-03-04T10:00:00.000Z', durationSeconds: 30, openPorts: 0, error: null }],
    findings: [],
    openPorts: [],
    diff: null,
    trend: [{ run: 1, startTime: '2025-03-04T10:00:00.000Z', severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } }],
  });
}
