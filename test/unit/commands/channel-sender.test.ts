// Notification pacing: one message at a time per channel, spaced, retried after a rate-limit answer, and
// a failure that never escapes.
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ChannelSender } from '../../../bot/notifications/channel-sender.js';
import { RateLimitedError } from '../../../bot/notifications/notifier.js';

const logger = pino({ level: 'silent' });

describe('ChannelSender', () => {
  it('spaces messages to one channel by the interval, keeps order, runs channels independently', async () => {
    const sut = new ChannelSender(logger, { intervalMs: 80 });
    const sent: Array<{ key: string; at: number; n: number }> = [];
    const start = Date.now();
    const send = (key: string, n: number) => sut.send(key, `m${n}`, async () => { sent.push({ key, at: Date.now() - start, n }); return n; });
    const results = await Promise.all([send('a', 1), send('a', 2), send('a', 3), send('b', 4)]);
    expect(results).toEqual([1, 2, 3, 4]);
    const a = sent.filter((s) => s.key === 'a');
    expect(a.map((s) => s.n)).toEqual([1, 2, 3]);
    expect(a[1]!.at - a[0]!.at).toBeGreaterThanOrEqual(75);
    expect(a[2]!.at - a[1]!.at).toBeGreaterThanOrEqual(75);
    expect(sent.find((s) => s.key === 'b')!.at).toBeLessThan(a[1]!.at);
  });

  it('retries after the wait a RateLimitedError asks for', async () => {
    const sut = new ChannelSender(logger, { intervalMs: 0 });
    const attempts: number[] = [];
    const start = Date.now();
    const result = await sut.send('c', 'x', async () => {
      attempts.push(Date.now() - start);
      if (attempts.length < 3) throw new RateLimitedError(60);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(attempts).toHaveLength(3);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(55);
  });

  it('gives up after maxRetries or on other errors and resolves null, never rejects', async () => {
    const sut = new ChannelSender(logger, { intervalMs: 0, maxRetries: 1 });
    let calls = 0;
    await expect(sut.send('d', 'x', async () => { calls++; throw new RateLimitedError(1); })).resolves.toBeNull();
    expect(calls).toBe(2);
    await expect(sut.send('d', 'y', async () => { throw new Error('channel_not_found'); })).resolves.toBeNull();
    await expect(sut.send('d', 'z', async () => 'after')).resolves.toBe('after');
  });
});
