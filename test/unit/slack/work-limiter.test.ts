import { describe, it, expect } from 'vitest';
import { WorkLimiter } from '../../../bot/slack/listeners/work-limiter.js';

describe('WorkLimiter', () => {
  it('runs at most `limit` pieces of work at once, all of them, in arrival order', async () => {
    const sut = new WorkLimiter(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => sut.run(async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return i * 2;
    })));
    expect(peak).toBe(3);
    expect(started).toEqual([...Array(12).keys()]);
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i * 2));
  });

  it('frees its slot when work fails', async () => {
    const sut = new WorkLimiter(1);
    await expect(sut.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(sut.run(async () => 'next')).resolves.toBe('next');
  });
});
