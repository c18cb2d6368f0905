// Read vulnerability data → store rows (the db layer knows no NVD or KEV types).
import type { KevEntryInput } from '../../db/repositories/kev.repository.js';
import type { VulnerabilityInput } from '../../db/repositories/vulnerability.repository.js';
import type { KevEntry, VulnerabilityRecord } from '../../vulns/types.js';

export function vulnerabilityRow(r: VulnerabilityRecord): VulnerabilityInput {
  return {
    cve_id: r.cveId, published: r.published, last_modified: r.lastModified, status: r.status, description: r.description,
    cvss_score: r.cvss?.score ?? null, cvss_version: r.cvss?.version ?? null, cvss_vector: r.cvss?.vector ?? null,
    cvss_v2: r.cvssV2, cvss_v3: r.cvssV3, cvss_v4: r.cvssV4,
    references: JSON.stringify(r.references), configurations: JSON.stringify(r.configurations), products: r.products,
  };
}

export function kevRow(e: KevEntry): KevEntryInput {
  return {
    cve_id: e.cveId, vendor_project: e.vendorProject, product: e.product, name: e.name, date_added: e.dateAdded, due_date: e.dueDate,
    known_ransomware_use: e.knownRansomwareUse, required_action: e.requiredAction, short_description: e.shortDescription,
  };
}
