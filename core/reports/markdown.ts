// Writes a ReportDocument as GitHub-flavoured Markdown. All document text goes through escapeMarkdown, so a
// banner cannot inject links, HTML or mentions. Charts are not embedded (Markdown viewers in chat do not
// show data-URI images); the documents carry the same numbers as text.
import { SEVERITY_LABELS } from '../charts/severity-colours.js';
import type { Severity } from '../../scanner/types.js';
import type { ReportBlock, ReportColumn, ReportDocument, ReportListItem } from './report-document.js';
import { escapeMarkdown as esc } from './markdown-escape.js';

function severityTag(severity: Severity): string {
  return `**${SEVERITY_LABELS[severity].toUpperCase()}**`;
}

function listItem(item: ReportListItem, marker: string): string {
  const tag = item.severity ? `${severityTag(item.severity)} ` : '';
  const lead = item.lead ? `**${esc(item.lead)}** — ` : '';
  return `${marker} ${tag}${lead}${esc(item.text)}`;
}

function table(columns: ReportColumn[], rows: string[][]): string {
  if (rows.length === 0) return '_None._';
  const head = `| ${columns.map((c) => esc(c.title)).join(' | ')} |`;
  const rule = `|${columns.map(() => '---').join('|')}|`;
  const body = rows.map((row) => `| ${columns.map((c, i) => (c.severity ? severityTag(row[i] as Severity) : esc(row[i] ?? '') || ' ')).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

function block(b: ReportBlock): string | null {
  switch (b.type) {
    case 'heading':
      return `${b.level === 2 ? '###' : '##'} ${esc(b.text)}`;
    case 'paragraph':
      if (b.tone === 'notice') return `> **${esc(b.text)}**`;
      if (b.tone === 'risk') return `> ${b.severity ? `${severityTag(b.severity)} · ` : ''}**${esc(b.text)}**`;
      return b.tone === 'muted' ? `_${esc(b.text)}_` : esc(b.text);
    case 'facts':
      return table([{ title: 'Field' }, { title: 'Value' }], b.items.map(([k, v]) => [k, v]));
    case 'list':
      return b.items.map((item, i) => listItem(item, b.ordered ? `${i + 1}.` : '-')).join('\n');
    case 'table':
      return table(b.columns, b.rows);
    case 'charts':
      return null;
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const parts = [`# ${esc(doc.title)}`, `_${esc(doc.subtitle)}_`, ...doc.blocks.map(block).filter((p): p is string => p !== null), '---', `_${esc(doc.footer)}_`];
  return `${parts.join('\n\n')}\n`;
}
