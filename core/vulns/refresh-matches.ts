// After a data refresh (import, sync, bundled load), matches the latest run of every scan again over its
// stored ports, and tells which CVEs are new exposure: a CVE matched to a port that did not have it, or a
// matched CVE that became known exploited. Those CVE ids go out as one alert event (ids only).
import type { Kysely } from 'kysely';
import { latestRunIdsWithResults, vulnerabilityMatchesOfRun } from '../../db/repositories/vulnerability-match.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { VulnerabilityMatchRow } from '../../db/schema/vulnerability.table.js';
import type { VulnerabilityAlertEvent } from '../events/run-events.js';
import { matchRunVulnerabilities } from './match-run.js';

export interface RefreshOutcome {
  runs: number;
  matches: number;
  /** CVEs newly matched to a port or newly known exploited, sorted. */
  alertCveIds: string[];
}

export type PublishVulnerabilityAlert = (event: VulnerabilityAlertEvent) => Promise<void>;

/** An alert names at most this many CVEs (the message lists the hosts of each). */
export const MAX_ALERT_CVES = 50;

const key = (m: VulnerabilityMatchRow) => `${m.ip} ${m.port} ${m.protocol} ${m.cve_id}`;

export async function refreshVulnerabilityMatches(db: Kysely<Database>): Promise<RefreshOutcome> {
  const alert = new Set<string>();
  let matches = 0;
  const runIds = await latestRunIdsWithResults(db);
  for (const runId of runIds) {
    const before = new Map((await vulnerabilityMatchesOfRun(db, runId)).map((m) => [key(m), m.kev]));
    const outcome = await matchRunVulnerabilities(db, runId);
    matches += outcome.matches;
    for (const m of await vulnerabilityMatchesOfRun(db, runId)) {
      const wasKev = before.get(key(m));
      if (wasKev === undefined || (m.kev && !wasKev)) alert.add(m.cve_id);
    }
  }
  return { runs: runIds.length, matches, alertCveIds: [...alert].sort() };
}

/** Publishes the one alert of a refresh, when it found new exposure. Never throws. */
export async function publishRefreshAlert(outcome: RefreshOutcome, publish: PublishVulnerabilityAlert | undefined): Promise<boolean> {
  if (!publish || outcome.alertCveIds.length === 0) return false;
  try {
    await publish({ type: 'vulndb.new_matches', at: new Date().toISOString(), cveIds: outcome.alertCveIds.slice(0, MAX_ALERT_CVES) });
    return true;
  } catch {
    return false;
  }
}
