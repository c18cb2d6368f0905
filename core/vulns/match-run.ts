// Matching at ingest (issue 9): reads a run's distinct detections from its stored open ports, matches
// their software against the vulnerability store and writes one `known-cve` finding per host/port/software
// (by PostgreSQL, from one template per detection and port) plus the CVEs of each detected software
// (vulnerability_software_matches, read per port through the vulnerability_matches view). Works from what
// is stored, so it serves ingest (after the ports are written) and a data refresh (again over stored
// ports) alike. A finding is `new` when its port had no CVE finding in the base run or gained a CVE since,
// so a newly matched CVE is new exposure; a CVE finding of the base run not matched again stays `gone`.
import { sql, type Kysely, type Transaction } from 'kysely';
import { deleteLiveCveFindings, insertCveFindings, type CveFindingTemplate } from '../../db/repositories/cve-finding.repository.js';
import { latestRun, runById } from '../../db/repositories/run.repository.js';
import { candidateRecords, type CandidateRecord } from '../../db/repositories/vulnerability.repository.js';
import { deleteVulnerabilityMatches, insertSoftwareMatches, runHasMatches } from '../../db/repositories/vulnerability-match.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { NewVulnerabilitySoftwareMatchRow } from '../../db/schema/vulnerability.table.js';
import type { Finding } from '../../scanner/types.js';
import { cveFinding, type CveFact } from '../../vulns/cve-finding.js';
import type { VulnSeverity } from '../../vulns/types.js';
import { findingOf } from '../scans/scan-views.js';
import { detectSoftware, type DetectedSoftware } from '../../vulns/detected-software.js';
import { matchSoftware } from '../../vulns/matcher.js';
import type { Configuration } from '../../vulns/types.js';

/** CVE findings' rule ids: `known-cve:openbsd:openssh` (one per software, so reports group them per software). */
export const CVE_RULE_ID = 'known-cve';
/** Stands for the address in a finding text built once for many hosts. */
const HOST = '\u0001host\u0001';
export const cveRuleId = (software: string) => `${CVE_RULE_ID}:${software}`;

