// Process lifecycle shared by the long-running sub-commands (start, bot, worker): migrate before serving,
// and wait for SIGTERM/SIGINT to shut down cleanly.
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

export { untilSignal } from './signals.js';
