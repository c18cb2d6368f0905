// The one entry point for reports: `/scan report ID executive|technical|remediation [format=…]`, scheduled
// summaries and the console all call buildReport. Picks the kind's content, the format's writer, and names
// the file `SCAN-1001-run-3-executive.pdf`.
import { UserError } from '../errors.js';
import { renderSeverityChart } from '../charts/severity-chart.js';
import { renderTrendChart } from '../charts/trend-chart.js';
import { withCveContent } from './cve-content.js';
import { toCsv } from './csv.js';
import { executiveCsv, remediationCsv, technicalCsv, type CsvTable } from './csv-tables.js';
import { buildExecutiveView } from './executive.js';
import { EXECUTIVE_LAYOUTS, executiveDocument } from './executive-document.js';
import { jsonReport } from './json-report.js';
import { renderMarkdown } from './markdown.js';
import { renderPdf, renderPdfCountingPages } from './pdf-writer.js';
import { buildRemediationView } from './remediation.js';
import { remediationDocument } from './remediation-document.js';
import type { ReportDocument } from './report-document.js';
import { REPORT_FORMATS, REPORT_KINDS, REPORT_MIME, type ReportFile, type ReportFormat, type ReportInput, type ReportKind } from './report-input.js';
import { buildScanHeader, type ScanHeader } from './scan-header.js';
import { buildTechnicalView } from './technical.js';
import { technicalDocument } from './technical-document.js';

const USAGE = '/scan report ID executive|technical|remediation [format=pdf|md|csv|json]';

/** Charts in the PDF are drawn at half a page width (~245 pt): 600 px keeps labels legible at ~175 dpi. */
const PDF_CHART_SIZE = { width: 600, height: 300 };

export function reportFileName(scanId: string, run: number, kind: ReportKind, format: ReportFormat): string {
  const id = scanId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'scan';
  return `${id}-run-${run}-${kind}.${format}`;
}

/** `SCAN-1001 run 3 · 2025-03-04 · findings by severity`: a chart PNG says what it shows on its own. */
export function chartTitle(header: ScanHeader, what: string): string {
  const day = (header.startTime ?? header.generatedAt).slice(0, 10);
  return `${header.scanId}${header.noResults ? '' : ` run ${header.run}`} · ${day} · ${what}`;
}

/** Everything a kind provides: the document for people, the table for CSV, the data for JSON. */
interface KindParts {
  doc: () => ReportDocument;
  /** Tighter layouts, tried in order, for a document that must fit one PDF page (executive). */
  tighterDocs?: Array<() => ReportDocument>;
  csv: () => CsvTable;
  json: () => string;
}

async function kindParts(kind: ReportKind, format: ReportFormat, input: ReportInput, header: ScanHeader): Promise<KindParts> {
  switch (kind) {
    case 'executive': {
      const view = buildExecutiveView(input);
      const charts =
        format === 'pdf'
          ? {
              severity: await renderSeverityChart(view.severity, { size: PDF_CHART_SIZE, title: chartTitle(header, 'findings by severity') }),
              trend: await renderTrendChart(view.trend, { size: PDF_CHART_SIZE, title: chartTitle(header, view.trend.length === 0 ? 'no completed run yet' : 'findings over runs') }),
            }
          : undefined;
      return {
        doc: () => executiveDocument(view, header, charts),
        tighterDocs: EXECUTIVE_LAYOUTS.slice(1).map((layout) => () => executiveDocument(view, header, charts, layout)),
        csv: () => executiveCsv(view, header),
        json: () => jsonReport('executive', header, view),
      };
    }
    case 'technical': {
      const view = buildTechnicalView(input);
      return { doc: () => technicalDocument(view, header), csv: () => technicalCsv(view, header), json: () => jsonReport('technical', header, view) };
    }
    case 'remediation': {
      const view = buildRemediationView(input);
      return { doc: () => remediationDocument(view, header, input.openPorts.length), csv: () => remediationCsv(view, header), json: () => jsonReport('remediation', header, view) };
    }
  }
}

export async function buildReport(kind: ReportKind, format: ReportFormat, input: ReportInput): Promise<ReportFile> {
  if (!REPORT_KINDS.includes(kind)) throw new UserError('BAD_INPUT', `Unknown report kind "${String(kind).slice(0, 40)}": use executive, technical or remediation.`, { usage: USAGE });
  if (!REPORT_FORMATS.includes(format)) throw new UserError('BAD_INPUT', `Unknown report format "${String(format).slice(0, 40)}": use pdf, md, csv or json.`, { usage: USAGE });
  const header = buildScanHeader(input);
  const parts = withCveContent(kind, await kindParts(kind, format, input, header), input.cves);
  const name = reportFileName(header.scanId, header.run, kind, format);
  const mime = REPORT_MIME[format];
  switch (format) {
    case 'pdf': {
      if (!parts.tighterDocs) return { name, mime, data: await renderPdf(parts.doc(), input.generatedAt) };
      // The fullest layout that fits one page: text is only shortened when the page is really full.
      const layouts = [parts.doc, ...parts.tighterDocs];
      for (const [i, doc] of layouts.entries()) {
        if (i === layouts.length - 1) return { name, mime, data: await renderPdf(doc(), input.generatedAt) };
        const rendered = await renderPdfCountingPages(doc(), input.generatedAt);
        if (rendered.pages <= 1) return { name, mime, data: rendered.data };
      }
      throw new Error('no executive layout');
    }
    case 'md':
      return { name, mime, data: Buffer.from(renderMarkdown(parts.doc()), 'utf8') };
    case 'csv': {
      const table = parts.csv();
      return { name, mime, data: Buffer.from(toCsv(table.header, table.rows), 'utf8') };
    }
    case 'json':
      return { name, mime, data: Buffer.from(parts.json(), 'utf8') };
  }
}
