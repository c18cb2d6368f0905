// A neutral table as monospace code blocks: columns padded to their widest cell, one block per chunk of
// rows so every section stays within 3,000 characters. Cells are scan-derived, so they are escaped.
import type { ReplyTable } from '../../commands/reply.js';
import { clip, escapeCodeBlock } from './escape.js';
import { SLACK_LIMITS } from './limits.js';

/** No single cell may make one row wider than a section. */
const MAX_CELL = 120;
const FENCE = '```';

function formatRows(table: ReplyTable): string[] {
  const cells = [table.columns, ...table.rows].map((row) => row.map((cell) => clip(escapeCodeBlock(cell.replace(/[\r\n\t]+/g, ' ')), MAX_CELL)));
  const widths = table.columns.map((_, i) => cells.reduce((widest, row) => Math.max(widest, (row[i] ?? '').length), 0));
  return cells.map((row) => widths.map((w, i) => (row[i] ?? '').padEnd(w)).join('  ').trimEnd());
}

/** The table as code-block section texts, header row repeated at the top of each chunk. */
export function renderTableChunks(table: ReplyTable): string[] {
  const [header, ...rows] = formatRows(table);
  const budget = SLACK_LIMITS.sectionText - FENCE.length * 2 - 2;
  const chunks: string[] = [];
  let current: string[] = [];
  let size = (header?.length ?? 0) + 1;
  for (const row of rows) {
    if (current.length > 0 && size + row.length + 1 > budget) {
      chunks.push(current.join('\n'));
      current = [];
      size = (header?.length ?? 0) + 1;
    }
    current.push(row);
    size += row.length + 1;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current.join('\n'));
  return chunks.map((body) => `${FENCE}\n${header ?? ''}${body ? `\n${body}` : ''}\n${FENCE}`);
}

/** The whole table as plain text (CSV-like, unescaped) for a file when it does not fit in a message. */
export function tableAsText(table: ReplyTable): string {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return [table.columns, ...table.rows].map((row) => row.map(quote).join(',')).join('\n') + '\n';
}
