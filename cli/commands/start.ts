// `portcullis start` (`npm start`): migrate, then the bot and a worker in one process (DESIGN §8). With
// no chat tokens and a terminal it opens the console, so a newcomer can type `/scan …` at once.
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { startControlPlane } from '../composition/control-plane.js';
import { boundedShutdown, installShutdownDeadline } from '../composition/lifecycle.js';
import { migrate, openBackend, startBot } from './bot.js';
import { startWorker } from './worker.js';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: portcullis start\n\nMigrates the database, then runs the chat front and a scan worker in one process.\n');
    return 0;
  }
  const config = loadConfig();
  const interactive = process.stdin.isTTY === true && !config.SLACK_BOT_TOKEN && !config.DISCORD_TOKEN;
  // In the console the prompt owns the terminal: logs stay quiet unless LOG_LEVEL asks otherwise.
  const logger = createLogger(interactive && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL);
  // From the first SIGTERM on, the process exits within the grace period — also while still starting.
  installShutdownDeadline(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await migrate(config);
  logger.info('database migrated');
  const backend = await openBackend(config, logger);
  // The control plane first: its reaper, schedule sync and degraded notices run even while the worker
  // still waits for Redis.
  const control = startControlPlane(backend);
  const worker = await startWorker({ config, logger, db: backend.db, service: backend.service, dispatcher: backend.dispatcher });
  const bot = await startBot(backend, { interactive });
  await bot.done;
  const shutdown = boundedShutdown(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await shutdown.step('the control plane', () => control.stop());
  await shutdown.step('the chat front', () => bot.stop());
  await shutdown.step('the worker', () => worker.close());
  await shutdown.step('the database and queue connections', () => backend.close());
  shutdown.done();
  return 0;
}
