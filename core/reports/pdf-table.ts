// Draws a ReportDocument table in a PDF: wrapped cells, a repeated header after page breaks, zebra rows,
// severity cells as coloured tags and code cells in monospace.
import { SEVERITY_COLOURS, SEVERITY_LABELS } from '../charts/severity-colours.js';
import type { Severity } from '../../scanner/types.js';
import type { PdfFonts } from './pdf-fonts.js';
import type { ReportColumn } from './report-document.js';
import { wrapAtSpaces } from './pdf-wrap.js';

const FONT_SIZE = 8;
const PAD = 4;
const HEADER_FILL = '#ECEFF1';
const ZEBRA_FILL = '#FAFAFA';
const RULE = '#CFD8DC';

function isSeverity(value: string): value is Severity {
  return value in SEVERITY_COLOURS;
}

export function severityTag(doc: PDFKit.PDFDocument, fonts: PdfFonts, severity: Severity, x: number, y: number): number {
  const label = SEVERITY_LABELS[severity].toUpperCase();
  doc.font(fonts.bold).fontSize(7);
  const width = doc.widthOfString(label) + 8;
  doc.roundedRect(x, y, width, 11, 2).fill(SEVERITY_COLOURS[severity]);
  doc.fillColor(severity === 'low' ? '#263238' : '#FFFFFF').text(label, x + 4, y + 2.2, { lineBreak: false });
  doc.fillColor('#263238');
  return width;
}

export function drawTable(doc: PDFKit.PDFDocument, fonts: PdfFonts, columns: ReportColumn[], rows: string[][]): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const totalWeight = columns.reduce((n, c) => n + (c.weight ?? 1), 0);
  const widths = columns.map((c) => (width * (c.weight ?? 1)) / totalWeight);
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const cellFont = (c: ReportColumn) => (c.code ? fonts.mono : fonts.regular);
  const rowHeight = (cells: string[], header: boolean) =>
    Math.max(
      ...columns.map((c, i) => {
        if (!header && c.severity) return 11;
        doc.font(header ? fonts.bold : cellFont(c)).fontSize(FONT_SIZE);
        return doc.heightOfString(wrapAtSpaces(doc, fonts.fit(cells[i] ?? ''), widths[i]! - PAD * 2) || ' ', { width: widths[i]! - PAD * 2 });
      }),
    ) + PAD * 2;

  const drawRow = (cells: string[], header: boolean, zebra: boolean) => {
    const h = rowHeight(cells, header);
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    if (header || zebra) doc.rect(left, y, width, h).fill(header ? HEADER_FILL : ZEBRA_FILL);
    let x = left;
    columns.forEach((c, i) => {
      const value = cells[i] ?? '';
      if (!header && c.severity && isSeverity(value)) severityTag(doc, fonts, value, x + PAD, y + PAD - 1);
      else {
        doc.font(header ? fonts.bold : cellFont(c)).fontSize(FONT_SIZE).fillColor('#263238');
        doc.text(wrapAtSpaces(doc, fonts.fit(value), widths[i]! - PAD * 2), x + PAD, y + PAD, { width: widths[i]! - PAD * 2 });
      }
      x += widths[i]!;
    });
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.x = left;
    doc.y = y + h;
    return h;
  };

  // Keep the header with at least its first row.
  if (doc.y + rowHeight(columns.map((c) => c.title), true) + (rows[0] ? rowHeight(rows[0], false) : 0) > bottom()) doc.addPage();
  drawRow(columns.map((c) => c.title), true, false);
  rows.forEach((row, index) => {
    if (doc.y + rowHeight(row, false) > bottom()) {
      doc.addPage();
      drawRow(columns.map((c) => c.title), true, false);
    }
    drawRow(row, false, index % 2 === 1);
  });
  doc.moveDown(0.8);
}
