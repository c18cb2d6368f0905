// Matching at ingest (issue 9): reads a run's stored open ports from PostgreSQL, matches their software
// against the vulnerability store and writes one `known-cve` finding per host/port/software plus a row
// per matched CVE (vulnerability_matches). Works from what is stored, so it serves ingest (after the ports
// are written) and a data refresh (again over stored ports) alike. A finding is `new` when its port had no
// CVE finding in the base run or gained a CVE since, so a newly matched CVE is new exposure.
import { sql, type Kysely, type Transaction } from 'kysely';
import { insertFindings } from '../../db/repositories/finding.repository.js';
import { latestRun, runById } from '../../db/repositories/run.repository.js';
import { candidateRecords, type CandidateRecord } from '../../db/repositories/vulnerability.repository.js';
import { deleteVulnerabilityMatches, insertVulnerabilityMatches, vulnerabilityMatchesOfRun } from '../../db/repositories/vulnerability-match.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { NewFindingRow } from '../../db/schema/result.table.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { NewVulnerabilityMatchRow } from '../../db/schema/vulnerability.table.js';
import type { Finding, Protocol } from '../../scanner/types.js';
import { cveFinding, type CveFact } from '../../vulns/cve-finding.js';
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

interface StoredService {
  ip: string;
  port: number;
  protocol: string;
  service: string | null;
  product: string | null;
  version: string | null;
  banner: string | null;
  cpes: string[] | null;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const portKey = (ip: string, port: number, protocol: string, software: string) => `${ip} ${port} ${protocol} ${software}`;

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

async function storedServices(db: Transaction<Database> | Kysely<Database>, runId: number): Promise<StoredService[]> {
  const { rows } = await sql<StoredService>`
    SELECT host(ip) AS ip, port, protocol, service, product, version, banner, cpes FROM open_ports
    WHERE run_id = ${runId} AND (product IS NOT NULL OR banner IS NOT NULL OR cpes IS NOT NULL OR version IS NOT NULL)`.execute(db);
  return rows;
}

async function recountRun(db: Transaction<Database>, runId: number): Promise<RunRow | undefined> {
  await sql`
    UPDATE runs SET (finding_count, critical_count, high_count, medium_count, low_count, info_count) = (
      SELECT count(*), count(*) FILTER (WHERE severity = 'critical'), count(*) FILTER (WHERE severity = 'high'),
        count(*) FILTER (WHERE severity = 'medium'), count(*) FILTER (WHERE severity = 'low'), count(*) FILTER (WHERE severity = 'info')
      FROM findings WHERE run_id = ${runId} AND change <> 'gone')
    WHERE id = ${runId}`.execute(db);
  return runById(db, runId);
}

async function inTransaction<T>(db: Kysely<Database> | Transaction<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

/** (Re)writes the CVE findings and matches of one run from its stored open ports. */
export async function matchRunVulnerabilities(db: Kysely<Database> | Transaction<Database>, runId: number): Promise<RunVulnerabilityOutcome> {
  return inTransaction(db, async (trx) => {
    // Locked like ingest locks it: a refresh waits for an ingest of the same run, never interleaves.
    const run = await runById(trx, runId, { forUpdate: true });
    if (!run) return { run: undefined, findings: 0, matches: 0, newFindings: [] };
    const hadMatches = await trx.selectFrom('vulnerability_matches').select('run_id').where('run_id', '=', runId).limit(1).executeTakeFirst();
    // No data loaded and nothing matched before: nothing to read (ingest of a million ports stays as fast).
    if (!hadMatches && !(await trx.selectFrom('vulnerabilities').select('cve_id').limit(1).executeTakeFirst())) {
      return { run, findings: 0, matches: 0, newFindings: [] };
    }
    const services = await storedServices(trx, runId);
    // Identical services (a fleet of the same server) are detected once.
    const seen = new Map<string, DetectedSoftware[]>();
    const detected = services.map((s) => {
      const key = `${s.product ?? ''}\u0000${s.version ?? ''}\u0000${s.banner ?? ''}\u0000${(s.cpes ?? []).join(' ')}`;
      let software = seen.get(key);
      if (!software) {
        software = detectSoftware(s);
        seen.set(key, software);
      }
      return { s, software };
    });
    const names = new Set<string>();
    for (const d of detected) for (const sw of d.software) for (const n of sw.cpeNames) names.add(n);
    const matcher = new SoftwareMatcher(await candidateRecords(trx, [...names]));

    const base = await latestRun(trx, run.scan_id, { status: 'completed', withResults: true, before: run.number });
    const baseCves = new Map<string, Set<string>>();
    for (const m of base ? await vulnerabilityMatchesOfRun(trx, base.id) : []) {
      const key = portKey(m.ip, m.port, m.protocol, m.software);
      const set = baseCves.get(key) ?? new Set<string>();
      set.add(m.cve_id);
      baseCves.set(key, set);
    }

    // The finding text depends on the software, its CVEs and the port, not on the host: built once per
    // (software, port), the address filled in per host.
    const texts = new WeakMap<CveFact[], Map<string, ReturnType<typeof cveFinding>>>();
    const findingOf = (sw: DetectedSoftware, s: StoredService, facts: CveFact[]) => {
      const byPort = texts.get(facts) ?? new Map<string, ReturnType<typeof cveFinding>>();
      texts.set(facts, byPort);
      const key = `${s.port}/${s.protocol}/${sw.source}/${sw.detectedVersion}`;
      let template = byPort.get(key);
      if (!template) {
        template = cveFinding(sw, { ip: HOST, port: s.port, protocol: s.protocol }, facts);
        byPort.set(key, template);
      }
      return { ...template, evidence: template.evidence.split(HOST).join(s.ip) };
    };
    const findingRows: NewFindingRow[] = [];
    const matchRows: NewVulnerabilityMatchRow[] = [];
    const newFindings: Finding[] = [];
    for (const { s, software } of detected) {
      for (const sw of software) {
        const facts = matcher.facts(sw);
        if (facts.length === 0) continue;
        const finding = findingOf(sw, s, facts);
        const softwareName = sw.cpeNames[0] ?? sw.name;
        const before = baseCves.get(portKey(s.ip, s.port, s.protocol, softwareName));
        const change = base === undefined || !before || finding.cves.some((f) => !before.has(f.cveId)) ? 'new' : 'unchanged';
        const row: NewFindingRow = {
          run_id: runId, rule_id: cveRuleId(softwareName), severity: finding.severity, title: finding.title, ip: s.ip, port: s.port, protocol: s.protocol,
          evidence: finding.evidence, remediation: finding.remediation, change,
        };
        findingRows.push(row);
        if (change === 'new') newFindings.push({ ruleId: cveRuleId(softwareName), severity: finding.severity, title: finding.title, ip: s.ip, port: s.port, protocol: s.protocol as Protocol, evidence: finding.evidence, remediation: finding.remediation });
        for (const f of finding.cves) {
          matchRows.push({
            run_id: runId, ip: s.ip, port: s.port, protocol: s.protocol, software: softwareName, product: sw.name, version: sw.version,
            cve_id: f.cveId, cvss: f.cvss, kev: f.kev !== null, fixed_in: f.fixedIn, confidence: f.conditionalOn.length > 0 ? 'conditional' : finding.confidence,
          });
        }
      }
    }
    await trx.deleteFrom('findings').where('run_id', '=', runId).where((eb) => eb.or([eb('rule_id', '=', CVE_RULE_ID), eb('rule_id', 'like', `${CVE_RULE_ID}:%`)])).execute();
    await deleteVulnerabilityMatches(trx, runId);
    await insertFindings(trx, findingRows);
    await insertVulnerabilityMatches(trx, matchRows);
    const counted = run.results_at !== null ? await recountRun(trx, runId) : run;
    return { run: counted, findings: findingRows.length, matches: matchRows.length, newFindings };
  });
}
