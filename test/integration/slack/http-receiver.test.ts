// The real Bolt app over real HTTP: signed slash commands and button clicks answered 200, bad signatures and
// stale or future timestamps refused with 401, and the replies landing on the fake Slack Web API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionBody, slashCommandBody } from '../../fakes/slack/payloads.js';
import { postSigned, signSlackRequest } from '../../fakes/slack/signing.js';
import { ADMIN, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.js';
import { createScanServiceDouble, type ScanServiceDouble } from './scan-service-double.js';

const OPERATOR = 'U0OPERATOR';
let h: SlackHarness;
let svc: ScanServiceDouble;

beforeAll(async () => {
  svc = createScanServiceDouble({ operators: [OPERATOR] });
  h = await startSlackHarness(svc.service);
});
afterAll(async () => {
  await h?.close();
});

function postedTo(channel: string) {
  return h.fake.calls('chat.postMessage').filter((c) => c.args.channel === channel);
}

describe('Slack HTTP receiver', () => {
  it('verified the bot token at start (auth.test)', () => {
    expect(h.fake.calls('auth.test')).toHaveLength(1);
    expect(h.fake.calls('auth.test')[0]?.token).toBe('xoxb-test-token');
  });

  it('answers a signed /scan create with 200 and posts the reply with the bot token', async () => {
    const res = await postSigned(h.eventsUrl, slashCommandBody('create web 203.0.113.0/28 ports=80,443', { userId: OPERATOR, channelId: 'C0CREATE', responseUrl: h.fake.responseUrl() }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => postedTo('C0CREATE').length === 1);
    const post = postedTo('C0CREATE')[0];
    expect(post?.token).toBe('xoxb-test-token');
    expect(JSON.stringify(post?.args.blocks)).toContain('SCAN-1001');
    expect(String(post?.args.text)).toContain('SCAN-1001');
    expect(svc.audits.some((a) => a.actor.userId === OPERATOR && a.actor.workspaceId === 'T0TESTTEAM' && a.result === 'ok')).toBe(true);
    // The reply is run 1's status message: remembered so notifications edit it in place.
    await h.fake.waitFor(() => svc.statusMessages.length === 1);
    expect(svc.statusMessages[0]).toMatchObject({ runId: 10020, channelId: 'C0CREATE' });
    expect(svc.statusMessages[0]?.messageId).toMatch(/^\d+\.\d+$/);
    expect(h.fake.problems).toEqual([]);
  });

  it('answers /scan show with the scan summary', async () => {
    const res = await postSigned(h.eventsUrl, slashCommandBody('show SCAN-1001', { userId: OPERATOR, channelId: 'C0SHOW', responseUrl: h.fake.responseUrl() }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => postedTo('C0SHOW').length === 1);
    const blocks = JSON.stringify(postedTo('C0SHOW')[0]?.args.blocks);
    expect(blocks).toContain('SCAN-1001');
    expect(blocks).toContain('scan.stop');
    expect(h.fake.problems).toEqual([]);
  });

  it('refuses a bad signature, a stale timestamp and a future timestamp with 401, running nothing', async () => {
    const before = h.fake.requests.length;
    const auditsBefore = svc.audits.length;
    const body = slashCommandBody('list', { userId: OPERATOR, responseUrl: h.fake.responseUrl() });
    const now = Math.floor(Date.now() / 1000);
    expect((await postSigned(h.eventsUrl, body, 'wrong-secret')).status).toBe(401);
    expect((await postSigned(h.eventsUrl, body, SIGNING_SECRET, { signature: `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await postSigned(h.eventsUrl, body, SIGNING_SECRET, { timestampSeconds: now - 6 * 60 })).status).toBe(401);
    expect((await postSigned(h.eventsUrl, body, SIGNING_SECRET, { timestampSeconds: now + 10 * 60 })).status).toBe(401);
    const tampered = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(body, SIGNING_SECRET) }, body: body.replace('list', 'lisT') });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.requests.length).toBe(before);
    expect(svc.audits.length).toBe(auditsBefore);
  });

  it('accepts a timestamp within the 5-minute window', async () => {
    const body = slashCommandBody('help', { userId: OPERATOR, channelId: 'C0HELP', responseUrl: h.fake.responseUrl() });
    const res = await postSigned(h.eventsUrl, body, SIGNING_SECRET, { timestampSeconds: Math.floor(Date.now() / 1000) - 4 * 60 });
    expect(res.status).toBe(200);
    await h.fake.waitFor((r) => r.some((c) => c.method === 'chat.postEphemeral' && c.args.channel === 'C0HELP'));
    expect(h.fake.problems).toEqual([]);
  });

  it('acks before the database answers: a 4 s slow service still gets 200', async () => {
    svc.setDelay(4000);
    try {
      const res = await postSigned(h.eventsUrl, slashCommandBody('show SCAN-1001', { userId: OPERATOR, channelId: 'C0SLOW', responseUrl: h.fake.responseUrl() }), SIGNING_SECRET);
      expect(res.status).toBe(200);
      await h.fake.waitFor(() => postedTo('C0SLOW').length === 1, 20_000);
    } finally {
      svc.setDelay(0);
    }
    expect(h.fake.problems).toEqual([]);
  });

  it('runs a confirmed Stop button click as the stop command', async () => {
    const res = await postSigned(h.eventsUrl, blockActionBody('scan.stop', 'SCAN-1001', { userId: OPERATOR, channelId: 'C0STOP', responseUrl: h.fake.responseUrl() }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => postedTo('C0STOP').length === 1);
    expect(svc.scans.get('SCAN-1001')?.status).toBe('cancelled');
    expect(JSON.stringify(postedTo('C0STOP')[0]?.args.blocks)).toContain('SCAN-1001');
  });

  it('answers a Delete click by a user without the admin role with an ephemeral denial, deleting nothing', async () => {
    const res = await postSigned(h.eventsUrl, blockActionBody('scan.delete', 'SCAN-1001', { userId: OPERATOR, channelId: 'C0DENY', responseUrl: h.fake.responseUrl() }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    await h.fake.waitFor((r) => r.some((c) => c.method === 'chat.postEphemeral' && c.args.channel === 'C0DENY'));
    const denial = h.fake.calls('chat.postEphemeral').find((c) => c.args.channel === 'C0DENY');
    expect(denial?.args.user).toBe(OPERATOR);
    expect(JSON.stringify(denial?.args.blocks)).toMatch(/admin/i);
    expect(svc.scans.has('SCAN-1001')).toBe(true);
  });

  it('deletes on a confirmed Delete click by an admin', async () => {
    const res = await postSigned(h.eventsUrl, blockActionBody('scan.delete', 'SCAN-1001', { userId: ADMIN, channelId: 'C0DEL', responseUrl: h.fake.responseUrl() }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => postedTo('C0DEL').length === 1);
    expect(svc.scans.has('SCAN-1001')).toBe(false);
    expect(h.fake.problems).toEqual([]);
  });

  it('falls back to the response_url in a private channel the bot is not in', async () => {
    const res = await postSigned(h.eventsUrl, slashCommandBody('list', { userId: OPERATOR, channelId: 'G0PRIVATE', responseUrl: h.fake.responseUrl('private') }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    await h.fake.waitFor((r) => r.some((c) => c.method === 'response_url'));
    const fallback = h.fake.calls('response_url')[0];
    expect(fallback?.args.response_type).toBe('in_channel');
    expect(Array.isArray(fallback?.args.blocks)).toBe(true);
  });
});
