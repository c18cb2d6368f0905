// `portcullis bot`: the chat front — Slack and/or Discord when their tokens are set, the console when
// neither is and a person sits at the terminal — plus the notification router fed by this database's
// events from Redis (hints: it reads the run from PostgreSQL), ingest of scanners' reports and schedules
// (the control plane), and /healthz and /metrics on PORT. `startBot` is reused by `start`; the
// backend (cli/composition/backend.ts) by `start`, `chat` and `console`.
import { ConsoleNotifier } from '../../bot/console/console-notifier.js';
import { runRepl } from '../../bot/console/repl.js';
import { ConsoleSession } from '../../bot/console/session.js';
import type { HealthCheck } from '../../bot/http/routes.js';
import type { NotificationRouter } from '../../bot/notifications/router.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { startControlPlane } from '../../control/control-plane.js';
import { registerReportSchedule } from '../../control/report-schedule.js';
import { healthChecks, openBackend, type Backend } from '../composition/backend.js';
import { startChatAdapters } from '../composition/chat-adapters.js';
import { boundedShutdown, installShutdownDeadline, migrateWhenReachable, untilSignal } from '../composition/lifecycle.js';
import { startNotifications } from '../composition/notifications.js';

export { healthChecks, migrate, openBackend, type Backend } from '../composition/backend.js';

export interface RunningBot {
  router: NotificationRouter;
  /** Resolves when the bot should stop: the console was left, or SIGINT/SIGTERM. */
  done: Promise<void>;
  /** The port /healthz and /metrics are served on by this bot's own server (null: by Slack's, or none). */
  httpPort: number | null;
  stop(): Promise<void>;
}

/**
 * Starts the chat adapters that are configured, HTTP health/metrics, the notification router, and (unless
 * `withControlPlane: false`, when the caller runs it) ingest of scanners' reports and the schedules worker.
 */
export async function startBot(backend: Backend, options: { interactive?: boolean; checks?: Record<string, HealthCheck>; withControlPlane?: boolean } = {}): Promise<RunningBot> {
  const { config, logger, service, commands } = backend;
  const adapters = await startChatAdapters({ config, logger, service, commands, checks: options.checks ?? healthChecks(backend) });
  const notifiers = [...adapters.notifiers];
  let done: Promise<void>;
  if (notifiers.length === 0 && options.interactive) {
    notifiers.push(new ConsoleNotifier({ outputDir: config.PORTCULLIS_OUTPUT_DIR, write: (text) => process.stdout.write(text) }));
    const session = new ConsoleSession({ deps: commands, outputDir: config.PORTCULLIS_OUTPUT_DIR });
    done = runRepl({ session, input: process.stdin, output: process.stdout }).then(() => undefined);
  } else {
    if (notifiers.length === 0) logger.warn('no chat adapter is configured and stdin is not a terminal: only notifications to nowhere; set SLACK_BOT_TOKEN or DISCORD_TOKEN');
    done = untilSignal(logger, 'bot shutting down');
  }
  await registerReportSchedule(backend.dispatcher.schedules, config).catch((error: unknown) => logger.error({ err: String(error) }, 'the report summary schedule could not be registered; /scan notify reports channels get no summary'));
  const notifications = await startNotifications({ config, logger, service, notifiers, commands, db: backend.db, digests: service }).catch(async (error: unknown) => {
    await adapters.stop();
    throw error;
  });
  const control = options.withControlPlane === false ? null : await startControlPlane({ ...backend, prefix: backend.prefix }).catch(async (error: unknown) => {
    await notifications.stop();
    await adapters.stop();
    throw error;
  });
  return {
    router: notifications.router,
    done,
    httpPort: adapters.httpPort,
    async stop() {
      await control?.close();
      await notifications.stop();
      await adapters.stop();
    },
  };
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: portcullis bot\n\nRuns the chat front: Slack (SLACK_BOT_TOKEN), Discord (DISCORD_TOKEN), or the console when neither is set and stdin is a terminal.\n');
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // From the first SIGTERM on, the process exits within the grace period — also while still starting.
  installShutdownDeadline(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await migrateWhenReachable(config, logger);
  const backend = await openBackend(config, logger);
  const bot = await startBot(backend, { interactive: process.stdin.isTTY === true });
  await bot.done;
  const shutdown = boundedShutdown(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await shutdown.step('the chat front and the control plane', () => bot.stop());
  await shutdown.step('the database and queue connections', () => backend.close());
  shutdown.done();
  return 0;
}
