// The deadline and retry helpers every Redis/PostgreSQL call on a command's path goes through.
import { describe, expect, it } from 'vitest';
import { DeadlineError, retryWithBackoff, withDeadline } from '../../../core/deadline.js';

describe('withDeadline', () => {
  it('rejects with what it waited for once the deadline passes, and hands a late value to onLate', async () => {
    let late: number | undefined;
    const slow = new Promise<number>((resolve) => setTimeout(() => resolve(7), 60));
    const error = await withDeadline(slow, 10, 'queue run 1 of SCAN-1001', (v) => (late = v)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toBe('queue run 1 of SCAN-1001: no answer within 10 ms');
    await new Promise((r) => setTimeout(r, 80));
    expect(late).toBe(7);
  });

  it('passes a value or an error through when they come in time', async () => {
    await expect(withDeadline(Promise.resolve(5), 50, 'fast')).resolves.toBe(5);
    await expect(withDeadline(Promise.reject(new Error('refused')), 50, 'fast')).rejects.toThrow('refused');
  });
});

describe('retryWithBackoff', () => {
  it('retries with doubling waits and returns the first success', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await retryWithBackoff(async () => {
      calls++;
      if (calls < 3) throw new Error(`try ${calls}`);
      return 'stored';
    }, { attempts: 4, baseDelayMs: 5, onRetry: (_e, _a, delay) => waits.push(delay) });
    expect(value).toBe('stored');
    expect(waits).toEqual([5, 10]);
  });

  it('rethrows the last error when the tries are used up', async () => {
    let calls = 0;
    await expect(retryWithBackoff(async () => {
      calls++;
      throw new Error(`try ${calls}`);
    }, { attempts: 3, baseDelayMs: 1 })).rejects.toThrow('try 3');
    expect(calls).toBe(3);
  });

  it('rethrows at once an error retryIf does not want retried', async () => {
    let calls = 0;
    const retried: unknown[] = [];
    await expect(retryWithBackoff(async () => {
      calls++;
      throw new Error(calls === 1 ? 'unreachable' : 'migration failed');
    }, { attempts: Infinity, baseDelayMs: 1, retryIf: (e) => (e as Error).message === 'unreachable', onRetry: (e) => retried.push((e as Error).message) })).rejects.toThrow('migration failed');
    expect(calls).toBe(2);
    expect(retried).toEqual(['unreachable']);
  });
});
