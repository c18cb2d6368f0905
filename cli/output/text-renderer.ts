// The text form for people, written row by row: the port table's columns are measured on its first rows
// (FIRST_WINDOW of them, each column capped) and later rows use those widths, so no width needs every
// row. Text that came from scanned hosts is stripped of control characters, so a banner cannot drive
// the terminal.
import type { OpenPort } from '../../scanner/types.js';
import type { PrintedFinding, ResultEnd, ResultRenderer } from './renderer.js';

/** Rows measured for the column widths. */
export const FIRST_WINDOW = 256;
const HEADER = ['IP', 'PORT', 'SERVICE', 'PRODUCT VERSION'];
/** Widest a column gets (an IPv6 address is 39); longer cells push their row out instead. */
const MAX_WIDTHS = [39, 11, 24];

/** Scanned text made safe for a terminal: control characters (ANSI escapes, CR, …) shown as `?`. */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function cells(p: OpenPort): string[] {
  return [p.ip, `${p.port}/${p.protocol}`, terminalSafe(p.service ?? ''), terminalSafe([p.product, p.version].filter(Boolean).join(' '))];
}

function line(row: string[], widths: number[]): string {
  return `  ${row.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd()}\n`;
}

/** A renderer of its own per output: it holds the first rows until the widths are known. */
export function textRenderer(): ResultRenderer {
  let held: string[][] = [];
  let widths: number[] | undefined;

  const release = (): string => {
    widths = MAX_WIDTHS.map((max, column) => {
      let width = (HEADER[column] ?? '').length;
      for (const row of held) width = Math.max(width, Math.min(max, (row[column] ?? '').length));
      return width;
    });
    const text = [HEADER, ...held].map((row) => line(row, widths as number[])).join('');
    held = [];
    return text;
  };

  return {
    start: (status) => `Status: ${terminalSafe(status)}\n\n`,
    port: (port, index) => {
      const prefix = index === 0 ? 'Open ports:\n' : '';
      if (widths) return prefix + line(cells(port), widths);
      held.push(cells(port));
      return held.length >= FIRST_WINDOW ? prefix + release() : prefix;
    },
    portsEnd: (count) => (count === 0 ? 'No open ports found.\n\n' : `${widths ? '' : release()}${count} open port(s).\n\n`),
    findingsStart: (count) => (count === 0 ? 'No findings.\n' : `Findings (${count}):\n`),
    separator: '',
    finding: (f: PrintedFinding) => `  [${f.severity.toUpperCase()}] ${terminalSafe(f.title)} — ${f.ip}:${f.port}/${f.protocol}\n`,
    end: (end: ResultEnd) => {
      const warnings = end.warnings.map((w) => `Warning: ${terminalSafe(w)}\n`).join('');
      return `${warnings}${end.error !== undefined ? `Error: ${terminalSafe(end.error)}\n` : ''}`;
    },
  };
}
