// Findings of a run: bulk write with COPY (batched UNNEST fallback) into `findings`, and reads sorted by
// severity from the run_findings view (`findings` and the virtual CVE findings, migration 2026120160).
import { sql, type Transaction } from 'kysely';
import { copyChunks, copyInto, copyLine, stripNul } from '../copy-rows.js';
import type { Database, Db } from '../schema/database.js';
import type { FindingRow, NewFindingRow } from '../schema/result.table.js';

const COLUMNS = ['run_id', 'rule_id', 'severity', 'title', 'ip', 'port', 'protocol', 'evidence', 'remediation', 'change'];
const UNNEST_BATCH = 20_000;
/** Most severe first, as every reader of findings sorts them. */
export const SEVERITY_ORDER = sql`array_position(ARRAY['critical','high','medium','low','info'], severity)`;

export async function insertFindings(trx: Transaction<Database>, rows: readonly NewFindingRow[]): Promise<void> {
  const line = (f: NewFindingRow) => copyLine([f.run_id, f.rule_id, f.severity, f.title, f.ip, f.port, f.protocol, f.evidence, f.remediation, f.change]);
  if (rows.length === 0 || (await copyInto(trx, 'findings', COLUMNS, copyChunks(rows, line)))) return;
  for (let i = 0; i < rows.length; i += UNNEST_BATCH) {
    const c = rows.slice(i, i + UNNEST_BATCH);
    const col = <K extends keyof NewFindingRow>(k: K) => c.map((f) => (typeof f[k] === 'string' ? stripNul(f[k] as string) : f[k]));
    await sql`
      INSERT INTO findings (run_id, rule_id, severity, title, ip, port, protocol, evidence, remediation, change)
      SELECT * FROM unnest(${col('run_id')}::int[], ${col('rule_id')}::text[], ${col('severity')}::text[], ${col('title')}::text[],
        ${col('ip')}::inet[], ${col('port')}::int[], ${col('protocol')}::text[], ${col('evidence')}::text[], ${col('remediation')}::text[],
        ${col('change')}::text[])`.execute(trx);
  }
}

export async function deleteFindings(db: Db, runId: number): Promise<void> {
  await db.deleteFrom('findings').where('run_id', '=', runId).execute();
}

/** Findings of a run, most severe first; `severities` limits them (e.g. high and above). */
export async function findingsOfRun(db: Db, runId: number, severities?: readonly string[]): Promise<FindingRow[]> {
  let query = db.selectFrom('run_findings').selectAll().where('run_id', '=', runId);
  if (severities) query = query.where('severity', 'in', [...severities]);
  return query.orderBy(SEVERITY_ORDER).orderBy('ip').orderBy('port').execute();
}

/** The rows of `findings` of a run alone (no virtual CVE findings): what ingest compares and carries itself. */
export async function storedFindingsOfRun(db: Db, runId: number): Promise<FindingRow[]> {
  return db.selectFrom('findings').selectAll().where('run_id', '=', runId).orderBy(SEVERITY_ORDER).orderBy('ip').orderBy('port').execute();
}
