// Each run keeps the scan set it actually used (targets, ports, scanner, protocol), so a diff can tell a
// port that closed from one the run did not look at ("not scanned in run N", never "gone"). The set is
// copied from the scan when the run is planned and again when it starts running (the worker reads the
// scan's configuration as it starts), by triggers, so every path that inserts or starts a run records it.
// Runs from before this migration keep NULL: nothing is known about them, and they compare as before.
// Findings gain the mark `not_scanned`: a finding of the previous run on a port this run did not scan.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE runs ADD COLUMN scan_targets text[], ADD COLUMN scan_ports text, ADD COLUMN scan_scanner text, ADD COLUMN scan_protocol text;

    CREATE FUNCTION note_run_scan_set() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' OR (OLD.status = 'planned' AND NEW.status = 'running') THEN
        SELECT s.targets, s.ports, s.scanner, s.protocol INTO NEW.scan_targets, NEW.scan_ports, NEW.scan_scanner, NEW.scan_protocol
          FROM scans s WHERE s.id = NEW.scan_id;
      END IF;
      RETURN NEW;
    END $$;

    CREATE TRIGGER runs_note_scan_set BEFORE INSERT OR UPDATE OF status ON runs
      FOR EACH ROW EXECUTE FUNCTION note_run_scan_set();

    ALTER TABLE findings DROP CONSTRAINT findings_change_check;
    ALTER TABLE findings ADD CONSTRAINT findings_change_check CHECK (change IN ('new', 'gone', 'changed', 'unchanged', 'not_scanned'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM findings WHERE change = 'not_scanned';
    ALTER TABLE findings DROP CONSTRAINT findings_change_check;
    ALTER TABLE findings ADD CONSTRAINT findings_change_check CHECK (change IN ('new', 'gone', 'changed', 'unchanged'));
    DROP TRIGGER runs_note_scan_set ON runs;
    DROP FUNCTION note_run_scan_set();
    ALTER TABLE runs DROP COLUMN scan_targets, DROP COLUMN scan_ports, DROP COLUMN scan_scanner, DROP COLUMN scan_protocol;
  `.execute(db);
}
