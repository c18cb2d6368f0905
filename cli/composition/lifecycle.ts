// Process lifecycle shared by the long-running sub-commands (start, bot, worker): migrate before serving,
// wait for SIGTERM/SIGINT, and shut down within a bounded time: each step is waited for only until the
// grace period (SHUTDOWN_GRACE_SECONDS) is over, then the process exits whatever it still waits on — a
// query stuck on a dead database, a job that will not hand back — and a second signal exits at once.
import type { Config } from '../../core/config.js';
import type { Kysely } from 'kysely';
import { retryWithBackoff } from '../../core/deadline.js';
import { outageNotice } from '../../core/health/outage-notice.js';
import type { Logger } from '../../core/logger.js';
import { DbError } from '../../db/errors.js';
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

/** Waits between attempts of a long-running process to reach PostgreSQL at start: 1 s doubling to 30 s. */
const START_RETRY_FIRST_MS = 1000;
const START_RETRY_MAX_MS = 30_000;

/**
 * `migrate` for the long-running processes (start, bot, ingest): while PostgreSQL is unreachable they keep
 * trying in the background, 1 s doubling to 30 s, and say so once ("degraded: …") and once when it is
 * back ("recovered: …"); a SIGTERM meanwhile ends them within the grace period. Any other failure (a
 * migration that fails, a bad DATABASE_URL) ends the process at once with its reason.
 */
export async function migrateWhenReachable(config: Pick<Config, 'DATABASE_URL'>, logger: Logger): Promise<void> {
  const notice = outageNotice('postgres', logger);
  await retryWithBackoff(() => migrate(config), {
    attempts: Infinity, baseDelayMs: START_RETRY_FIRST_MS, maxDelayMs: START_RETRY_MAX_MS,
    retryIf: (error) => error instanceof DbError && error.code === 'UNREACHABLE',
    onRetry: (error) => notice.failed(error, 'migrate at start'),
  });
  notice.recovered();
}

export { boundedShutdown, installShutdownDeadline, untilSignal, type BoundedShutdown } from './signals.js';
