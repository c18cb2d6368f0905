// Matches each distinct detected software once against the candidate records of a run: a /16 of identical
// servers costs one evaluation. The facts (CVE, CVSS, fix, KEV) are what a CVE finding is built from.
import type { CandidateRecord } from '../../db/repositories/vulnerability.repository.js';
import type { CveFact } from '../../vulns/cve-finding.js';
import type { DetectedSoftware } from '../../vulns/detected-software.js';
import { matchSoftware } from '../../vulns/matcher.js';
import type { Configuration } from '../../vulns/types.js';

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function factOf(record: CandidateRecord, match: ReturnType<typeof matchSoftware>[number]): CveFact {
  return {
    cveId: record.cve_id, cvss: record.cvss_score, fixedIn: match.fixedIn, affectedThrough: match.affectedThrough, conditionalOn: match.conditionalOn,
    kev: record.kev_date_added ? { dueDate: day(record.kev_due_date), requiredAction: record.kev_required_action ?? '' } : null,
  };
}

export class SoftwareMatcher {
  private readonly byProduct = new Map<string, CandidateRecord[]>();
  private readonly cache = new Map<string, CveFact[]>();

  constructor(records: CandidateRecord[]) {
    for (const record of records) {
      for (const c of record.configurations as Configuration[]) for (const n of c.nodes) for (const m of n.cpeMatch) {
        const key = m.criteria.split(':').slice(3, 5).join(':');
        const list = this.byProduct.get(key) ?? [];
        if (list[list.length - 1] !== record) list.push(record);
        this.byProduct.set(key, list);
      }
    }
  }

  facts(sw: DetectedSoftware): CveFact[] {
    const key = `${sw.cpeNames[0]}|${sw.version}|${sw.platforms.join(',')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const candidates = new Set<CandidateRecord>();
    for (const name of sw.cpeNames) for (const r of this.byProduct.get(name) ?? []) candidates.add(r);
    const records = [...candidates];
    const byId = new Map(records.map((r) => [r.cve_id, r]));
    const facts = matchSoftware(sw, records.map((r) => ({ cveId: r.cve_id, configurations: r.configurations as Configuration[] })))
      .map((m) => factOf(byId.get(m.cveId)!, m));
    this.cache.set(key, facts);
    return facts;
  }
}
