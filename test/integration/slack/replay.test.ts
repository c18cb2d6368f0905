// Replays refused against the real Bolt HTTP receiver: the same signed request sent twice within its
// 5-minute window runs one command. The first use is kept in Redis (shared by bot processes: a replay to a
// second adapter is refused too); with Redis unreachable a bounded in-memory set still refuses replays to
// the same process, and the log says once that the guard is degraded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommandBody } from '../../fakes/slack/payloads.js';
import { signSlackRequest } from '../../fakes/slack/signing.js';
import { captureLog } from '../../helpers/captured-log.js';
import { SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.js';
import { createScanServiceDouble, type ScanServiceDouble } from './scan-service-double.js';

const OPERATOR = 'U0REPLAYER';

async function send(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  await res.text();
  return res.status;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('slack replay guard (Redis)', () => {
  let a: SlackHarness;
  let b: SlackHarness;
  let svc: ScanServiceDouble;
  beforeAll(async () => {
    svc = createScanServiceDouble({ operators: [OPERATOR] });
    a = await startSlackHarness(svc.service);
    b = await startSlackHarness(svc.service);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('two identical signed /scan create requests → one scan; the replay gets 401', async () => {
    const body = slashCommandBody('create replayed 203.0.113.0/28 ports=80', { userId: OPERATOR, channelId: 'C0REPLAY', responseUrl: a.fake.responseUrl() });
    const headers = { ...signSlackRequest(body, SIGNING_SECRET) };
    expect(await send(a.eventsUrl, body, headers)).toBe(200);
    expect(await send(a.eventsUrl, body, headers)).toBe(401);
    await a.fake.waitFor((r) => r.some((c) => c.method === 'chat.postMessage'));
    await settle();
    expect(svc.calls.filter((c) => c === 'create')).toHaveLength(1);
    expect(svc.scans.size).toBe(1);
    expect(a.fake.calls('chat.postMessage')).toHaveLength(1);
    expect(a.fake.problems).toEqual([]);
  });

  it('a replay to another bot process sharing Redis is refused as well', async () => {
    const body = slashCommandBody('rerun SCAN-1001', { userId: OPERATOR, channelId: 'C0REPLAY2', responseUrl: a.fake.responseUrl() });
    const headers = { ...signSlackRequest(body, SIGNING_SECRET) };
    const reruns = svc.calls.filter((c) => c === 'rerun').length;
    expect(await send(a.eventsUrl, body, headers)).toBe(200);
    expect(await send(b.eventsUrl, body, headers)).toBe(401);
    await settle();
    expect(svc.calls.filter((c) => c === 'rerun').length).toBe(reruns + 1);
    expect(b.fake.requests.filter((r) => r.method !== 'auth.test')).toEqual([]);
  });

  it('the same command signed again (a new timestamp: a new request) runs again; a forged signature burns nothing', async () => {
    const body = slashCommandBody('show SCAN-1001', { userId: OPERATOR, channelId: 'C0AGAIN', responseUrl: a.fake.responseUrl() });
    const now = Math.floor(Date.now() / 1000);
    const first = signSlackRequest(body, SIGNING_SECRET, now - 1);
    // A forged request carrying the real signature over another body does not use the signature up.
    expect(await send(a.eventsUrl, body.replace('show', 'shoW'), { ...first })).toBe(401);
    expect(await send(a.eventsUrl, body, { ...first })).toBe(200);
    expect(await send(a.eventsUrl, body, { ...signSlackRequest(body, SIGNING_SECRET, now) })).toBe(200);
    await a.fake.waitFor((r) => r.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0AGAIN').length === 2);
  });
});

describe('slack replay guard with Redis unreachable', () => {
  let h: SlackHarness;
  let svc: ScanServiceDouble;
  const log = captureLog('info');
  beforeAll(async () => {
    svc = createScanServiceDouble({ operators: [OPERATOR] });
    h = await startSlackHarness(svc.service, { logger: log.logger, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('still refuses a replay to the same process (in-memory), says so once, and commands keep working', async () => {
    for (const text of ['create one 203.0.113.0/28', 'create two 203.0.113.16/28']) {
      const body = slashCommandBody(text, { userId: OPERATOR, channelId: 'C0NOREDIS', responseUrl: h.fake.responseUrl() });
      const headers = { ...signSlackRequest(body, SIGNING_SECRET) };
      expect(await send(h.eventsUrl, body, headers)).toBe(200);
      expect(await send(h.eventsUrl, body, headers)).toBe(401);
    }
    await h.fake.waitFor((r) => r.filter((c) => c.method === 'chat.postMessage').length === 2);
    await settle();
    expect(svc.scans.size).toBe(2);
    const degraded = log.lines.filter((l) => l.includes('slack replay guard degraded'));
    expect(degraded).toHaveLength(1);
  });
});
