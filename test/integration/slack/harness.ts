// Starts the real Slack adapter (Bolt, HTTP mode on a random port) against the fake Slack Web API, for the
// integration tests: signed requests go to `eventsUrl`, the Web API calls land on `fake`.
import { loadConfig } from '../../../core/config.js';
import { createLogger, type Logger } from '../../../core/logger.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { startSlack, type SlackAdapter } from '../../../bot/slack/index.js';
import { FakeSlackApi } from '../../fakes/slack/fake-slack-api.js';

export const SIGNING_SECRET = 'test-signing-secret-8f2b1c';
export const BOT_TOKEN = 'xoxb-test-token';
export const ADMIN = 'U0ADMIN01';

export interface SlackHarness {
  fake: FakeSlackApi;
  adapter: SlackAdapter;
  eventsUrl: string;
  close(): Promise<void>;
}

export async function startSlackHarness(service: ScanService, options: { logger?: Logger; env?: Record<string, string> } = {}): Promise<SlackHarness> {
  const fake = await FakeSlackApi.start({ botToken: BOT_TOKEN });
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    ADMINS: `slack:${ADMIN}`,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const adapter = await startSlack({
    config,
    service,
    logger: options.logger ?? createLogger('silent', { pretty: false }),
    host: '127.0.0.1',
    webClientOptions: { retryConfig: { retries: 2, minTimeout: 50, maxTimeout: 200 } },
  });
  return {
    fake,
    adapter,
    eventsUrl: `http://127.0.0.1:${adapter.port}/slack/events`,
    close: async () => {
      await adapter.stop();
      await fake.close();
    },
  };
}
