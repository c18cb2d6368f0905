// How many open-port rows each streamed batch added (run_result_batches.port_rows): the end of a run sums
// them instead of counting its open_ports, which for a run of 1,000,000 fresh rows (no visibility map yet)
// read every heap page again and took 0.24 s of the 5 s the run's ingest took (bench/remote-ingest).
// NULL for batches applied before this migration: a run with any of them is counted as before.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE run_result_batches ADD COLUMN port_rows integer`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE run_result_batches DROP COLUMN port_rows`.execute(db);
}
