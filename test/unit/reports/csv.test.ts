import { describe, it, expect } from 'vitest';
import { buildReport } from '../../../core/reports/build-report.js';
import { csvField, guardFormula, toCsv } from '../../../core/reports/csv.js';
import { HOSTILE_BANNER, emptyInput, reportInput } from './fixtures.js';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. Throws on malformed input. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
        if (text[i] === '"') { i++; break; }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') { i++; continue; }
    if (text.startsWith('\r\n', i)) { rows.push(row); row = []; i += 2; continue; }
    if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

describe('CSV writer', () => {
  it('round-trips quotes, commas, line breaks and padding', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' padded ', '', 'ünïcødé ✓'];
    const parsed = parseCsv(toCsv(['v'], values.map((v) => [v])));
    expect(parsed.slice(1).map((r) => r[0])).toEqual(values);
  });

  it('guards every formula-starting character and leaves numbers alone', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(guardFormula(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(guardFormula('safe=1')).toBe('safe=1');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
  });
});

describe('CSV reports', () => {
  it('technical CSV parses, has one row per port/finding, and guards hostile cells', async () => {
    const rows = parseCsv((await buildReport('technical', 'csv', reportInput())).data.toString('utf8'));
    const [header, ...body] = rows;
    expect(header).toEqual(['scan_id', 'run', 'ip', 'port', 'protocol', 'state', 'service', 'product', 'version', 'banner', 'severity', 'rule_id', 'finding', 'evidence', 'remediation', 'change']);
    expect(body).toHaveLength(5);
    expect(body.every((r) => r.length === header!.length)).toBe(true);
    const web = body.find((r) => r[3] === '80')!;
    expect(web[7]).toBe(`'=HYPERLINK("http://evil")`);
    expect(web[12]!.startsWith(`'=HYPERLINK`)).toBe(true);
    expect(web[13]!.startsWith('<!channel>')).toBe(true);
    expect(web[13]!.length).toBeLessThanOrEqual(500);
    expect(HOSTILE_BANNER.length).toBeGreaterThan(10_000);
    for (const cell of body.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('remediation CSV numbers actions most severe first', async () => {
    const [, ...body] = parseCsv((await buildReport('remediation', 'csv', reportInput())).data.toString('utf8'));
    expect(body.map((r) => `${r[2]}:${r[3]}`)).toEqual(['1:critical', '1:critical', '2:high', '3:info', '3:info']);
  });

  it('executive CSV holds every risk with the services it affects and what to do', async () => {
    const rows = parseCsv((await buildReport('executive', 'csv', reportInput())).data.toString('utf8'));
    expect(rows[0]).toEqual(['scan_id', 'run', 'rank', 'severity', 'rule_id', 'risk', 'affected_count', 'affected', 'what_to_do']);
    expect(rows.slice(1).map((r) => [r[2], r[3], r[4], r[6]])).toEqual([['1', 'critical', 'exposed-database', '2'], ['2', 'high', 'eol-version', '1'], ['3', 'info', 'open-port', '2']]);
    expect(rows[1]![7]).toBe('198.18.1.2:6379/tcp; 198.18.1.10:3306/tcp');
    expect(rows[1]![8]).toMatch(/^Bind the database/);
    // As many findings as the executive view counts.
    expect(rows.slice(1).reduce((n, r) => n + Number(r[6]), 0)).toBe(reportInput().findings.length);
  });

  it('an empty scan gives a header-only technical CSV', async () => {
    const rows = parseCsv((await buildReport('technical', 'csv', emptyInput())).data.toString('utf8'));
    expect(rows).toHaveLength(1);
  });
});
