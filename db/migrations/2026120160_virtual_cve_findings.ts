// CVE findings of a run stored once per (detection, port, protocol, software) instead of one row per port:
// every open port of the run with that detection (product, version, banner and CPEs as stored in
// open_ports) and port has the same finding but for its address, so a /16 of one server version is one
// template row, not 65,536 finding rows (100,000 ports gave 25,455 rows, most of a run's ingest time).
// `run_findings` is what a run's findings are read from: the rows of `findings` (scanner findings, and CVE
// findings carried over as gone / not_scanned) and, for each template, one virtual finding per port with
// the address filled into the evidence where the template holds the host marker U+0001 host U+0001.
// A template's `change` (new / unchanged against the base run) holds for all its ports but those listed in
// cve_finding_exceptions, which hold their own: a run ingested again or re-matched by a refresh rewrites
// both, so the change never depends on the base run still being stored (retention may drop it).
// Live CVE rows written before this migration stay valid rows of `findings` until their run is matched again.
import { sql, type Kysely } from 'kysely';

const PREVIOUS_CASCADE = `
    CREATE OR REPLACE FUNCTION delete_run_results() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM open_ports WHERE run_id IN (SELECT id FROM gone_runs);
      DELETE FROM findings WHERE run_id IN (SELECT id FROM gone_runs);
      DELETE FROM vulnerability_software_matches WHERE run_id IN (SELECT id FROM gone_runs);
      RETURN NULL;
    END $$;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE cve_finding_templates (
      run_id integer NOT NULL,
      seen_product text NOT NULL,
      seen_version text NOT NULL,
      seen_banner text NOT NULL,
      seen_cpes text[] NOT NULL,
      port integer NOT NULL,
      protocol text NOT NULL,
      rule_id text NOT NULL,
      software text NOT NULL,
      severity text NOT NULL,
      title text NOT NULL,
      evidence text NOT NULL,
      remediation text NOT NULL,
      cve_ids text[] NOT NULL,
      ports integer NOT NULL,
      change text NOT NULL
    );
    CREATE INDEX cve_finding_templates_run_idx ON cve_finding_templates (run_id);

    CREATE TABLE cve_finding_exceptions (
      run_id integer NOT NULL,
      rule_id text NOT NULL,
      ip inet NOT NULL,
      port integer NOT NULL,
      protocol text NOT NULL,
      change text NOT NULL,
      PRIMARY KEY (run_id, rule_id, ip, port, protocol)
    );

    CREATE VIEW run_findings AS
      SELECT run_id, rule_id, severity, title, ip, port, protocol, evidence, remediation, change FROM findings
      UNION ALL
      SELECT t.run_id, t.rule_id, t.severity, t.title, op.ip, op.port, op.protocol, replace(t.evidence, E'\\x01host\\x01', host(op.ip)),
        t.remediation, coalesce(x.change, t.change)
      FROM cve_finding_templates t
      JOIN open_ports op ON op.run_id = t.run_id AND op.port = t.port AND op.protocol = t.protocol
        AND coalesce(op.product, '') = t.seen_product AND coalesce(op.version, '') = t.seen_version
        AND coalesce(op.banner, '') = t.seen_banner AND coalesce(op.cpes, '{}') = t.seen_cpes
      LEFT JOIN cve_finding_exceptions x ON x.run_id = t.run_id AND x.rule_id = t.rule_id AND x.ip = op.ip AND x.port = op.port
        AND x.protocol = op.protocol;

    CREATE OR REPLACE FUNCTION delete_run_results() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM open_ports WHERE run_id IN (SELECT id FROM gone_runs);
      DELETE FROM findings WHERE run_id IN (SELECT id FROM gone_runs);
      DELETE FROM vulnerability_software_matches WHERE run_id IN (SELECT id FROM gone_runs);
      DELETE FROM cve_finding_templates WHERE run_id IN (SELECT id FROM gone_runs);
      DELETE FROM cve_finding_exceptions WHERE run_id IN (SELECT id FROM gone_runs);
      RETURN NULL;
    END $$;
  `).execute(db);
}

/** Back to one row per port: the virtual findings are written into `findings` before their tables go. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    INSERT INTO findings (run_id, rule_id, severity, title, ip, port, protocol, evidence, remediation, change)
      SELECT * FROM run_findings f WHERE EXISTS (SELECT 1 FROM cve_finding_templates t WHERE t.run_id = f.run_id AND t.rule_id = f.rule_id)
        AND f.change IN ('new', 'unchanged')
      ON CONFLICT DO NOTHING;
    ${PREVIOUS_CASCADE}
    DROP VIEW run_findings;
    DROP TABLE cve_finding_exceptions;
    DROP TABLE cve_finding_templates;
  `).execute(db);
}
