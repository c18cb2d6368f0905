// Scanners as remote agents (issue 8): scanners become named, credentialed agents of a pool (one row per
// name, kept across restarts); scans are sent to a pool; a run remembers the scanners it was assigned to (a chunked run has several);
// the control plane's order-signing key lives here (every control-plane process shares the database, so
// they all sign with one key); results streamed in batches are idempotent per row (unique keys, upserts)
// and per batch (run_result_batches records which batches were applied).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE scans ADD COLUMN pool text NOT NULL DEFAULT 'default';
    ALTER TABLE runs ADD COLUMN scanners text[] NOT NULL DEFAULT '{}';

    ALTER TABLE scanners ADD COLUMN pool text NOT NULL DEFAULT 'default';
    ALTER TABLE scanners ADD COLUMN credential_fingerprint text;
    ALTER TABLE scanners ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
    ALTER TABLE scanners ADD COLUMN created_by text;
    ALTER TABLE scanners ADD COLUMN revoked_at timestamptz;
    ALTER TABLE scanners ADD COLUMN worker_id text;
    ALTER TABLE scanners ALTER COLUMN last_seen DROP NOT NULL;
    ALTER TABLE scanners ALTER COLUMN last_seen DROP DEFAULT;

    CREATE TABLE control_keys (
      name text PRIMARY KEY,
      private_key text NOT NULL,
      public_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE run_result_batches (
      run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      batch_id text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, batch_id)
    );

    -- Rows stored before this migration may hold duplicates (nothing prevented them): keep one of each.
    DELETE FROM open_ports a USING open_ports b
      WHERE a.run_id = b.run_id AND a.ip = b.ip AND a.port = b.port AND a.protocol = b.protocol AND a.ctid > b.ctid;
    DELETE FROM findings a USING findings b
      WHERE a.run_id = b.run_id AND a.rule_id = b.rule_id AND a.ip = b.ip AND a.port = b.port AND a.protocol = b.protocol
        AND a.ctid > b.ctid;
    -- The unique keys start with run_id, so they serve the per-run lookups the plain indexes did.
    CREATE UNIQUE INDEX open_ports_run_key ON open_ports (run_id, ip, port, protocol);
    CREATE UNIQUE INDEX findings_run_key ON findings (run_id, rule_id, ip, port, protocol);
    DROP INDEX open_ports_run_idx;
    DROP INDEX findings_run_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX open_ports_run_idx ON open_ports (run_id);
    CREATE INDEX findings_run_idx ON findings (run_id);
    DROP INDEX findings_run_key;
    DROP INDEX open_ports_run_key;
    DROP TABLE run_result_batches, control_keys;
    ALTER TABLE scanners DROP COLUMN pool, DROP COLUMN credential_fingerprint, DROP COLUMN created_at,
      DROP COLUMN created_by, DROP COLUMN revoked_at, DROP COLUMN worker_id;
    UPDATE scanners SET last_seen = now() WHERE last_seen IS NULL;
    ALTER TABLE scanners ALTER COLUMN last_seen SET NOT NULL;
    ALTER TABLE runs DROP COLUMN scanners;
    ALTER TABLE scans DROP COLUMN pool;
  `.execute(db);
}
