// Process lifecycle shared by the long-running sub-commands (start, bot, worker): migrate before serving,
// wait for SIGTERM/SIGINT, and shut down within a bounded time: each step is waited for only until the
// grace period (SHUTDOWN_GRACE_SECONDS) is over, then the process exits whatever it still waits on — a
// query stuck on a dead database, a job that will not hand back — and a second signal exits at once.
import type { Config } from '../../core/config.js';
import type { Kysely } from 'kysely';
import { loadBundledVulnerabilityData } from '../../core/vulns/bundled-data.js';
import { ensureDatabase, migrateToLatest, openDb } from '../../db/migrate.js';
import type { Database } from '../../db/schema/database.js';

/** Creates the database when missing and applies every pending migration. */
export async function migrate(config: Pick<Config, 'DATABASE_URL'>): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  const db = openDb<unknown>(config.DATABASE_URL, { max: 1 });
  try {
    await migrateToLatest(db);
    // A fresh install gets the bundled CVE data (issue 9) so matching works before the first sync.
    await loadBundledVulnerabilityData(db as Kysely<Database>);
  } finally {
    await db.destroy();
  }
}

export { boundedShutdown, installShutdownDeadline, untilSignal, type BoundedShutdown } from './signals.js';
