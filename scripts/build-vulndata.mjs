#!/usr/bin/env node
// Builds the vulnerability data Portcullis ships (data/vulndb/) from the real feeds: the NVD CVE records
// (NVD JSON 2.0, one `cve` object per file) become one NVD API 2.0 page, sorted by CVE id, unchanged; the
// CISA KEV catalog keeps every entry with the fields Portcullis reads. Run after refreshing the source
// directory: `node scripts/build-vulndata.mjs [SOURCE_DIR]` (default: $VULNDATA_DIR, else the nearest
// shared/vulndata above the repository). The output is committed.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceDir() {
  const given = process.argv[2] ?? process.env.VULNDATA_DIR;
  if (given) return resolve(given);
  for (let dir = root; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'vulndata');
    if (existsSync(join(candidate, 'nvd'))) return candidate;
  }
  throw new Error('no shared/vulndata found above the repository: give the directory (or set VULNDATA_DIR)');
}

const source = sourceDir();
const nvdDir = join(source, 'nvd');
const records = readdirSync(nvdDir).filter((f) => /^CVE-\d{4}-\d+\.json$/.test(f)).sort()
  .map((f) => JSON.parse(readFileSync(join(nvdDir, f), 'utf8')));
const page = {
  resultsPerPage: records.length, startIndex: 0, totalResults: records.length, format: 'NVD_CVE', version: '2.0',
  timestamp: records.map((r) => r.lastModified).sort().at(-1),
  vulnerabilities: records.map((cve) => ({ cve })),
};
const kevSource = JSON.parse(readFileSync(join(source, 'known_exploited_vulnerabilities.json'), 'utf8'));
const KEEP = ['cveID', 'vendorProject', 'product', 'vulnerabilityName', 'dateAdded', 'shortDescription', 'requiredAction', 'dueDate', 'knownRansomwareCampaignUse'];
const kev = {
  title: kevSource.title, catalogVersion: kevSource.catalogVersion, dateReleased: kevSource.dateReleased, count: kevSource.vulnerabilities.length,
  vulnerabilities: kevSource.vulnerabilities.map((v) => Object.fromEntries(KEEP.filter((k) => k in v).map((k) => [k, v[k]]))),
};
const out = join(root, 'data', 'vulndb');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'nvd-records.json'), `${JSON.stringify(page)}\n`);
writeFileSync(join(out, 'kev-catalog.json'), `${JSON.stringify(kev)}\n`);
process.stdout.write(`data/vulndb: ${records.length} NVD records, KEV catalog ${kev.catalogVersion} (${kev.count} entries)\n`);
