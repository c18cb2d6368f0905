import { describe, expect, it } from 'vitest';
import { ActiveRuns, stopReasonOf } from '../../../worker/active-runs.js';
import { loadWorkerSettings } from '../../../worker/worker-settings.js';
import { DeadlineError, withDeadline } from '../../../core/deadline.js';

describe('worker settings', () => {
  it('has production defaults', () => {
    expect(loadWorkerSettings({})).toEqual({ prefix: 'portcullis', chunkAddresses: 4096, lockDurationMs: 30_000, stalledIntervalMs: 15_000, maxStalledCount: 2, graceMs: 20_000 });
  });

  it('reads overrides and lists every bad value', () => {
    expect(loadWorkerSettings({ QUEUE_PREFIX: 't-1', WORKER_MAX_STALLED: '0', WORKER_GRACE_SECONDS: '3' })).toMatchObject({ prefix: 't-1', maxStalledCount: 0, graceMs: 3000 });
    expect(() => loadWorkerSettings({ QUEUE_PREFIX: 'a:b', WORKER_CHUNK_ADDRESSES: '0' })).toThrow(/QUEUE_PREFIX[\s\S]*WORKER_CHUNK_ADDRESSES/);
  });
});

describe('active runs', () => {
  it('stops every scan of a run (its chunks) and only that run', () => {
    const sut = new ActiveRuns();
    const a = sut.start(1, 'run-1-chunk-0');
    const b = sut.start(1, 'run-1-chunk-1');
    const other = sut.start(2, 'run-2');
    expect(sut.stop(1, 'cancelled')).toBe(2);
    expect([stopReasonOf(a.signal), stopReasonOf(b.signal), stopReasonOf(other.signal)]).toEqual(['cancelled', 'cancelled', null]);
    a.release();
    b.release();
    expect(sut.stop(1, 'cancelled')).toBe(0);
    sut.stopAll('shutdown');
    expect(stopReasonOf(other.signal)).toBe('shutdown');
    expect(sut.size).toBe(1);
  });
});

describe('withDeadline', () => {
  it('rejects after the deadline and hands a late value to onLate', async () => {
    let late: string | undefined;
    const slow = new Promise<string>((resolve) => setTimeout(() => resolve('job'), 60));
    await expect(withDeadline(slow, 10, 'queue run 1', (v) => (late = v))).rejects.toBeInstanceOf(DeadlineError);
    await slow;
    expect(late).toBe('job');
    await expect(withDeadline(Promise.resolve(5), 50, 'fast')).resolves.toBe(5);
  });
});
