import { describe, expect, it } from 'vitest';
import { assertHandlers, JOB_NAMES, jobIds, parsePayload, RUN_JOBS } from '../../../worker/queues.js';

describe('job names and payloads', () => {
  it('accepts a signed order payload and strips nothing it needs', () => {
    expect(parsePayload(JOB_NAMES.run, { order: '{"v":1}', signature: 'c2ln' })).toEqual({ order: '{"v":1}', signature: 'c2ln' });
    expect(parsePayload(JOB_NAMES.chunk, { order: '{"v":1}', signature: 'c2ln', chunk: 1 })).toMatchObject({ chunk: 1 });
  });

  it('refuses a malformed payload and names the job and the field', () => {
    expect(() => parsePayload(JOB_NAMES.chunk, { order: '{"v":1}', signature: 'c2ln' })).toThrow(/run-chunk.*chunk/);
    expect(() => parsePayload(JOB_NAMES.run, { scanId: 'SCAN-1', runId: 3, run: 1 })).toThrow(/"run".*order/);
  });

  it('fails at start-up when a job name has no handler or a handler no job', () => {
    const noop = () => undefined;
    const expected = RUN_JOBS;
    const all = Object.fromEntries(expected.map((name) => [name, noop]));
    expect(() => assertHandlers(all, expected)).not.toThrow();
    const { [JOB_NAMES.merge]: _merge, ...missingMerge } = all;
    expect(() => assertHandlers(missingMerge, expected)).toThrow(/no handler for job\(s\) run-merge/);
    expect(() => assertHandlers({ ...all, 'run-typo': noop }, expected)).toThrow(/unknown job\(s\) run-typo/);
  });

  it('derives distinct job ids per run and chunk', () => {
    expect(new Set([jobIds.run(1), jobIds.run(2), jobIds.chunk(1, 0), jobIds.chunk(1, 1), jobIds.merge(1)]).size).toBe(5);
    expect(jobIds.run(12)).not.toContain(':');
  });
});
