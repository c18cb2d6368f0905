// The known CVEs of one run, with what reports say about each (CVSS, KEV action and due date, the
// description, references), read once for buildReport.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.js';

export interface ReportCve {
  cveId: string;
  ip: string;
  port: number;
  protocol: string;
  software: string;
  version: string | null;
  cvss: number | null;
  kev: boolean;
  kevDueDate: string | null;
  requiredAction: string | null;
  fixedIn: string | null;
  confidence: string;
  description: string;
  references: string[];
}

interface Row {
  cve_id: string; ip: string; port: number; protocol: string; product: string | null; software: string; version: string | null; cvss: number | null;
  kev: boolean; fixed_in: string | null; confidence: string; description: string | null; references: unknown; due_date: Date | null; required_action: string | null;
}

/** At most this many references per CVE in a report. */
const REFERENCES = 5;

export async function reportCvesOfRun(db: Kysely<Database>, runId: number): Promise<ReportCve[]> {
  const { rows } = await sql<Row>`
    SELECT m.cve_id, host(m.ip) AS ip, m.port, m.protocol, m.product, m.software, m.version, m.cvss, m.kev, m.fixed_in, m.confidence,
      v.description, v."references", k.due_date, k.required_action
    FROM vulnerability_matches m LEFT JOIN vulnerabilities v ON v.cve_id = m.cve_id LEFT JOIN kev_entries k ON k.cve_id = m.cve_id
    WHERE m.run_id = ${runId}
    ORDER BY m.kev DESC, m.cvss DESC NULLS LAST, m.cve_id, m.ip, m.port`.execute(db);
  return rows.map((r) => ({
    cveId: r.cve_id, ip: r.ip, port: r.port, protocol: r.protocol, software: r.product ?? r.software, version: r.version, cvss: r.cvss, kev: r.kev,
    kevDueDate: r.due_date ? r.due_date.toISOString().slice(0, 10) : null, requiredAction: r.required_action, fixedIn: r.fixed_in, confidence: r.confidence,
    description: r.description ?? '',
    references: (Array.isArray(r.references) ? r.references : []).map((x: { url?: unknown }) => (typeof x?.url === 'string' ? x.url : '')).filter(Boolean).slice(0, REFERENCES),
  }));
}
