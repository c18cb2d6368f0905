// Private (ephemeral) answers on Slack against the fake Web API (which fails on any unexpected call): a
// reply marked ephemeral goes to chat.postEphemeral for the requester alone (or the response_url with
// response_type ephemeral), never chat.postMessage and never a file shared in the channel; its text never
// reaches a log line, at debug level (where the Web API client logs request bodies) or when a call fails.
import { LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../bot/commands/reply.js';
import { boltLogger } from '../../../bot/slack/bolt-logger.js';
import { deliverReply, type RespondFn } from '../../../bot/slack/deliver.js';
import { safeSlackError } from '../../../bot/slack/safe-error.js';
import { FakeSlackApi } from '../../fakes/slack/fake-slack-api.js';
import { slashCommandBody } from '../../fakes/slack/payloads.js';
import { postSigned } from '../../fakes/slack/signing.js';
import { captureLog, type CapturedLog } from '../../helpers/captured-log.js';
import { BOT_TOKEN, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.js';
import { createScanServiceDouble } from './scan-service-double.js';

const PASSWORD = 'Zq8vT3kLm9PwX2rY';
const SECRET = `redis://scanner-edge-1:${PASSWORD}@redis.example.net:6380`;
const credential: Reply = {
  title: 'Scanner edge-1 added', tone: 'success', ephemeral: true,
  text: [`REDIS_URL=${SECRET}`, 'Shown once: copy it now.'],
  files: [{ name: 'edge-1.env', mime: 'text/plain', data: Buffer.from(`REDIS_URL=${SECRET}\n`) }],
};

let fake: FakeSlackApi;
let log: CapturedLog;
let client: WebClient;

function responder(url: string): RespondFn {
  return async (message) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    return res.text();
  };
}

beforeAll(async () => {
  fake = await FakeSlackApi.start({ botToken: BOT_TOKEN });
  log = captureLog('trace');
  client = new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, logger: boltLogger(log.logger), logLevel: LogLevel.DEBUG, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await fake?.close();
});

describe('slack private replies', () => {
  it('a credential reply goes to chat.postEphemeral for the requester only; its file is not shared in the channel', async () => {
    const ts = await deliverReply(client, { channel: 'C0PRIV', user: 'U0ADMIN01', respond: responder(fake.responseUrl('priv')) }, credential, log.logger);
    expect(ts).toBeNull();
    expect(fake.requests.map((r) => r.method)).toEqual(['chat.postEphemeral']);
    const sent = fake.calls('chat.postEphemeral')[0]!.args;
    expect(sent).toMatchObject({ channel: 'C0PRIV', user: 'U0ADMIN01' });
    expect(JSON.stringify(sent.blocks)).toContain(PASSWORD);
    expect(JSON.stringify(sent.blocks)).toContain('not shared: files in Slack are visible to the whole channel');
    // The Web API client logged at debug level, but not the body it sent.
    expect(log.text()).toContain('http request body: (');
    expect(log.text()).toContain('not logged)');
    expect(log.text()).not.toContain(PASSWORD);
    expect(fake.problems).toEqual([]);
  });

  it('where the bot cannot post (a private channel), the answer takes the response_url as ephemeral', async () => {
    const before = fake.requests.length;
    await deliverReply(client, { channel: 'G0PRIVATE', user: 'U0ADMIN01', respond: responder(fake.responseUrl('g')) }, credential, log.logger);
    const calls = fake.requests.slice(before);
    expect(calls.map((r) => r.method)).toEqual(['chat.postEphemeral', 'response_url']);
    expect(calls[1]!.args.response_type).toBe('ephemeral');
    expect(JSON.stringify(calls[1]!.args.blocks)).toContain(PASSWORD);
    expect(log.text()).not.toContain(PASSWORD);
    expect(fake.problems).toEqual([]);
  });

  it('a failed call is logged as one line (code, message, no stack) without the text sent', async () => {
    const closed = await FakeSlackApi.start({ botToken: BOT_TOKEN });
    const apiUrl = closed.apiUrl;
    await closed.close();
    const dead = new WebClient(BOT_TOKEN, { slackApiUrl: apiUrl, logger: boltLogger(log.logger), retryConfig: { retries: 0 } });
    const error = await deliverReply(dead, { channel: 'C0PRIV', user: 'U0ADMIN01' }, credential, log.logger).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const safe = captureLog('info');
    safe.logger.error({ err: safeSlackError(error) }, 'slack reply could not be delivered');
    expect(safe.text()).toContain('ECONNREFUSED');
    expect(safe.text()).toContain('slack_webapi_request_error');
    expect(safe.text()).not.toMatch(/"stack":"[^"]/); // pino's err serializer adds an empty one
    expect(safe.text()).not.toContain(PASSWORD);
    expect(log.text()).not.toContain(PASSWORD);
  });
});

describe('the Slack notifier (channel posts)', () => {
  it('refuses a private reply: nothing reaches the channel', async () => {
    const { SlackNotifier } = await import('../../../bot/slack/notifier.js');
    const sut = new SlackNotifier(client, log.logger);
    const before = fake.requests.length;
    await expect(sut.postMessage('C0CHAN', credential)).rejects.toThrow('a private (ephemeral) reply is not posted in a channel');
    await expect(sut.updateMessage('C0CHAN', '1700000000.000001', credential)).rejects.toThrow('not posted in a channel');
    expect(fake.requests.length).toBe(before);
  });
});

describe('slack private replies through the Bolt app', () => {
  let h: SlackHarness;
  const adapterLog = captureLog('trace');
  beforeAll(async () => {
    h = await startSlackHarness(createScanServiceDouble().service, { logger: adapterLog.logger });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an ephemeral reply (help) is posted with chat.postEphemeral only, and its text is not in the debug log', async () => {
    const res = await postSigned(h.eventsUrl, slashCommandBody('help create', { userId: 'U0HELPER', channelId: 'C0HELP2', responseUrl: h.fake.responseUrl() }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    await h.fake.waitFor((r) => r.some((c) => c.method === 'chat.postEphemeral'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.requests.map((r) => r.method).filter((m) => m !== 'auth.test')).toEqual(['chat.postEphemeral']);
    const sent = JSON.stringify(h.fake.calls('chat.postEphemeral')[0]!.args.blocks);
    const line = /port-timeout=MS/.exec(sent)?.[0];
    expect(line).toBeDefined();
    expect(adapterLog.text()).toContain('http request body: (');
    expect(adapterLog.text()).not.toContain('port-timeout=MS');
    expect(h.fake.problems).toEqual([]);
  });
});
