// Matching at ingest (issue 9): takes a run's distinct detections (grouped from the ports an ingest is
// writing, or from the stored ports), matches their software against the vulnerability store and stores
// one CVE finding template per detection, port and software (read one finding per port through the
// run_findings view) plus the CVEs of each detected software (vulnerability_software_matches, read per
// port through the vulnerability_matches view). Serves ingest and a data refresh (again over stored ports)
// alike. A finding is `new` when its port had no CVE finding in the base run or gained a CVE since, so a
// newly matched CVE is new exposure; a CVE finding of the base run not found again is carried as `gone`
// (`not_scanned` on a port this run did not scan), by ingest and refresh alike.
import type { Kysely, Transaction } from 'kysely';
import {
  deleteCveFindings, hasCveFindings, HOST_MARKER, insertCveTemplates, liveFindingCounts, newCveFindings, softwareCvesOfRun,
} from '../../db/repositories/cve-finding.repository.js';
import { storedDetectionsOfRun, type PortDetection } from '../../db/repositories/port-detection.repository.js';
import { latestRun, runById } from '../../db/repositories/run.repository.js';
import { candidateRecords } from '../../db/repositories/vulnerability.repository.js';
import { deleteVulnerabilityMatches, insertSoftwareMatches, matchState } from '../../db/repositories/vulnerability-match.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { NewCveFindingTemplateRow } from '../../db/schema/result.table.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { NewVulnerabilitySoftwareMatchRow } from '../../db/schema/vulnerability.table.js';
import type { Finding } from '../../scanner/types.js';
import { cveFinding } from '../../vulns/cve-finding.js';
import { detectSoftware, type DetectedSoftware } from '../../vulns/detected-software.js';
import type { VulnSeverity } from '../../vulns/types.js';
import { findingOf } from '../scans/scan-views.js';
import { detectionKey, markAgainstBase, softwareKey } from './cve-against-base.js';
import { withHashPlans } from './hash-plans.js';
import { SoftwareMatcher } from './software-matcher.js';

/** CVE findings' rule ids: `known-cve:openbsd:openssh` (one per software, so reports group them per software). */
export const CVE_RULE_ID = 'known-cve';
export const cveRuleId = (software: string) => `${CVE_RULE_ID}:${software}`;
export const isCveRule = (ruleId: string) => ruleId.startsWith(CVE_RULE_ID);

export interface RunVulnerabilityOutcome {
  /** The run with its finding counts recounted (undefined when the run does not exist). */
  run: RunRow | undefined;
  findings: number;
  matches: number;
  newFindings: Finding[];
}

export interface MatchInput {
  /** The run's detections when the caller has its ports (ingest groups those it writes); else read from the stored ports. */
  detectionsOf?: () => readonly PortDetection[];
  /** The run's base run when the caller knows it (null: none); else looked up. */
  base?: RunRow | null;
  /** The run's row when the caller holds its lock (ingest, in the same transaction); else locked here. */
  run?: RunRow;
}

const SEVERITY_COLUMNS = { critical: 'critical_count', high: 'high_count', medium: 'medium_count', low: 'low_count', info: 'info_count' } as const;

/** Sets the run's counters to `bySeverity`, or adds it to them (`add`: the run had no CVE findings); returns the run. */
async function setCounts(db: Transaction<Database>, run: RunRow, bySeverity: ReadonlyMap<string, number>, add: boolean): Promise<RunRow | undefined> {
  const set: Record<string, number> = {};
  let total = 0;
  for (const [severity, column] of Object.entries(SEVERITY_COLUMNS)) {
    const n = bySeverity.get(severity) ?? 0;
    total += n;
    set[column] = (add ? (run[column] ?? 0) : 0) + n;
  }
  if (add && total === 0) return run;
  return db.updateTable('runs').set({ ...set, finding_count: (add ? (run.finding_count ?? 0) : 0) + total }).where('id', '=', run.id).returningAll().executeTakeFirst();
}

