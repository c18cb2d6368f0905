// A neutral table as monospace code blocks in embed descriptions: columns padded to their widest cell,
// the header row repeated at the top of each block, each block within the description limit. Cells are
// scan-derived: inside a code block only backticks (and mentions, for looks) need neutralising.
import type { ReplyTable } from '../../commands/reply.js';
import { escapeCodeBlock } from './escape.js';
import { clip } from './limits.js';

/** No single cell may make a row unreadably wide. */
const MAX_CELL = 60;
const FENCE = '```';

/** Lines clipped to `maxLine` so that a header and one row always fit in a block, however wide the table. */
function formatRows(table: ReplyTable, maxLine: number): string[] {
  const cells = [table.columns, ...table.rows].map((row) => table.columns.map((_, i) => clip(escapeCodeBlock((row[i] ?? '').replace(/[\r\n\t]+/g, ' ')), MAX_CELL)));
  const widths = table.columns.map((_, i) => cells.reduce((w, row) => Math.max(w, (row[i] ?? '').length), 0)); // no spread: tables may be huge
  return cells.map((row) => clip(widths.map((w, i) => (row[i] ?? '').padEnd(w)).join('  ').trimEnd(), maxLine));
}

/** The table as ``` blocks of at most `max` characters each. */
export function renderTableBlocks(table: ReplyTable, max: number): string[] {
  const budget = max - FENCE.length * 2 - 3;
  const [header = '', ...rows] = formatRows(table, Math.floor((budget - 2) / 2));
  const blocks: string[] = [];
  let current: string[] = [];
  let size = header.length + 1;
  for (const row of rows) {
    if (current.length > 0 && size + row.length + 1 > budget) {
      blocks.push(current.join('\n'));
      current = [];
      size = header.length + 1;
    }
    current.push(row);
    size += row.length + 1;
  }
  if (current.length > 0 || blocks.length === 0) blocks.push(current.join('\n'));
  return blocks.map((body) => `${FENCE}\n${header}${body ? `\n${body}` : ''}\n${FENCE}`);
}
