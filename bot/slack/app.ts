// Builds the Bolt app for the configured mode: Socket Mode when SLACK_APP_TOKEN is set (no public URL
// needed), else the HTTP receiver at /slack/events with Slack's request signature verification. The Web API
// client (for replies and the Socket Mode handshake alike) is pointed at SLACK_API_URL when set.
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { boltLogger } from './bolt-logger.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** About five retries over five minutes (@slack/web-api's fiveRetriesInFiveMinutes; a named import of it fails under Node ESM). */
const RETRY_POLICY = { retries: 5, factor: 3.86, minTimeout: 1000, maxTimeout: 120_000, randomize: true };

export type SlackMode = 'socket' | 'http';

export interface SlackAppParts {
  app: App;
  mode: SlackMode;
  /** Present in HTTP mode: its requestListener serves /slack/events. */
  httpReceiver?: HTTPReceiver;
}

/** WebClient wants a trailing slash: it appends method names to this base. */
function apiBase(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

export function createSlackApp(config: Config, logger: Logger, overrides: WebClientOptions = {}): SlackAppParts {
  const problems: string[] = [];
  if (!config.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required to start the Slack adapter (xoxb-…)');
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  if (problems.length > 0) throw new ConfigError(problems);

  const slackLogger = boltLogger(logger);
  const slackApiUrl = apiBase(config.SLACK_API_URL);
  const clientOptions: WebClientOptions = {
    retryConfig: RETRY_POLICY,
    ...(slackApiUrl ? { slackApiUrl } : {}),
    ...overrides,
  };
  const common = { token: config.SLACK_BOT_TOKEN, logger: slackLogger, clientOptions, deferInitialization: true };

  if (config.SLACK_APP_TOKEN) {
    const receiver = new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN, logger: slackLogger, installerOptions: { clientOptions } });
    return { app: new App({ ...common, receiver }), mode: 'socket' };
  }
  const httpReceiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET ?? '',
    endpoints: SLACK_EVENTS_PATH,
    logger: slackLogger,
    signatureVerification: true,
    processBeforeResponse: false,
  });
  return { app: new App({ ...common, receiver: httpReceiver }), mode: 'http', httpReceiver };
}
