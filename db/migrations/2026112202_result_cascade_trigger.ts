// Open ports and findings are ingested a million rows at a time. A foreign key checks every inserted row
// (measured: 17 s per million instead of 3.5 s), so these two tables drop theirs and a statement-level
// trigger on runs keeps ON DELETE CASCADE semantics. Ingest locks the run row first, so a row of a run
// that does not exist cannot be written.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE open_ports DROP CONSTRAINT open_ports_run_id_fkey;
    ALTER TABLE findings DROP CONSTRAINT findings_run_id_fkey;

    CREATE FUNCTION delete_run_results() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM open_ports WHERE run_id IN (SELECT id FROM gone_runs);
      DELETE FROM findings WHERE run_id IN (SELECT id FROM gone_runs);
      RETURN NULL;
    END $$;

    CREATE TRIGGER runs_delete_results AFTER DELETE ON runs
      REFERENCING OLD TABLE AS gone_runs FOR EACH STATEMENT EXECUTE FUNCTION delete_run_results();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER runs_delete_results ON runs;
    DROP FUNCTION delete_run_results();
    DELETE FROM open_ports WHERE run_id NOT IN (SELECT id FROM runs);
    DELETE FROM findings WHERE run_id NOT IN (SELECT id FROM runs);
    ALTER TABLE open_ports ADD CONSTRAINT open_ports_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE;
    ALTER TABLE findings ADD CONSTRAINT findings_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE;
  `.execute(db);
}