export interface RunVulnerabilityOutcome {
  /** The run with its finding counts recounted (undefined when the run does not exist). */
  run: RunRow | undefined;
  findings: number;
  matches: number;
  newFindings: Finding[];
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function factOf(record: CandidateRecord, match: ReturnType<typeof matchSoftware>[number]): CveFact {
  return {
    cveId: record.cve_id, cvss: record.cvss_score, fixedIn: match.fixedIn, affectedThrough: match.affectedThrough, conditionalOn: match.conditionalOn,
    kev: record.kev_date_added ? { dueDate: day(record.kev_due_date), requiredAction: record.kev_required_action ?? '' } : null,
  };
}

/** Matches each distinct software once: a /16 of identical servers costs one evaluation. */
class SoftwareMatcher {
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

/** One detection (open_ports' product, version, banner, CPEs; '' / [] for NULL) on one port and protocol. */
interface DetectionOnPort {
  product: string;
  version: string;
  banner: string;
  cpes: string[];
  port: number;
  protocol: string;
  /** How many ports of the run have it. */
  n: number;
}

/** The run's distinct detections per port and protocol, grouped by PostgreSQL (a /16 of one server is one row). */
async function detectionsOfRun(db: Transaction<Database>, runId: number): Promise<DetectionOnPort[]> {
  const { rows } = await sql<DetectionOnPort>`
    SELECT coalesce(product, '') AS product, coalesce(version, '') AS version, coalesce(banner, '') AS banner, coalesce(cpes, '{}') AS cpes,
      port, protocol, count(*)::int AS n
    FROM open_ports
    WHERE run_id = ${runId} AND (product IS NOT NULL OR banner IS NOT NULL OR cpes IS NOT NULL OR version IS NOT NULL)
    GROUP BY 1, 2, 3, 4, 5, 6`.execute(db);
  return rows;
}

/**
 * The run's ports were just written, so PostgreSQL has no statistics on them yet and plans for a run of
 * about one row: it sorts 40,000 detections to group them (spilling to disk) and scans the run's 100,000
 * ports once per template to join them (both measured on bench/vulndb.bench.ts's run, 0.5 s). Hashing is
 * right at any size: sorts and nested loops are discouraged for `work`, then set back as they were.
 */
async function withHashPlans<T>(trx: Transaction<Database>, work: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ nestloop: string; sort: string }>`
    SELECT current_setting('enable_nestloop') AS nestloop, current_setting('enable_sort') AS sort`.execute(trx);
  await sql`SELECT set_config('enable_nestloop', 'off', true), set_config('enable_sort', 'off', true)`.execute(trx);
  const out = await work();
  await sql`SELECT set_config('enable_nestloop', ${rows[0]!.nestloop}, true), set_config('enable_sort', ${rows[0]!.sort}, true)`.execute(trx);
  return out;
}

const SEVERITY_COLUMNS = { critical: 'critical_count', high: 'high_count', medium: 'medium_count', low: 'low_count', info: 'info_count' } as const;

async function recountRun(db: Transaction<Database>, runId: number): Promise<void> {
  await sql`
    UPDATE runs SET (finding_count, critical_count, high_count, medium_count, low_count, info_count) = (
      SELECT count(*), count(*) FILTER (WHERE severity = 'critical'), count(*) FILTER (WHERE severity = 'high'),
        count(*) FILTER (WHERE severity = 'medium'), count(*) FILTER (WHERE severity = 'low'), count(*) FILTER (WHERE severity = 'info')
      FROM findings WHERE run_id = ${runId} AND change NOT IN ('gone', 'not_scanned'))
    WHERE id = ${runId}`.execute(db);
}

/** Adds the new CVE findings to the run's counters (the run had none before). */
async function addToCounts(db: Transaction<Database>, run: RunRow, bySeverity: ReadonlyMap<VulnSeverity, number>): Promise<void> {
  let total = 0;
  const set: Record<string, number> = {};
  for (const [severity, n] of bySeverity) {
    total += n;
    const column = SEVERITY_COLUMNS[severity];
    set[column] = (run[column] ?? 0) + n;
  }
  if (total === 0) return;
  await db.updateTable('runs').set({ ...set, finding_count: (run.finding_count ?? 0) + total }).where('id', '=', run.id).execute();
}

async function inTransaction<T>(db: Kysely<Database> | Transaction<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

/** At most this many new CVE findings are returned for the new-exposure alert (most severe first). */
export const NEW_FINDINGS_LIMIT = 1000;

/**
 * (Re)writes the CVE findings and matches of one run from its stored open ports: the distinct detections
 * are read (grouped in SQL), each distinct software matched once, its CVEs written once per run and
 * detection, and the findings written by PostgreSQL from one template per detection and port.
 */
export async function matchRunVulnerabilities(db: Kysely<Database> | Transaction<Database>, runId: number): Promise<RunVulnerabilityOutcome> {
  return inTransaction(db, async (trx) => {
    // Locked like ingest locks it: a refresh waits for an ingest of the same run, never interleaves.
    const run = await runById(trx, runId, { forUpdate: true });
    if (!run) return { run: undefined, findings: 0, matches: 0, newFindings: [] };
    const hadMatches = await runHasMatches(trx, runId);
    // No data loaded and nothing matched before: nothing to read (ingest of a million ports stays as fast).
    if (!hadMatches && !(await trx.selectFrom('vulnerabilities').select('cve_id').limit(1).executeTakeFirst())) {
      return { run, findings: 0, matches: 0, newFindings: [] };
    }
    return withHashPlans(trx, () => matchStoredPorts(trx, run, hadMatches));
  });
}

async function matchStoredPorts(trx: Transaction<Database>, run: RunRow, hadMatches: boolean): Promise<RunVulnerabilityOutcome> {
  const runId = run.id;
  const detections = await detectionsOfRun(trx, runId);
  // Identical detections on different ports are detected once.
  const softwareOf = new Map<string, DetectedSoftware[]>();
  const detectionKey = (d: DetectionOnPort) => `${d.product}\u0000${d.version}\u0000${d.banner}\u0000${d.cpes.join(' ')}`;
  for (const d of detections) {
    const key = detectionKey(d);
    if (!softwareOf.has(key)) {
      softwareOf.set(key, detectSoftware({ product: d.product || null, version: d.version || null, banner: d.banner || null, cpes: d.cpes.length > 0 ? d.cpes : null }));
    }
  }
  const names = new Set<string>();
  for (const list of softwareOf.values()) for (const sw of list) for (const n of sw.cpeNames) names.add(n);
  const matcher = new SoftwareMatcher(await candidateRecords(trx, [...names]));

  const templates: CveFindingTemplate[] = [];
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
      const finding = cveFinding(sw, { ip: HOST, port: d.port, protocol: d.protocol }, facts);
      const software = sw.cpeNames[0] ?? sw.name;
      templates.push({
        seenProduct: d.product, seenVersion: d.version, seenBanner: d.banner, seenCpes: d.cpes, port: d.port, protocol: d.protocol,
        ruleId: cveRuleId(software), software, severity: finding.severity, title: finding.title, evidence: finding.evidence,
        remediation: finding.remediation, cveIds: finding.cves.map((f) => f.cveId),
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
  const base = await latestRun(trx, run.scan_id, { status: 'completed', withResults: true, before: run.number });
  if (hadMatches) {
    await deleteLiveCveFindings(trx, runId, CVE_RULE_ID);
    await deleteVulnerabilityMatches(trx, runId);
  }
  const newRows = await insertCveFindings(trx, runId, templates, HOST, base ? { runId: base.id, newLimit: NEW_FINDINGS_LIMIT } : undefined);
  await insertSoftwareMatches(trx, matchRows);
  if (run.results_at !== null) {
    // Carried (gone) findings never count, so a first match only adds; a re-match counts again.
    if (hadMatches) await recountRun(trx, runId);
    else await addToCounts(trx, run, bySeverity);
  }
  const counted = run.results_at !== null ? await runById(trx, runId) : run;
  // Without a base run nothing is new exposure (no alert compares against nothing): not read back.
  return { run: counted, findings, matches, newFindings: newRows.map(findingOf) };
}
