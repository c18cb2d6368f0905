// CSV writing per RFC 4180 (CRLF rows, fields quoted when they hold a quote, comma or line break, quotes
// doubled) with a guard against formula injection: a spreadsheet runs a cell starting with = + - @ (or a
// tab/CR before them) as a formula, so such text cells get a leading apostrophe.

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes text a spreadsheet would evaluate with `'`, which makes it literal. Numbers are left alone. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : guardFormula(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
