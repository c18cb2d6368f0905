// Entry point of the Slack adapter: builds the Bolt app (Socket Mode or HTTP), registers the /scan command
// and the buttons, verifies the bot token (auth.test) so a bad token fails at start, and starts receiving
// (HTTP mode: each signed request once, see replay-guard.ts).
// Returns the SlackNotifier the notification router posts through, and stop().
import type { RequestListener } from 'node:http';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { ChartsPort, CommandDeps, ReportsPort, VulnerabilityPort } from '../commands/deps.js';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackMode } from './app.js';
import { startSlackHttpServer } from './http-server.js';
import { registerListeners } from './listeners/index.js';
import { WorkLimiter } from './listeners/work-limiter.js';
import { SlackNotifier } from './notifier.js';
import { replayGuardOnRedis, type ReplayGuard } from './replay-guard.js';
import { safeSlackError } from './safe-error.js';

export interface SlackDeps {
  config: Config;
  service: ScanService;
  logger: Logger;
  reports?: ReportsPort;
  charts?: ChartsPort;
  /** The vulnerability store: `/scan cve`, `/scan vulndb` and the CVEs of `/scan vulns`. */
  vulnerabilities?: VulnerabilityPort;
  /** Extra HTTP routes on PORT in HTTP mode, e.g. /healthz and /metrics. */
  routes?: Record<string, RequestListener>;
  /** Interface to listen on in HTTP mode (default all). */
  host?: string;
  /** Commands doing their post-ack work at once (default 4). */
  workConcurrency?: number;
  /** WebClient overrides (tests shorten retries). */
  webClientOptions?: WebClientOptions;
  /** HTTP mode: refuses a signed request seen before; default one on REDIS_URL (see replay-guard.ts). */
  replayGuard?: ReplayGuard;
}

export interface SlackAdapter {
  mode: SlackMode;
  /** HTTP mode: the port actually bound (PORT=0 picks a free one). */
  port: number | null;
  notifier: SlackNotifier;
  stop(): Promise<void>;
}

export async function startSlack(deps: SlackDeps): Promise<SlackAdapter> {
  const logger = deps.logger.child({ component: 'slack' });
  const { app, mode, httpReceiver } = createSlackApp(deps.config, logger, deps.webClientOptions);
  const commands: CommandDeps = {
    service: deps.service,
    logger,
    admins: deps.config.ADMINS,
    ...(deps.reports ? { reports: deps.reports } : {}),
    ...(deps.charts ? { charts: deps.charts } : {}),
    ...(deps.vulnerabilities ? { vulnerabilities: deps.vulnerabilities } : {}),
  };
  registerListeners(app, { commands, logger, work: new WorkLimiter(deps.workConcurrency ?? 4) });
  app.error(async (error) => {
    logger.error({ err: safeSlackError(error) }, 'slack listener error');
  });
  await app.init();
  const notifier = new SlackNotifier(app.client, logger);

  if (mode === 'socket') {
    await app.start();
    logger.info('slack adapter connected (Socket Mode)');
    return { mode, port: null, notifier, stop: () => app.stop().then(() => undefined) };
  }
  const own = deps.replayGuard ? null : replayGuardOnRedis(deps.config.REDIS_URL, logger);
  const guard = deps.replayGuard ?? (own as NonNullable<typeof own>).guard;
  const http = await startSlackHttpServer({
    slackListener: (httpReceiver as NonNullable<typeof httpReceiver>).requestListener,
    slackPath: SLACK_EVENTS_PATH,
    port: deps.config.PORT,
    ...(deps.host ? { host: deps.host } : {}),
    ...(deps.routes ? { routes: deps.routes } : {}),
    replay: { guard, signingSecret: deps.config.SLACK_SIGNING_SECRET ?? '' },
  }).catch((error: unknown) => {
    own?.close();
    throw error;
  });
  logger.info({ port: http.port, path: SLACK_EVENTS_PATH }, 'slack adapter listening (HTTP)');
  const stop = async () => {
    await http.close();
    own?.close();
  };
  return { mode, port: http.port, notifier, stop };
}
