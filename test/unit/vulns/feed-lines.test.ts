// readFeedFileAsLines: an NVD API page is split into its records before parsing (json-array-split); what
// it stores must be exactly what parsing the page whole gives, and a malformed page is refused with
// JSON.parse's own words. The records are the real ones of shared/vulndata.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vulnerabilityLines } from '../../../db/repositories/vulnerability-lines.js';
import { readFeedFileAsLines } from '../../../core/vulns/feed-files.js';
import { vulnerabilityRow } from '../../../core/vulns/record-rows.js';
import { readNvdRecord } from '../../../vulns/nvd-record.js';
import { KEV_FILE, nvdFiles } from '../../helpers/vulndata.js';

const dir = mkdtempSync(join(tmpdir(), 'pcl-feed-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const raw = () => nvdFiles().map((f) => readFileSync(f, 'utf8'));
function page(name: string, items: string[], indent = false): string {
  const file = join(dir, name);
  const text = `{"resultsPerPage":${items.length},"startIndex":0,"totalResults":${items.length},"vulnerabilities":[${items.map((t) => `{"cve":${t}}`).join(indent ? ',\n  ' : ',')}]}`;
  writeFileSync(file, text);
  return file;
}
const expectedText = (texts: string[]) => Buffer.from(vulnerabilityLines(texts.map((t) => vulnerabilityRow(readNvdRecord(JSON.parse(t))))).text).toString('utf8');

describe('readFeedFileAsLines', () => {
  it('stores an API page of the real records exactly as parsing it whole would', async () => {
    const texts = raw();
    const doc = await readFeedFileAsLines(page('real.json', texts, true));
    if (doc.kind !== 'nvd-lines') throw new Error(`read as ${doc.kind}`);
    expect(doc.lines.ids).toHaveLength(texts.length);
    expect(Buffer.from(doc.lines.text).toString('utf8')).toBe(expectedText(texts));
    expect(doc.lines.ends[doc.lines.ends.length - 1]).toBe(doc.lines.text.byteLength);
  });

  it('reads a page with non-ASCII text (decoded as UTF-8) and counts records it cannot read as skipped', async () => {
    const record = JSON.parse(raw()[0]!) as { descriptions: Array<{ value: string }> };
    record.descriptions[0]!.value = 'Schwachstelle in \u00fcberpr\u00fcfung \u2014 \u4e2d\u6587';
    const texts = [JSON.stringify(record), '{"id":"not a record"}'];
    const doc = await readFeedFileAsLines(page('utf8.json', texts));
    if (doc.kind !== 'nvd-lines') throw new Error(`read as ${doc.kind}`);
    expect(doc.skipped).toBe(1);
    expect(Buffer.from(doc.lines.text).toString('utf8')).toBe(expectedText(texts.slice(0, 1)));
    expect(Buffer.from(doc.lines.text).toString('utf8')).toContain('\u00fcberpr\u00fcfung \u2014 \u4e2d\u6587');
  });

  it('refuses a malformed page with the error JSON.parse gives for the whole file', async () => {
    const texts = raw().slice(0, 3);
    const file = page('broken.json', texts);
    const broken = readFileSync(file, 'utf8').replace('"cve":{', '"cve":{,');
    writeFileSync(file, broken);
    let parseError = '';
    try {
      JSON.parse(broken);
    } catch (error) {
      parseError = (error as Error).message;
    }
    await expect(readFeedFileAsLines(file)).rejects.toThrow(`${file}: not valid JSON (${parseError}).`);
    writeFileSync(file, broken.slice(0, broken.length / 2));
    await expect(readFeedFileAsLines(file)).rejects.toThrow(/not valid JSON/);
  });

  it('reads the KEV catalog (which has a "vulnerabilities" array too) as the catalog', async () => {
    const doc = await readFeedFileAsLines(KEV_FILE);
    expect(doc.kind).toBe('kev');
  });

  it('reads two files at once in one thread (the read buffer is not shared between them)', async () => {
    const texts = raw();
    const a = page('a.json', texts.slice(0, 20));
    const b = page('b.json', texts.slice(20));
    const [da, db] = await Promise.all([readFeedFileAsLines(a), readFeedFileAsLines(b)]);
    if (da.kind !== 'nvd-lines' || db.kind !== 'nvd-lines') throw new Error('not read as NVD lines');
    expect(Buffer.from(da.lines.text).toString('utf8')).toBe(expectedText(texts.slice(0, 20)));
    expect(Buffer.from(db.lines.text).toString('utf8')).toBe(expectedText(texts.slice(20)));
  });
});
