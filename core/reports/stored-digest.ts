// The executive digest of every scan as PostgreSQL holds it (ScanService.list and reportInput of each, then
// buildReportDigest): what the report schedule publishes, and what a `report.summary` event that arrives
// over Redis is rebuilt from before anything is posted (the event is a hint, run-event-truth.ts).
import type { ScanService } from '../scans/scan-service.contract.js';
import { buildReportDigest, type ReportDigest } from './report-digest.js';
import type { ReportInput } from './report-input.js';

const PAGE = 200;

export type DigestSource = Pick<ScanService, 'list' | 'reportInput'>;

/** Every scan id, page by page (list() returns at most 200 at a time). */
async function allScanIds(service: DigestSource): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const { scans, total } = await service.list({ limit: PAGE, page });
    for (const s of scans) ids.push(s.id);
    if (scans.length < PAGE || ids.length >= total) return ids;
  }
}

/** The digest of the period; a scan whose input cannot be read is left out and passed to `onSkipped`. */
export async function storedReportDigest(service: DigestSource, periodStart: Date, periodEnd: Date, onSkipped?: (scanId: string, error: unknown) => void): Promise<{ digest: ReportDigest; scans: number }> {
  const inputs: ReportInput[] = [];
  // One scan at a time: a summary is not urgent, and it must not crowd out the runs' database work.
  for (const scanId of await allScanIds(service)) {
    try {
      inputs.push(await service.reportInput(scanId));
    } catch (error) {
      onSkipped?.(scanId, error);
    }
  }
  return { digest: buildReportDigest(inputs, periodStart, periodEnd), scans: inputs.length };
}
