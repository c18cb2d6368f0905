// Process lifecycle shared by the long-running sub-commands (start, bot, worker): migrate before serving,
// and wait for SIGTERM/SIGINT to shut down cleanly.
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
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

/** Resolves on the first SIGTERM or SIGINT, after logging `message`. */
export function untilSignal(logger: Logger, message: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, message);
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
