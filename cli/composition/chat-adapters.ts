// Starts the chat platforms that are configured — Slack when SLACK_BOT_TOKEN is set, Discord when
// DISCORD_TOKEN is — and /healthz and /metrics on PORT (on Slack's HTTP server in its HTTP mode, else on
// a server of their own). Returns their notifiers for the notification router and how to stop them.
import type { CommandDeps } from '../../bot/commands/deps.js';
import { startDiscord } from '../../bot/discord/index.js';
import { healthRoutes, startHttpServer, type HealthCheck } from '../../bot/http/routes.js';
import type { Notifier } from '../../bot/notifications/notifier.js';
import { startSlack } from '../../bot/slack/index.js';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';

export interface ChatAdapters {
  notifiers: Notifier[];
  /** The port /healthz and /metrics are served on by a server of our own (null: by Slack's, or none). */
  httpPort: number | null;
  /** Stops everything started, last first; a failing stop is logged. */
  stop(): Promise<void>;
}

export interface ChatAdapterDeps {
  config: Config;
  logger: Logger;
  service: ScanService;
  commands: Pick<CommandDeps, 'reports' | 'charts' | 'vulnerabilities'>;
  checks: Record<string, HealthCheck>;
}

export async function startChatAdapters(deps: ChatAdapterDeps): Promise<ChatAdapters> {
  const { config, logger, service, commands } = deps;
  const notifiers: Notifier[] = [];
  const stops: Array<() => Promise<void>> = [];
  const routes = healthRoutes(deps.checks, { metricsToken: config.METRICS_TOKEN });
  const extras = {
    ...(commands.reports ? { reports: commands.reports } : {}),
    ...(commands.charts ? { charts: commands.charts } : {}),
    ...(commands.vulnerabilities ? { vulnerabilities: commands.vulnerabilities } : {}),
  };
  let httpServed = false;
  let httpPort: number | null = null;
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((error: unknown) => logger.warn({ err: String(error) }, 'adapter stop failed'));
  };
  try {
    if (config.SLACK_BOT_TOKEN) {
      const slack = await startSlack({ config, service, logger, routes, ...extras });
      notifiers.push(slack.notifier);
      stops.push(() => slack.stop());
      httpServed = slack.mode === 'http';
    } else {
      logger.info('Slack is off: SLACK_BOT_TOKEN is not set');
    }
    if (config.DISCORD_TOKEN) {
      const discord = await startDiscord({ config, service, logger, ...extras });
      notifiers.push(discord.notifier);
      stops.push(() => discord.stop());
    } else {
      logger.info('Discord is off: DISCORD_TOKEN is not set');
    }
  } catch (error) {
    await stop();
    throw error;
  }
  if (!httpServed) {
    try {
      const http = await startHttpServer(config.PORT, routes);
      stops.push(() => http.close());
      httpPort = http.port;
      logger.info({ port: http.port }, '/healthz and /metrics listening');
    } catch (error) {
      logger.warn({ err: String(error), port: config.PORT }, '/healthz and /metrics not served: the port is taken');
    }
  }
  return { notifiers, httpPort, stop };
}
