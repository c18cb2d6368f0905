// The replay guard's in-memory side (what holds while Redis is unreachable): a signature once per window,
// forgotten when its 5 minutes are over, and never more entries than its bound.
import { describe, expect, it } from 'vitest';
import { SlackReplayGuard } from '../../../bot/slack/replay-guard.js';
import { captureLog } from '../../helpers/captured-log.js';

describe('SlackReplayGuard without Redis', () => {
  it('accepts a signature once within its window, again once the window is over', async () => {
    let now = 1_000_000_000;
    const sut = new SlackReplayGuard(null, captureLog().logger, { now: () => now });
    const ts = Math.floor(now / 1000);
    expect(await sut.firstUse('v0=aa', ts)).toBe(true);
    expect(await sut.firstUse('v0=aa', ts)).toBe(false);
    expect(await sut.firstUse('v0=bb', ts)).toBe(true);
    now += 300_000; // Bolt would still accept it: still refused here
    expect(await sut.firstUse('v0=aa', ts)).toBe(false);
    now += 10_000; // past its window: Bolt refuses it as stale anyway, the guard has let it go
    expect(await sut.firstUse('v0=aa', ts)).toBe(true);
  });

  it('stays within its bound under a flood', async () => {
    const now = 1_000_000_000;
    const sut = new SlackReplayGuard(null, captureLog().logger, { now: () => now, memoryLimit: 500 });
    for (let i = 0; i < 2000; i++) await sut.firstUse(`v0=${i}`, Math.floor(now / 1000));
    expect(await sut.firstUse('v0=1999', Math.floor(now / 1000))).toBe(false);
    expect(await sut.firstUse('v0=0', Math.floor(now / 1000))).toBe(true);
  });
});
