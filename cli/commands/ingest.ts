// `portcullis ingest`: the control-plane role that applies what scanners stream (results, logs, progress,
// heartbeats) to PostgreSQL, and takes schedule firings and report digests. Several may run at once (each
// scanner's stream is read by one of them at a time). `start` and `bot` include it.
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { startControlPlane } from '../../control/control-plane.js';
import { openBackend } from '../composition/backend.js';
import { migrateWhenReachable } from '../composition/lifecycle.js';
import { untilSignal } from '../composition/lifecycle.js';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: portcullis ingest\n\nApplies what scanners send (results, logs, progress, heartbeats) to the database, and runs schedules. Needs DATABASE_URL and REDIS_URL.\n');
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  await migrateWhenReachable(config, logger);
  const backend = await openBackend(config, logger);
  const control = await startControlPlane({ ...backend, prefix: backend.prefix });
  await untilSignal(logger, 'ingest shutting down');
  await control.close();
  await backend.close();
  return 0;
}
