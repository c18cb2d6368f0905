import { describe, expect, it } from 'vitest';
import { parseTargets } from '../../../scanner/targets.js';
import { mergeChunkOutcomes, planChunks, type ChunkOutcome } from '../../../worker/chunk-plan.js';

const policy = { allow: ['198.18.0.0/15', '2001:db8::/32'], deny: [] };

describe('planChunks', () => {
  it('keeps a small scan in one chunk', () => {
    expect(planChunks(parseTargets('198.18.3.0/28,198.18.3.40', policy), 4096)).toEqual([['198.18.3.0/28', '198.18.3.40']]);
  });

  it('cuts a /16 into aligned /20 blocks of 4096 addresses', () => {
    const chunks = planChunks(parseTargets('198.18.0.0/16', policy), 4096);
    expect(chunks).toHaveLength(16);
    expect(chunks[0]).toEqual(['198.18.0.0/20']);
    expect(chunks[15]).toEqual(['198.18.240.0/20']);
  });

  it('rounds a chunk size down to a power of two and handles IPv6', () => {
    expect(planChunks(parseTargets('2001:db8::/120', policy), 100)).toEqual([
      ['2001:db8::/122'], ['2001:db8::40/122'], ['2001:db8::80/122'], ['2001:db8::c0/122'],
    ]);
  });

  it('packs small ranges together up to the chunk size', () => {
    const chunks = planChunks(parseTargets('198.18.1.1,198.18.1.2,198.18.1.3,198.18.2.0/30', policy), 4);
    expect(chunks).toEqual([['198.18.1.1', '198.18.1.2', '198.18.1.3'], ['198.18.2.0/30']]);
  });
});

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();
function chunk(partial: Partial<ChunkOutcome>): ChunkOutcome {
  return { status: 'completed', warnings: [], progress: 100, startedAt: at(0), endedAt: at(10), openPortCount: 0, shipped: null, ...partial };
}

describe('mergeChunkOutcomes', () => {
  it('sums the ports of completed chunks, spans their times and lists every batch they shipped', () => {
    const merged = mergeChunkOutcomes([
      chunk({ openPortCount: 1, startedAt: at(5), shipped: { token: 'run-1-chunk-0:a', count: 1 } }),
      chunk({ openPortCount: 2, endedAt: at(30), shipped: { token: 'run-1-chunk-1:b', count: 3 } }),
    ], [], 2);
    expect(merged.status).toBe('completed');
    expect(merged.openPortCount).toBe(3);
    expect(merged.startedAt).toBe(at(0));
    expect(merged.endedAt).toBe(at(30));
    expect(merged.shipped).toEqual([{ token: 'run-1-chunk-0:a', count: 1 }, { token: 'run-1-chunk-1:b', count: 3 }]);
  });

  it('fails the run when a chunk failed or was lost, keeping the other ports', () => {
    const merged = mergeChunkOutcomes([chunk({ openPortCount: 1 })], ['worker lost during the run'], 2);
    expect(merged.status).toBe('failed');
    expect(merged.error).toMatch(/1 of 2 chunks failed: worker lost during the run; 1 open ports/);
  });

  it('is cancelled when any chunk was cancelled', () => {
    expect(mergeChunkOutcomes([chunk({}), chunk({ status: 'cancelled', progress: 40 })], [], 2)).toMatchObject({ status: 'cancelled', progress: 70 });
  });
});
