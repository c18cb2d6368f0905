// A report as a format-neutral document: the kinds (executive, technical, remediation) say WHAT goes in it,
// the writers (pdf-writer, markdown) say how it looks. Text here is raw and possibly hostile (already passed
// through cleanText); each writer escapes it for its own format.
import type { Severity } from '../../scanner/types.js';

export type ReportBlock =
  | { type: 'heading'; text: string; level?: 1 | 2 }
  /**
   * `tone: 'risk'` is the headline risk statement, drawn prominently in the worst severity's colour;
   * `notice` is as prominent in a neutral amber: which run the report speaks for when that needs saying.
   */
  | { type: 'paragraph'; text: string; tone?: 'risk' | 'notice' | 'muted'; severity?: Severity | null }
  | { type: 'facts'; items: Array<[label: string, value: string]> }
  | { type: 'list'; items: ReportListItem[]; ordered?: boolean }
  | { type: 'table'; columns: ReportColumn[]; rows: string[][] }
  /** Charts side by side (PDF only; Markdown shows the same data as text elsewhere in the document). */
  | { type: 'charts'; images: Array<{ png: Buffer; alt: string }> };

export interface ReportListItem {
  /** Shown as a coloured tag before the text. */
  severity?: Severity;
  /** Bold lead-in, e.g. the risk's title. */
  lead?: string;
  text: string;
}

export interface ReportColumn {
  title: string;
  /** Relative width in the PDF (default 1). */
  weight?: number;
  /** Cells are severity names: drawn as coloured tags. */
  severity?: boolean;
  /** Cells are evidence/banners: drawn in a monospace font. */
  code?: boolean;
}

export interface ReportDocument {
  /** e.g. "Executive summary" */
  title: string;
  /** e.g. "SCAN-1001 · web perimeter · run 3" */
  subtitle: string;
  /** Footer line on every PDF page and the end of the Markdown. */
  footer: string;
  blocks: ReportBlock[];
}
