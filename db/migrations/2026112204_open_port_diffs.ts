// The port diff of a run against its base run, stored once. Ingest already computes it (new exposure
// fires on it), so keeping the differing rows makes `/scan diff` read one row instead of joining two runs
// of a million ports each. One row per (run, base run): the rows of each side that are not identical in
// the other, as JSON arrays, so a read is one value to decode rather than a row per port. Both keys
// cascade, so retention and delete drop the stored diff with either run; the results of an ingested run
// never change, so a stored diff never goes stale.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE open_port_diffs (
      run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      base_run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      base json NOT NULL,
      current json NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, base_run_id)
    );
    CREATE INDEX open_port_diffs_base_idx ON open_port_diffs (base_run_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE open_port_diffs`.execute(db);
}
