// Process lifecycle shared by the long-running sub-commands (start, bot, worker): migrate before serving,
// wait for SIGTERM/SIGINT, and shut down within a bounded time: each step is waited for only until the
// grace period (SHUTDOWN_GRACE_SECONDS) is over, then the process exits whatever it still waits on — a
// query stuck on a dead database, a job that will not hand back — and a second signal exits at once.
import type { Config } from '../../core/config.js';
import { ensureDatabase, migrateToLatest, openDb } from '../../db/migrate.js';

/** Creates the database when missing and applies every pending migration. */
export async function migrate(config: Pick<Config, 'DATABASE_URL'>): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  const db = openDb<unknown>(config.DATABASE_URL, { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

export { boundedShutdown, installShutdownDeadline, untilSignal, type BoundedShutdown } from './signals.js';
