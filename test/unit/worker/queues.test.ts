import { describe, expect, it } from 'vitest';
import { assertHandlers, JOB_NAMES, jobIds, parsePayload, QUEUE_JOBS, RUNS_QUEUE } from '../../../worker/queues.js';

describe('job names and payloads', () => {
  it('accepts a valid run payload and strips nothing it needs', () => {
    expect(parsePayload(JOB_NAMES.run, { scanId: 'SCAN-1001', runId: 3, run: 2 })).toEqual({ scanId: 'SCAN-1001', runId: 3, run: 2 });
  });

  it('refuses a malformed payload and names the job and the field', () => {
    expect(() => parsePayload(JOB_NAMES.chunk, { scanId: 'SCAN-1', runId: 3, run: 1, chunk: 0, chunks: 2, targets: [] })).toThrow(/run-chunk.*targets/);
    expect(() => parsePayload(JOB_NAMES.run, { scanId: 'SCAN-1', runId: '3', run: 1 })).toThrow(/runId/);
  });

  it('fails at start-up when a job name has no handler or a handler no job', () => {
    const noop = () => undefined;
    const expected = QUEUE_JOBS[RUNS_QUEUE];
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
