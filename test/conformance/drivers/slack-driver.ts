// The Slack adapter's conformance driver: every command goes in as a signed slash command (every click as a
// signed block_actions payload) over real HTTP into the real Bolt app, on the real scan service over a
// per-file test database; what the user saw is read back from the fake Slack Web API (chat.postMessage,
// chat.postEphemeral, the response_url fallback, files.uploadV2) and reduced to the suite's neutral shape.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createReportsPort } from '../../../bot/commands/reports-port.js';
import { consoleActor } from '../../../bot/console/session.js';
import { startSlack } from '../../../bot/slack/index.js';
import { loadConfig } from '../../../core/config.js';
import type { Role } from '../../../core/scans/scan-model.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createVulnerabilityPort } from '../../../core/vulns/vulnerability-port.js';
import { FakeSlackApi, type RecordedRequest } from '../../fakes/slack/fake-slack-api.js';
import { blockActionBody, slashCommandBody } from '../../fakes/slack/payloads.js';
import { postSigned } from '../../fakes/slack/signing.js';
import { createTestDatabase } from '../../helpers/database.js';
import { RecordingDispatcher } from '../console.driver.js';
import type { ConformanceDriver, DriverUser, ObservedReply } from '../driver.js';

const SECRET = 'conformance-signing-secret';
const TOKEN = 'xoxb-conformance';

type Json = Record<string, unknown>;

function unescape(text: string): string {
  return text.replace(/\u200B/g, '').replace(/ˋ/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every visible text of a Block Kit message, in order. */
function visibleTexts(blocks: Json[]): string[] {
  const out: string[] = [];
  const textOf = (v: unknown) => (v && typeof (v as Json).text === 'string' ? [(v as Json).text as string] : []);
  for (const block of blocks) {
    out.push(...textOf(block.text));
    for (const f of (block.fields as Json[] | undefined) ?? []) out.push(...textOf(f));
    for (const e of (block.elements as Json[] | undefined) ?? []) out.push(...(block.type === 'context' ? textOf(e) : textOf(e.text)));
  }
  return out.map(unescape);
}

function observed(message: RecordedRequest, files: string[]): ObservedReply {
  const blocks = (message.args.blocks as Json[] | undefined) ?? [];
  const header = blocks.find((b) => b.type === 'header');
  const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as Json[]).map((e) => ({
    action: String(e.action_id).replace(/#\d+$/, ''), value: String(e.value), confirm: e.confirm !== undefined,
  })));
  return {
    text: visibleTexts(blocks).join('\n'),
    ephemeral: message.method === 'chat.postEphemeral' || message.args.response_type === 'ephemeral',
    failed: String(header?.block_id ?? '').endsWith('.failed'),
    buttons,
    files,
  };
}

export async function createSlackDriver(): Promise<ConformanceDriver> {
  const database = await createTestDatabase();
  const fake = await FakeSlackApi.start({ botToken: TOKEN });
  // The adapter logs "slack command answered" (or its failure) once a reply is fully delivered.
  const answered = new Map<string, () => void>();
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { msg?: string; channel?: string };
        if (entry.channel && (entry.msg === 'slack command answered' || entry.msg === 'slack reply could not be delivered')) answered.get(entry.channel)?.();
      }
      done();
    },
  });
  const logger = pino({ level: 'debug' }, logStream);
  const service = createScanService({
    db: database.db, dispatcher: new RecordingDispatcher(), logger: pino({ level: 'silent' }),
    config: { SCOPE_ALLOW: ['198.18.0.0/15'], SCOPE_DENY: [], RUN_RETENTION: 0, ADMINS: [], HEARTBEAT_INTERVAL_SECONDS: 15 },
  });
  const adapter = await startSlack({
    config: loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', LOG_LEVEL: 'debug' }),
    service, logger, host: '127.0.0.1', reports: createReportsPort(service), vulnerabilities: createVulnerabilityPort(database.db),
    webClientOptions: { retryConfig: { retries: 0 } },
  });
  const url = `http://127.0.0.1:${adapter.port}/slack/events`;
  let users = 0;
  let channels = 0;

  async function exchange(body: (channel: string) => string): Promise<ObservedReply> {
    const channel = `C0CONF${++channels}`;
    const done = new Promise<void>((resolve) => answered.set(channel, resolve));
    const res = await postSigned(url, body(channel), SECRET);
    if (res.status !== 200) throw new Error(`Slack answered HTTP ${res.status}`);
    await done;
    answered.delete(channel);
    const forChannel = (r: RecordedRequest) => r.args.channel === channel || r.args.channel_id === channel;
    const message = fake.requests.find((r) => forChannel(r) && (r.method === 'chat.postMessage' || r.method === 'chat.postEphemeral'));
    if (!message) throw new Error(`no reply posted to ${channel}; fake problems: ${fake.problems.join('; ')}`);
    const fileIds = fake.requests.filter((r) => r.method === 'files.completeUploadExternal' && forChannel(r)).flatMap((r) => (r.args.files as Array<{ id: string }>).map((f) => f.id));
    const names = fake.requests.filter((r) => r.method === 'files.getUploadURLExternal').map((r, i) => ({ id: `F0${String(i + 1).padStart(8, '0')}`, name: String(r.args.filename) }));
    return observed(message, names.filter((n) => fileIds.includes(n.id)).map((n) => n.name));
  }

  return {
    platform: 'slack',
    service,
    async user(role: Role | null): Promise<DriverUser> {
      const id = `U0CONF${++users}${role ? role.toUpperCase() : 'NOBODY'}`;
      if (role) await service.grantRole(consoleActor(), 'slack', id, role);
      return { id, role };
    },
    send: (user, text) => exchange((channel) => slashCommandBody(text, { userId: user.id, channelId: channel, responseUrl: fake.responseUrl(channel) })),
    click: (user, button) => exchange((channel) => blockActionBody(button.action, button.value, { userId: user.id, channelId: channel, responseUrl: fake.responseUrl(channel) })),
    async close() {
      await adapter.stop();
      await fake.close();
      await database.drop();
      if (fake.problems.length > 0) throw new Error(`fake Slack saw problems: ${fake.problems.join('; ')}`);
    },
  };
}
