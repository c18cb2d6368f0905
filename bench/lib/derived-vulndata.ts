// A large NVD feed derived from the real records (shared/vulndata/nvd), for the import and matching
// benchmarks: NVD API 2.0 pages of 2,000 records written one at a time (bounded memory). Record i copies
// real record i % 40 under a new id (CVE-2099-NNNNNNN); all but the first copy of each record get the
// vendor renamed (`openbsd` → `openbsd_d17`), so the store holds ~6,000 vendors like the real NVD holds
// many products, while the real names keep their real records.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGE = 2000;

export function vulndataDir(): string {
  if (process.env.VULNDATA_DIR) return resolve(process.env.VULNDATA_DIR);
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'vulndata');
    if (existsSync(join(candidate, 'nvd'))) return candidate;
  }
  throw new Error('shared/vulndata not found above the repository: set VULNDATA_DIR');
}

export function realRecordTexts(): string[] {
  const dir = join(vulndataDir(), 'nvd');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** Writes `count` derived records as API pages into `dir`; returns the number of files. */
export function writeDerivedFeed(dir: string, count: number): number {
  mkdirSync(dir, { recursive: true });
  const texts = realRecordTexts();
  const originals = texts.map((t) => JSON.parse(t) as { id: string });
  let files = 0;
  for (let start = 0; start < count; start += PAGE) {
    const items: string[] = [];
    for (let i = start; i < Math.min(count, start + PAGE); i++) {
      const base = texts[i % texts.length]!;
      const copy = Math.floor(i / texts.length);
      let text = base.replace(`"id": "${originals[i % texts.length]!.id}"`, `"id": "CVE-2099-${String(1_000_000 + i)}"`)
        .replace(`"id":"${originals[i % texts.length]!.id}"`, `"id":"CVE-2099-${String(1_000_000 + i)}"`);
      if (copy > 0) text = text.replace(/(cpe:2\.3:[aoh]:)([^:"]+)/g, `$1$2_d${copy}`);
      items.push(`{"cve":${text}}`);
    }
    writeFileSync(join(dir, `page-${String(files).padStart(4, '0')}.json`), `{"resultsPerPage":${items.length},"startIndex":${start},"totalResults":${count},"vulnerabilities":[${items.join(',')}]}`);
    files += 1;
  }
  return files;
}
