// `/scan list` pages through the scans, newest activity first, at any number of scans. Each scan keeps the
// id of its latest run and the time of its latest activity (the creation of its newest run, else its own
// creation), so a page is an index range over scans plus one primary-key lookup per row, and a status filter
// joins one run per scan instead of searching all runs. A statement-level trigger keeps both columns right in
// the transaction that inserts runs, whatever inserts them. Runs are only deleted oldest-first (retention,
// never the newest) or with their scan, so latest_run_id needs no foreign key (which would also cycle
// through the scans → runs cascade).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE scans ADD COLUMN latest_run_id integer, ADD COLUMN activity_at timestamptz;
    UPDATE scans s SET latest_run_id = r.id, activity_at = r.created_at
      FROM (SELECT DISTINCT ON (scan_id) id, scan_id, created_at FROM runs ORDER BY scan_id, number DESC) r
      WHERE r.scan_id = s.id;
    UPDATE scans SET activity_at = created_at WHERE activity_at IS NULL;
    ALTER TABLE scans ALTER COLUMN activity_at SET DEFAULT now(), ALTER COLUMN activity_at SET NOT NULL;

    CREATE INDEX scans_activity_idx ON scans (activity_at DESC, id DESC);
    CREATE INDEX scans_latest_run_idx ON scans (latest_run_id);

    CREATE FUNCTION note_latest_runs() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE scans s SET latest_run_id = n.id, activity_at = n.created_at
        FROM (SELECT DISTINCT ON (scan_id) id, scan_id, number, created_at FROM new_runs ORDER BY scan_id, number DESC) n
        WHERE s.id = n.scan_id
          AND NOT EXISTS (SELECT 1 FROM runs o WHERE o.id = s.latest_run_id AND o.number > n.number);
      RETURN NULL;
    END $$;

    CREATE TRIGGER runs_note_latest AFTER INSERT ON runs
      REFERENCING NEW TABLE AS new_runs FOR EACH STATEMENT EXECUTE FUNCTION note_latest_runs();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER runs_note_latest ON runs;
    DROP FUNCTION note_latest_runs();
    DROP INDEX scans_latest_run_idx, scans_activity_idx;
    ALTER TABLE scans DROP COLUMN activity_at, DROP COLUMN latest_run_id;
  `.execute(db);
}
