// Socket Mode: with SLACK_APP_TOKEN set the adapter opens a connection through apps.connections.open (on the
// fake Web API, with the app token), connects to the fake socket server, acks a slash command envelope, and
// posts the reply with the bot token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.js';
import { createLogger } from '../../../core/logger.js';
import { startSlack, type SlackAdapter } from '../../../bot/slack/index.js';
import { FakeSlackApi } from '../../fakes/slack/fake-slack-api.js';
import { FakeSocketModeServer } from '../../fakes/slack/fake-socket-mode.js';
import { createScanServiceDouble } from './scan-service-double.js';

const APP_TOKEN = 'xapp-1-test-app-token';
let fake: FakeSlackApi;
let socket: FakeSocketModeServer;
let adapter: SlackAdapter | undefined;

beforeAll(async () => {
  fake = await FakeSlackApi.start({ botToken: 'xoxb-test-token' });
  socket = await FakeSocketModeServer.start();
  fake.enableSocketMode(socket.wsUrl, APP_TOKEN);
  adapter = await startSlack({
    config: loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' }),
    service: createScanServiceDouble({ operators: ['U0SOCKET'] }).service,
    logger: createLogger('silent', { pretty: false }),
  });
});
afterAll(async () => {
  await adapter?.stop();
  await socket?.close();
  await fake?.close();
});

describe('Slack Socket Mode', () => {
  it('connects through apps.connections.open with the app token', () => {
    expect(adapter?.mode).toBe('socket');
    expect(adapter?.port).toBeNull();
    expect(socket.connected).toBe(true);
    const open = fake.calls('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]?.token).toBe(APP_TOKEN);
  });

  it('acks a slash command envelope and posts the reply with the bot token', async () => {
    const envelopeId = socket.sendSlashCommand({
      token: 'x', team_id: 'T0TESTTEAM', team_domain: 'portcullis-test', channel_id: 'C0SOCKET', channel_name: 'security',
      user_id: 'U0SOCKET', user_name: 'tester', command: '/scan', text: 'create web 203.0.113.0/28', api_app_id: 'A0TESTAPP',
      response_url: fake.responseUrl('socket'), trigger_id: '1.2.3',
    });
    const ack = await socket.waitForAck(envelopeId);
    expect(ack.envelope_id).toBe(envelopeId);
    await fake.waitFor((r) => r.some((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SOCKET'));
    const post = fake.calls('chat.postMessage').find((c) => c.args.channel === 'C0SOCKET');
    expect(post?.token).toBe('xoxb-test-token');
    expect(JSON.stringify(post?.args.blocks)).toContain('SCAN-1001');
    expect(fake.problems).toEqual([]);
  });
});
