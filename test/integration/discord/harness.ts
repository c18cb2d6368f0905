// The Discord adapter under test: the real discord.js client (startDiscord) against the fake REST API and
// fake gateway, wired to the real scan service on a per-file test database. Runs are planned on a
// recording dispatcher (no queue); tests drive interactions through the gateway and read what reached
// the fake REST API.
import { pino, type Logger } from 'pino';
import { consoleActor } from '../../../bot/console/session.js';
import { createReportsPort } from '../../../bot/commands/reports-port.js';
import { startDiscord, type DiscordAdapter } from '../../../bot/discord/index.js';
import { renderSeverityChart } from '../../../core/charts/severity-chart.js';
import { configSchema } from '../../../core/config.js';
import type { Role } from '../../../core/scans/scan-model.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createVulnerabilityPort } from '../../../core/vulns/vulnerability-port.js';
import { RecordingDispatcher } from '../../conformance/console.driver.js';
import { FakeDiscordApi } from '../../fakes/discord/fake-discord-api.js';
import { FakeGateway } from '../../fakes/discord/fake-gateway.js';
import { GUILD_ID } from '../../fakes/discord/interactions.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

export const TOKEN = 'fake-discord-bot-token';
export const APP_ID = '900000000000000009';

export interface DiscordHarness {
  api: FakeDiscordApi;
  gateway: FakeGateway;
  adapter: DiscordAdapter;
  service: ScanService;
  database: TestDatabase;
  grant(userId: string, role: Role): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: { guild?: boolean; logger?: Logger } = {}): Promise<DiscordHarness> {
  const api = await FakeDiscordApi.start({ token: TOKEN, applicationId: APP_ID });
  const gateway = await FakeGateway.start({ token: TOKEN, applicationId: APP_ID });
  api.gatewayUrl = gateway.url;
  const database = await createTestDatabase();
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const config = configSchema.parse({
    DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: api.apiUrl, SCOPE_ALLOW: '198.18.0.0/15',
    ...(options.guild === false ? {} : { DISCORD_GUILD_ID: GUILD_ID }),
  });
  const service = createScanService({ db: database.db, dispatcher: new RecordingDispatcher(), logger, config });
  const adapter = await startDiscord({
    config, service, logger, reports: createReportsPort(service), vulnerabilities: createVulnerabilityPort(database.db),
    charts: { renderSeverityChart: (counts) => renderSeverityChart(counts) },
    restOptions: { retries: 0, timeout: 10_000 },
  });
  const admin = consoleActor();
  return {
    api, gateway, adapter, service, database,
    grant: (userId, role) => service.grantRole(admin, 'discord', userId, role),
    async close() {
      await adapter.stop();
      await gateway.close();
      await api.close();
      await database.drop();
    },
  };
}
