// Wires `/scan report` to core/reports: the scan service assembles the ReportInput of a scan's latest run
// (ScanService.reportInput) and buildReport turns it into the file the reply carries.
import { buildReport } from '../../core/reports/build-report.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { ReportsPort } from './deps.js';

export function createReportsPort(service: Pick<ScanService, 'reportInput'>): ReportsPort {
  return {
    async build(scanId, kind, format) {
      const file = await buildReport(kind, format, await service.reportInput(scanId));
      return { name: file.name, mime: file.mime, data: file.data, title: `${scanId} ${kind} report` };
    },
  };
}
