// Wires `/scan report` to core/reports: assembles the ReportInput of a scan's latest run from the scan
// service (summary, history, findings, diff, per-run severity for the trend) and builds the file. Open
// ports come from a lookup the composition root provides (the service contract has no such query).
import { buildReport } from '../../core/reports/build-report.js';
import type { ReportInput, TrendPoint } from '../../core/reports/report-input.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import { SEVERITIES, type OpenPort } from '../../scanner/types.js';
import type { ReportsPort } from './deps.js';

/** Runs drawn in the trend chart at most (each costs one findings query). */
const TREND_RUNS = 12;

export type OpenPortsLookup = (scanId: string, run: number) => Promise<OpenPort[]>;

type ReportService = Pick<ScanService, 'show' | 'history' | 'vulns' | 'diff'>;

async function trendOf(service: ReportService, scanId: string, runs: Awaited<ReturnType<ScanService['history']>>): Promise<TrendPoint[]> {
  const completed = runs.filter((r) => r.status === 'completed').sort((a, b) => a.run - b.run).slice(-TREND_RUNS);
  return Promise.all(completed.map(async (r) => {
    const findings = await service.vulns(scanId, { run: r.run });
    const severity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as TrendPoint['severity'];
    return { run: r.run, startTime: r.startTime, severity };
  }));
}

export async function reportInputOf(service: ReportService, scanId: string, openPortsOf?: OpenPortsLookup): Promise<ReportInput> {
  const scan = await service.show(scanId);
  const history = await service.history(scan.id);
  const run = scan.run ?? undefined;
  const findings = run === undefined ? [] : await service.vulns(scan.id, { run });
  const diff = run === undefined ? null : await service.diff(scan.id, { run }).catch(() => null);
  const openPorts = run !== undefined && openPortsOf ? await openPortsOf(scan.id, run) : [];
  return { scan, history, findings, openPorts, diff, generatedAt: new Date(), trend: await trendOf(service, scan.id, history) };
}

export function createReportsPort(service: ReportService, openPortsOf?: OpenPortsLookup): ReportsPort {
  return {
    async build(scanId, kind, format) {
      const file = await buildReport(kind, format, await reportInputOf(service, scanId, openPortsOf));
      return { name: file.name, mime: file.mime, data: file.data, title: `${scanId} ${kind} report` };
    },
  };
}
