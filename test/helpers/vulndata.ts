// The real vulnerability data the tests use (shared/vulndata: NVD JSON 2.0 records and the CISA KEV
// catalog), found from VULNDATA_DIR or by walking up from the repository — never a hard-coded path.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNvdRecord } from '../../vulns/nvd-record.js';
import type { VulnerabilityRecord } from '../../vulns/types.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function findVulndata(): string {
  if (process.env.VULNDATA_DIR) return resolve(process.env.VULNDATA_DIR);
  for (let dir = REPO_ROOT; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'vulndata');
    if (existsSync(join(candidate, 'nvd'))) return candidate;
  }
  throw new Error('shared/vulndata not found above the repository: set VULNDATA_DIR');
}

export const VULNDATA_DIR = findVulndata();
export const NVD_DIR = join(VULNDATA_DIR, 'nvd');
export const KEV_FILE = join(VULNDATA_DIR, 'known_exploited_vulnerabilities.json');

export function nvdFiles(): string[] {
  return readdirSync(NVD_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(NVD_DIR, f));
}

/** The raw `cve` object of one shared record. */
export function rawRecord(cveId: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(NVD_DIR, `${cveId}.json`), 'utf8')) as Record<string, unknown>;
}

export function record(cveId: string): VulnerabilityRecord {
  return readNvdRecord(rawRecord(cveId));
}

export function allRecords(): VulnerabilityRecord[] {
  return nvdFiles().map((f) => readNvdRecord(JSON.parse(readFileSync(f, 'utf8'))));
}

export function kevCatalog(): { catalogVersion: string; vulnerabilities: Array<Record<string, unknown> & { cveID: string }> } {
  return JSON.parse(readFileSync(KEV_FILE, 'utf8')) as { catalogVersion: string; vulnerabilities: Array<Record<string, unknown> & { cveID: string }> };
}
