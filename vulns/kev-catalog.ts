// Reads the CISA Known Exploited Vulnerabilities catalog (known_exploited_vulnerabilities.json, as CISA
// publishes it) into KevEntries. Entries without a CVE id are skipped and counted.
import type { KevCatalog, KevEntry } from './types.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const text = (v: unknown, max = 4000): string => (typeof v === 'string' ? v.slice(0, max) : '');
const day = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

/** True when the document looks like the KEV catalog. */
export function isKevCatalog(value: unknown): boolean {
  const doc = obj(value);
  return doc !== undefined && typeof doc.catalogVersion === 'string' && Array.isArray(doc.vulnerabilities);
}

export function readKevCatalog(value: unknown): KevCatalog & { skipped: number } {
  const doc = obj(value);
  if (!doc || !isKevCatalog(doc)) throw new Error('not the CISA KEV catalog (no "catalogVersion" and "vulnerabilities")');
  const entries: KevEntry[] = [];
  let skipped = 0;
  for (const item of doc.vulnerabilities as unknown[]) {
    const v = obj(item);
    const cveId = text(v?.cveID, 40);
    const dateAdded = day(v?.dateAdded);
    if (!v || !/^CVE-\d{4}-\d{4,}$/.test(cveId) || !dateAdded) {
      skipped += 1;
      continue;
    }
    entries.push({
      cveId,
      vendorProject: text(v.vendorProject, 200),
      product: text(v.product, 200),
      name: text(v.vulnerabilityName, 500),
      dateAdded,
      dueDate: day(v.dueDate),
      knownRansomwareUse: text(v.knownRansomwareCampaignUse, 40) || 'Unknown',
      requiredAction: text(v.requiredAction),
      shortDescription: text(v.shortDescription),
    });
  }
  return { catalogVersion: text(doc.catalogVersion, 40), dateReleased: typeof doc.dateReleased === 'string' ? doc.dateReleased : null, entries, skipped };
}
