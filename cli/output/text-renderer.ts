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

export function portCells(p: OpenPort): string[] {
  return [p.ip, `${p.port}/${p.protocol}`, terminalSafe(p.service ?? ''), terminalSafe([p.product, p.version].filter(Boolean).join(' '))];
}

function line(row: string[], widths: number[]): string {
  return `  ${row.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd()}\n`;
}

/** The text renderer, with what the parts of an output rendered on several threads need of it. */
export interface TextRenderer extends ResultRenderer {
  /** The column widths, once measured (or given). */
  measured(): number[] | undefined;
  /** Measures the columns on the rows held so far (fewer than FIRST_WINDOW) and returns them rendered. */
  releaseHeld(): string;
  /** Takes the widths another part of the output measured (before any row was given to this one). */
  useWidths(widths: readonly number[]): void;
}

/**
 * A renderer of its own per output: it holds the first rows until the widths are known. With `widths`
 * (measured by the part of the output before this one), rows are rendered at once.
 */
export function textRenderer(given?: readonly number[]): TextRenderer {
  let held: string[][] = [];
  let widths: number[] | undefined = given ? [...given] : undefined;

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
    measured: () => widths,
    releaseHeld: () => {
      if (widths) return '';
      const rows = held.length;
      const text = release();
      return rows > 0 ? text : '';
    },
    useWidths: (measured) => {
      if (held.length > 0) throw new Error('useWidths: rows were already measured here');
      widths = [...measured];
    },
    laterPartLead: () => ({ prefix: `Open ports:\n${line(HEADER, widths ?? MAX_WIDTHS)}`, drop: '' }),
    start: (status) => `Status: ${terminalSafe(status)}\n\n`,
    port: (port, index) => {
      const prefix = index === 0 ? 'Open ports:\n' : '';
      if (widths) return prefix + line(portCells(port), widths);
      held.push(portCells(port));
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
