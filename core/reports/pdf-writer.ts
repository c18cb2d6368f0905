// Writes a ReportDocument as an A4 PDF with pdfkit: a title band, the blocks in order, charts embedded as
// PNG, and a footer with page numbers on every page. Text is drawn as text (never interpreted), mapped to
// what the embedded fonts can show.
import PDFDocument from 'pdfkit';
import { SEVERITY_COLOURS } from '../charts/severity-colours.js';
import { pdfFonts, type PdfFonts } from './pdf-fonts.js';
import { drawTable, severityTag } from './pdf-table.js';
import type { ReportBlock, ReportDocument, ReportListItem } from './report-document.js';
import { wrapAtSpaces } from './pdf-wrap.js';

const INK = '#263238';
const MUTED = '#607D8B';
const ACCENT = '#1F3A5F';
const MARGIN = 48;

function header(doc: PDFKit.PDFDocument, fonts: PdfFonts, report: ReportDocument): void {
  doc.rect(0, 0, doc.page.width, 78).fill(ACCENT);
  doc.font(fonts.bold).fontSize(20).fillColor('#FFFFFF').text(fonts.fit(report.title), MARGIN, 22, { lineBreak: false });
  doc.font(fonts.regular).fontSize(10).fillColor('#CFD8DC').text(fonts.fit(report.subtitle), MARGIN, 50, { width: doc.page.width - MARGIN * 2, lineBreak: false, ellipsis: true });
  doc.fillColor(INK).x = MARGIN;
  doc.y = 96;
}

/** The bar beside a notice (which run a report speaks for): amber, never the green of an all-clear. */
const NOTICE_COLOUR = '#F9A825';

function listItem(doc: PDFKit.PDFDocument, fonts: PdfFonts, item: ReportListItem, marker: string): void {
  const left = MARGIN;
  const width = doc.page.width - MARGIN * 2;
  const indent = 18;
  if (doc.y + 40 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const y = doc.y;
  doc.font(fonts.bold).fontSize(10).fillColor(INK).text(marker, left, y, { lineBreak: false });
  let x = left + indent;
  if (item.severity) x += severityTag(doc, fonts, item.severity, x, y) + 6;
  const leadWidth = width - (x - left);
  if (item.lead) {
    doc.font(fonts.bold).fontSize(10).fillColor(INK);
    doc.text(wrapAtSpaces(doc, fonts.fit(item.lead), leadWidth), x, y, { width: leadWidth });
  }
  doc.font(fonts.regular).fontSize(9.5).fillColor(item.lead ? MUTED : INK);
  doc.text(wrapAtSpaces(doc, fonts.fit(item.text), width - indent), left + indent, item.lead ? doc.y + 1 : y, { width: width - indent });
  doc.x = left;
  doc.moveDown(0.5);
}

function block(doc: PDFKit.PDFDocument, fonts: PdfFonts, b: ReportBlock): void {
  const width = doc.page.width - MARGIN * 2;
  switch (b.type) {
    case 'heading':
      if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      doc.moveDown(b.level === 2 ? 0.3 : 0.6);
      doc.font(fonts.bold).fontSize(b.level === 2 ? 11 : 13).fillColor(ACCENT).text(fonts.fit(b.text), MARGIN, doc.y, { width });
      doc.moveDown(0.3);
      return;
    case 'paragraph': {
      if (b.tone === 'risk' || b.tone === 'notice') {
        const colour = b.tone === 'notice' ? NOTICE_COLOUR : b.severity ? SEVERITY_COLOURS[b.severity] : '#2E7D32';
        doc.font(fonts.bold).fontSize(12);
        const text = wrapAtSpaces(doc, fonts.fit(b.text), width - 16);
        const h = doc.heightOfString(text, { width: width - 16 }) + 14;
        const y = doc.y;
        doc.rect(MARGIN, y, width, h).fill('#F5F7F8');
        doc.rect(MARGIN, y, 5, h).fill(colour);
        doc.fillColor(INK).text(text, MARGIN + 14, y + 7, { width: width - 16 });
        doc.x = MARGIN;
        doc.y = y + h + 8;
        return;
      }
      doc.font(fonts.regular).fontSize(b.tone === 'muted' ? 9 : 10).fillColor(b.tone === 'muted' ? MUTED : INK);
      doc.text(wrapAtSpaces(doc, fonts.fit(b.text), width), MARGIN, doc.y, { width });
      doc.moveDown(0.5);
      return;
    }
    case 'facts':
      for (const [label, value] of b.items) {
        const y = doc.y;
        doc.font(fonts.bold).fontSize(9).fillColor(MUTED).text(fonts.fit(label), MARGIN, y, { width: 80 });
        doc.font(fonts.regular).fontSize(9).fillColor(INK);
        doc.text(wrapAtSpaces(doc, fonts.fit(value), width - 84), MARGIN + 84, y, { width: width - 84 });
        doc.y = Math.max(doc.y, y + 12);
      }
      doc.x = MARGIN;
      doc.moveDown(0.6);
      return;
    case 'list':
      b.items.forEach((item, i) => listItem(doc, fonts, item, b.ordered ? `${i + 1}.` : '•'));
      doc.moveDown(0.3);
      return;
    case 'table':
      drawTable(doc, fonts, b.columns, b.rows);
      return;
    case 'charts': {
      const gap = 12;
      const w = (width - gap * (b.images.length - 1)) / b.images.length;
      const h = w / 2;
      if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      b.images.forEach((image, i) => doc.image(image.png, MARGIN + i * (w + gap), y, { width: w, height: h }));
      doc.x = MARGIN;
      doc.y = y + h + 10;
      return;
    }
  }
}

function footers(doc: PDFKit.PDFDocument, fonts: PdfFonts, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    const y = doc.page.height - 30;
    doc.font(fonts.regular).fontSize(7.5).fillColor(MUTED);
    doc.text(fonts.fit(text), MARGIN, y, { width: doc.page.width - MARGIN * 2 - 60, lineBreak: false, ellipsis: true });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, doc.page.width - MARGIN - 60, y, { width: 60, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
}

export async function renderPdf(report: ReportDocument, createdAt: Date): Promise<Buffer> {
  return (await renderPdfCountingPages(report, createdAt)).data;
}

/** As renderPdf, also telling how many pages it took (the executive report must fit on one). */
export function renderPdfCountingPages(report: ReportDocument, createdAt: Date): Promise<{ data: Buffer; pages: number }> {
  const fonts = pdfFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: fonts.fit(`${report.title} — ${report.subtitle}`), Creator: 'Portcullis', Producer: 'Portcullis', CreationDate: createdAt },
  });
  const chunks: Buffer[] = [];
  let pages = 0;
  const done = new Promise<{ data: Buffer; pages: number }>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve({ data: Buffer.concat(chunks), pages }));
    doc.on('error', reject);
  });
  header(doc, fonts, report);
  for (const b of report.blocks) block(doc, fonts, b);
  footers(doc, fonts, report.footer);
  pages = doc.bufferedPageRange().count;
  doc.end();
  return done;
}
