import { describe, expect, it } from 'vitest';
import { parseTargets } from '../../../scanner/targets.js';
import { mergeChunkResults, planChunks, type ChunkResult } from '../../../worker/chunk-plan.js';

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
function chunk(partial: Partial<ChunkResult>): ChunkResult {
  return { status: 'completed', openPorts: [], findings: [], warnings: [], progress: 100, startedAt: at(0), endedAt: at(10), ...partial };
}
const port = (ip: string, p: number) => ({ ip, port: p, protocol: 'tcp' as const, state: 'open' });

describe('mergeChunkResults', () => {
  it('unions ports of completed chunks without duplicates and spans their times', () => {
    const merged = mergeChunkResults([chunk({ openPorts: [port('198.18.1.2', 80)], startedAt: at(5) }), chunk({ openPorts: [port('198.18.1.2', 80), port('198.18.1.9', 22)], endedAt: at(30) })], [], 2);
    expect(merged.status).toBe('completed');
    expect(merged.openPorts.map((p) => `${p.ip}:${p.port}`).sort()).toEqual(['198.18.1.2:80', '198.18.1.9:22']);
    expect(merged.startedAt.toISOString()).toBe(at(0));
    expect(merged.endedAt.toISOString()).toBe(at(30));
  });

  it('fails the run when a chunk failed or was lost, keeping the other ports', () => {
    const merged = mergeChunkResults([chunk({ openPorts: [port('198.18.1.2', 80)] })], ['worker lost during the run'], 2);
    expect(merged.status).toBe('failed');
    expect(merged.error).toMatch(/1 of 2 chunks failed: worker lost during the run; 1 open ports/);
  });

  it('is cancelled when any chunk was cancelled', () => {
    expect(mergeChunkResults([chunk({}), chunk({ status: 'cancelled', progress: 40 })], [], 2)).toMatchObject({ status: 'cancelled', progress: 70 });
  });
});
