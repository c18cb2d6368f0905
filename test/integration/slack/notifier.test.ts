// The Slack notifier against the fake Web API: a status message posted once and edited in place, the end
// and files in its thread through the real files.uploadV2 three steps, hostile scan text escaped within
// Block Kit limits, and a 429 retried after Retry-After.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../bot/commands/reply.js';
import { startSlackHarness, type SlackHarness } from './harness.js';
import { createScanServiceDouble } from './scan-service-double.js';

let h: SlackHarness;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5000, 7)]);
const hostile = `<!channel> @everyone <@U0VICTIM> <https://evil.example|login> ${'B'.repeat(10_000)}`;

beforeAll(async () => {
  h = await startSlackHarness(createScanServiceDouble().service);
});
afterAll(async () => {
  await h?.close();
});

const status = (percent: number): Reply => ({ title: `SCAN-2001: run 1 running ${percent} %`, tone: 'info', fields: [{ label: 'Progress', value: `${percent} %` }] });

describe('SlackNotifier', () => {
  it('posts the status message once and edits it in place, collapsing a burst of edits', async () => {
    const ts = await h.adapter.notifier.postMessage('C0STATUS', status(0));
    expect(ts).toMatch(/^\d+\.\d+$/);
    await Promise.all([10, 20, 30, 40].map((p) => h.adapter.notifier.updateMessage('C0STATUS', ts, status(p))));
    const updates = h.fake.calls('chat.update');
    expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === 'C0STATUS')).toHaveLength(1);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThan(4);
    expect(updates.every((u) => u.args.ts === ts)).toBe(true);
    expect(String(updates.at(-1)?.args.text)).toContain('40 %');
    expect(h.fake.problems).toEqual([]);
  });

  it('puts the end and its chart in the thread via getUploadURLExternal → upload → completeUploadExternal', async () => {
    const ts = await h.adapter.notifier.postMessage('C0DONE', status(0));
    const done: Reply = { title: 'SCAN-2001 completed', tone: 'success', severity: 'critical', files: [{ name: 'severity.png', mime: 'image/png', data: png, title: 'Severity' }] };
    const replyTs = await h.adapter.notifier.postMessage('C0DONE', done, ts);
    const threadPost = h.fake.calls('chat.postMessage').find((c) => c.args.channel === 'C0DONE' && c.args.thread_ts === ts);
    expect(threadPost).toBeDefined();
    expect(replyTs).not.toBe(ts);
    const methods = h.fake.requests.map((r) => r.method).filter((m) => m.startsWith('files.') || m === 'upload');
    expect(methods).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const getUrl = h.fake.calls('files.getUploadURLExternal')[0];
    expect(getUrl?.args.filename).toBe('severity.png');
    expect(Number(getUrl?.args.length)).toBe(png.length);
    const complete = h.fake.calls('files.completeUploadExternal')[0];
    expect(complete?.args.channel_id).toBe('C0DONE');
    expect(complete?.args.thread_ts).toBe(ts);
    const fileId = (complete?.args.files as Array<{ id: string }>)[0]?.id ?? '';
    expect(h.fake.uploadedBytes(fileId)?.equals(png)).toBe(true);
    expect(h.fake.problems).toEqual([]);
  });

  it('renders a hostile banner safely: escaped, within limits, overflow as a file', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ['198.18.1.2', String(1000 + i), hostile.slice(0, 200)]);
    const reply: Reply = { title: `New exposure <!here> @channel`, tone: 'warning', text: [`Banner: ${hostile}`], fields: [{ label: 'Banner', value: hostile }], table: { columns: ['ip', 'port', 'banner'], rows } };
    await h.adapter.notifier.postMessage('C0HOSTILE', reply);
    const post = h.fake.calls('chat.postMessage').find((c) => c.args.channel === 'C0HOSTILE');
    expect(post).toBeDefined();
    const blocks = post?.args.blocks as Array<{ type: string; text?: { type: string } }>;
    // mrkdwn is parsed for mentions and links; plain_text (the header) is shown verbatim and never parsed.
    expect(blocks[0]?.text?.type).toBe('plain_text');
    const sent = JSON.stringify(blocks.slice(1)) + String(post?.args.text);
    for (const forbidden of ['<!channel>', '<!here>', '<@U0VICTIM>', '<https://evil', '@everyone', '@channel']) expect(sent).not.toContain(forbidden);
    expect(sent).toContain('&lt;!channel&gt;');
    expect(blocks.length).toBeLessThanOrEqual(50);
    await h.fake.waitFor((r) => r.some((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === 'C0HOSTILE'));
    const overflow = h.fake.calls('files.getUploadURLExternal').find((c) => String(c.args.filename).endsWith('-full.txt'));
    expect(overflow).toBeDefined();
    expect(h.fake.problems).toEqual([]);
  });

  it('retries a rate-limited post after Retry-After', async () => {
    const before = h.fake.calls('chat.postMessage').length;
    h.fake.rateLimit('chat.postMessage', 1);
    const ts = await h.adapter.notifier.postMessage('C0LIMITED', status(5));
    expect(ts).toMatch(/^\d+\.\d+$/);
    const attempts = h.fake.calls('chat.postMessage').slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(h.fake.problems).toEqual([]);
  });
});
