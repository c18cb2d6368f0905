// Matches detected software against candidate CVE records: which records affect it, through which
// criterion, and what version fixes it when the data says (versionEndExcluding: "fixed in"; Including:
// "after"). Pure: the store finds the candidates, this decides.
import type { DetectedSoftware } from './detected-software.js';
import { matchConfigurations } from './configurations.js';
import type { VulnerabilityRecord } from './types.js';

export interface CveMatch {
  cveId: string;
  /** First fixed version, when the matching range ends with versionEndExcluding. */
  fixedIn: string | null;
  /** The last affected version, when the range ends with versionEndIncluding. */
  affectedThrough: string | null;
  /** Platforms the match depends on but that were not observed (empty when none). */
  conditionalOn: string[];
}

/** A bound without the release suffix the product ships with (OpenSSH `9.8` → `9.8p1`). */
function releaseOf(bound: string, sw: DetectedSoftware): string {
  return sw.releaseSuffix && /^\d+(?:\.\d+)*$/.test(bound) ? `${bound}${sw.releaseSuffix}` : bound;
}

export function matchSoftware(sw: DetectedSoftware, records: Iterable<Pick<VulnerabilityRecord, 'cveId' | 'configurations'>>): CveMatch[] {
  const matches: CveMatch[] = [];
  for (const record of records) {
    const found = matchConfigurations(record.configurations, sw);
    if (!found) continue;
    const c = found.criterion;
    matches.push({
      cveId: record.cveId,
      fixedIn: c.versionEndExcluding !== undefined ? releaseOf(c.versionEndExcluding, sw) : null,
      affectedThrough: c.versionEndIncluding ?? null,
      conditionalOn: found.platforms,
    });
  }
  return matches;
}
