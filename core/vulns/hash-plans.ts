// Joins over a run's ports right after they were written: PostgreSQL has no statistics on them yet and
// plans for a run of about one row — it sorts 40,000 detections to group them (spilling to disk) and scans
// the run's 100,000 ports once per template to join them (both measured on bench/vulndb.bench.ts's run,
// 0.5 s). Hashing is right at any size: sorts and nested loops are discouraged for `work`, then set back.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema/database.js';

export async function withHashPlans<T>(trx: Transaction<Database>, work: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ nestloop: string; sort: string }>`
    SELECT current_setting('enable_nestloop') AS nestloop, current_setting('enable_sort') AS sort`.execute(trx);
  await sql`SELECT set_config('enable_nestloop', 'off', true), set_config('enable_sort', 'off', true)`.execute(trx);
  const out = await work();
  await sql`SELECT set_config('enable_nestloop', ${rows[0]!.nestloop}, true), set_config('enable_sort', ${rows[0]!.sort}, true)`.execute(trx);
  return out;
}