async function inTransaction<T>(db: Kysely<Database> | Transaction<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

/** At most this many new CVE findings are returned for the new-exposure alert (most severe first). */
export const NEW_FINDINGS_LIMIT = 1000;

/**
 * (Re)writes the CVE findings and matches of one run: the distinct detections are matched (each distinct
 * software once), its CVEs written once per run and detection, one finding template per detection, port
 * and software, and the base run's CVE findings not found again carried.
 */
export async function matchRunVulnerabilities(db: Kysely<Database> | Transaction<Database>, runId: number, input: MatchInput = {}): Promise<RunVulnerabilityOutcome> {
  return inTransaction(db, async (trx) => {
    // Locked like ingest locks it: a refresh waits for an ingest of the same run, never interleaves.
    const run = input.run ?? await runById(trx, runId, { forUpdate: true });
    if (!run) return { run: undefined, findings: 0, matches: 0, newFindings: [] };
    const { hadMatches, storeLoaded } = await matchState(trx, runId);
    const base = input.base !== undefined ? input.base : await latestRun(trx, run.scan_id, { status: 'completed', withResults: true, before: run.number });
    const carries = base ? await hasCveFindings(trx, base.id, CVE_RULE_ID) : false;
    // No data loaded, nothing matched before, nothing to carry: nothing to read (ingest of a million ports stays as fast).
    if (!hadMatches && !carries && !storeLoaded) return { run, findings: 0, matches: 0, newFindings: [] };
    const detections = input.detectionsOf?.() ?? await withHashPlans(trx, () => storedDetectionsOfRun(trx, runId));
    return matchDetections(trx, run, detections, { hadMatches, base: base ?? null, carries });
  });
}

interface MatchContext {
  hadMatches: boolean;
  base: RunRow | null;
  /** Whether the base run has CVE findings to carry. */
  carries: boolean;
}

async function matchDetections(trx: Transaction<Database>, run: RunRow, detections: readonly PortDetection[], ctx: MatchContext): Promise<RunVulnerabilityOutcome> {
  const runId = run.id;
  // Identical detections on different ports are detected once.
  const softwareOf = new Map<string, DetectedSoftware[]>();
  for (const d of detections) {
    const key = detectionKey(d);
    if (!softwareOf.has(key)) {
      softwareOf.set(key, detectSoftware({ product: d.product || null, version: d.version || null, banner: d.banner || null, cpes: d.cpes.length > 0 ? d.cpes : null }));
    }
  }
  const names = new Set<string>();
  for (const list of softwareOf.values()) for (const sw of list) for (const n of sw.cpeNames) names.add(n);
  const matcher = new SoftwareMatcher(names.size > 0 ? await candidateRecords(trx, [...names]) : []);
  // The base run's CVEs per detected software: a template is unchanged when its own detection had them all.
  const baseCves = new Map<string, Set<string>>();
  if (ctx.base) {
    for (const s of await softwareCvesOfRun(trx, ctx.base.id)) {
      baseCves.set(softwareKey({ product: s.seen_product, version: s.seen_version, banner: s.seen_banner, cpes: s.seen_cpes }, s.software), new Set(s.cves));
    }
  }

  const templates: NewCveFindingTemplateRow[] = [];
  const matchRows: NewVulnerabilitySoftwareMatchRow[] = [];
  const matched = new Set<string>();
  const bySeverity = new Map<VulnSeverity, number>();
  let findings = 0;
  let matches = 0;
  for (const d of detections) {
    const key = detectionKey(d);
    for (const sw of softwareOf.get(key) ?? []) {
      const facts = matcher.facts(sw);
      if (facts.length === 0) continue;
      const finding = cveFinding(sw, { ip: HOST_MARKER, port: d.port, protocol: d.protocol }, facts);
      const software = sw.cpeNames[0] ?? sw.name;
      const cveIds = finding.cves.map((f) => f.cveId);
      const before = baseCves.get(softwareKey(d, software));
      templates.push({
        run_id: runId, seen_product: d.product, seen_version: d.version, seen_banner: d.banner, seen_cpes: d.cpes, port: d.port, protocol: d.protocol,
        rule_id: cveRuleId(software), software, severity: finding.severity, title: finding.title, evidence: finding.evidence,
        remediation: finding.remediation, cve_ids: cveIds, ports: d.n, change: before && cveIds.every((id) => before.has(id)) ? 'unchanged' : 'new',
      });
      findings += d.n;
      matches += d.n * finding.cves.length;
      bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + d.n);
      if (matched.has(`${key}\u0000${software}`)) continue;
      matched.add(`${key}\u0000${software}`);
      for (const f of finding.cves) {
        matchRows.push({
          run_id: runId, seen_product: d.product, seen_version: d.version, seen_banner: d.banner, seen_cpes: d.cpes, software, product: sw.name,
          version: sw.version, cve_id: f.cveId, cvss: f.cvss, kev: f.kev !== null, fixed_in: f.fixedIn,
          confidence: f.conditionalOn.length > 0 ? 'conditional' : finding.confidence,
        });
      }
    }
  }
  // Only a run matched before, or one that carried rows from a base run, has CVE findings to drop.
  if (ctx.hadMatches || ctx.base) await deleteCveFindings(trx, runId, CVE_RULE_ID);
  if (ctx.hadMatches) await deleteVulnerabilityMatches(trx, runId);
  await insertCveTemplates(trx, templates);
  await insertSoftwareMatches(trx, matchRows);
  let newFindings: Finding[] = [];
  if (ctx.base) {
    const newExceptions = await markAgainstBase(trx, run, ctx.base, templates, { baseCves, carries: ctx.carries, rulePrefix: CVE_RULE_ID });
    // Without a base run nothing is new exposure (no alert compares against nothing): not read back.
    if (newExceptions > 0 || templates.some((t) => t.change === 'new')) {
      newFindings = (await newCveFindings(trx, runId, CVE_RULE_ID, NEW_FINDINGS_LIMIT)).map(findingOf);
    }
  }
  // Carried (gone) findings never count, so a first match only adds; a re-match counts again.
  const counted = run.results_at === null ? run
    : ctx.hadMatches ? await setCounts(trx, run, await liveFindingCounts(trx, runId), false)
    : await setCounts(trx, run, bySeverity, true);
  return { run: counted, findings, matches, newFindings };
}
