// Posts a `report.summary` event to every `/scan notify reports` channel: the digest as a message with the
// severity chart PNG and the executive PDF of the riskiest scans attached. A chart or PDF that cannot be
// built is left out and logged; the summary still goes.
import type { ReportSummaryEvent } from '../../core/events/run-events.js';
import type { Logger } from '../../core/logger.js';
import type { ChartsPort, ReportsPort } from '../commands/deps.js';
import type { ReplyFile } from '../commands/reply.js';
import type { Delivery } from './delivery.js';
import { digestReply } from './digest-reply.js';

/** Executive PDFs attached at most (Discord takes 10 files a message; the chart is one). */
export const DIGEST_PDFS = 5;

export interface ReportSummaryDeps {
  delivery: Delivery;
  charts?: ChartsPort;
  reports?: ReportsPort;
  logger: Logger;
}

async function attempt<T>(logger: Logger, what: string, work: () => Promise<T> | T): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error), what }, 'report summary: attachment left out');
    return null;
  }
}

export async function summaryFiles(event: ReportSummaryEvent, deps: Omit<ReportSummaryDeps, 'delivery'>): Promise<ReplyFile[]> {
  const { digest } = event;
  const day = digest.periodEnd.slice(0, 10);
  const files: ReplyFile[] = [];
  const charts = deps.charts;
  if (charts) {
    const png = await attempt(deps.logger, 'severity chart', () => charts.renderSeverityChart(digest.severity));
    if (png) files.push({ name: `portcullis-summary-${day}-severity.png`, mime: 'image/png', data: png, title: 'Findings by severity, all scans' });
  }
  const reports = deps.reports;
  if (reports) {
    for (const scan of digest.scans.filter((s) => s.run !== null).slice(0, DIGEST_PDFS)) {
      const pdf = await attempt(deps.logger, `${scan.scanId} executive PDF`, () => reports.build(scan.scanId, 'executive', 'pdf'));
      if (pdf) files.push(pdf);
    }
  }
  return files;
}

export async function postReportSummary(event: ReportSummaryEvent, deps: ReportSummaryDeps): Promise<void> {
  const files = await summaryFiles(event, deps);
  await deps.delivery.toSubscribers('reports', digestReply(event.digest, files));
}
