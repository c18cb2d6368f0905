// `portcullis start` (`npm start`): migrate, then the control plane (bot, ingest, schedules) and a local
// scanner in one process (DESIGN §8). The local scanner takes the same path as a remote one: signed orders
// from the queue, its own Redis credential (created at start when Redis allows ACL changes), results over
// its stream. With no chat tokens and a terminal it opens the console, so a newcomer can type `/scan …`.
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { parseOrderPublicKey } from '../../core/orders/scan-order.js';
import { connectRedis } from '../../core/redis.js';
import { startControlPlane } from '../../control/control-plane.js';
import { ensureLocalScanner } from '../../control/scanner-credentials.js';
import { loadWorkerSettings } from '../../worker/worker-settings.js';
import { boundedShutdown, installShutdownDeadline, migrateWhenReachable } from '../composition/lifecycle.js';
import { openBackend, startBot } from './bot.js';
import { startWorker } from './worker.js';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: portcullis start\n\nMigrates the database, then runs the chat front, ingest and a local scanner in one process.\n');
    return 0;
  }
  const config = loadConfig();
  const interactive = process.stdin.isTTY === true && !config.SLACK_BOT_TOKEN && !config.DISCORD_TOKEN;
  // In the console the prompt owns the terminal: logs stay quiet unless LOG_LEVEL asks otherwise.
  const logger = createLogger(interactive && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL);
  // From the first SIGTERM on, the process exits within the grace period — also while still starting.
  installShutdownDeadline(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await migrateWhenReachable(config, logger);
  logger.info('database migrated');
  const backend = await openBackend(config, logger);
  const settings = loadWorkerSettings();
  const name = settings.scannerName ?? 'local';
  const admin = await connectRedis(config.REDIS_URL);
  const credential = await ensureLocalScanner({ db: backend.db, redis: admin, prefix: backend.prefix, connectionBase: config.REDIS_URL }, name, settings.scannerPool ?? 'default', { acl: config.LOCAL_SCANNER_ACL === 'on' });
  if (!credential) {
    logger.warn('local scanner: no Redis ACL user of its own (Redis refused ACL SETUSER, or LOCAL_SCANNER_ACL=off); it uses the control plane connection');
  }
  await admin.quit();
  const control = await startControlPlane({ ...backend, prefix: backend.prefix });
  const worker = await startWorker({
    config: { ...config, REDIS_URL: credential?.redisUrl ?? config.REDIS_URL }, logger,
    orderKey: parseOrderPublicKey(backend.signer.publicKey), settings: { ...settings, scannerName: name },
  });
  const bot = await startBot(backend, { interactive, withControlPlane: false });
  await bot.done;
  const shutdown = boundedShutdown(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await shutdown.step('the chat front', () => bot.stop());
  await shutdown.step('the worker', () => worker.close());
  await shutdown.step('the control plane', () => control.close());
  await shutdown.step('the database and queue connections', () => backend.close());
  shutdown.done();
  return 0;
}
