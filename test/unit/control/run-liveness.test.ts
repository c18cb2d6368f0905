// The judgement the reaper and /scan stop share: every case of "is anyone still going to end this run?".
import { describe, expect, it } from 'vitest';
import type { WatchedRunRow } from '../../../db/repositories/active-run-watch.repository.js';
import { judgeRun } from '../../../core/scans/run-liveness.js';

const now = Date.parse('2026-12-01T12:00:00Z');
const limits = { heartbeatMs: 30_000, plannedGraceMs: 60_000, finishedGraceMs: 10_000 };
const ago = (ms: number) => new Date(now - ms);

function run(over: Partial<WatchedRunRow> = {}): WatchedRunRow {
  return {
    id: 1, number: 1, status: 'running', scan_id: 1, scan_public_id: 'SCAN-1001', scan_name: 'web', scan_pool: 'default', worker_id: 'w1',
    created_at: ago(600_000), started_at: ago(500_000), progress: 100, worker_last_seen: ago(120_000), worker_running_jobs: 1, ...over,
  };
}

describe('judgeRun', () => {
  it('keeps a run whose job is queued, delayed for a retry or held under a fresh lock', () => {
    for (const queueState of ['waiting', 'delayed', 'active', 'waiting-children']) {
      expect(judgeRun(run(), { state: 'live', queueState }, now, limits).abandoned).toBe(false);
    }
  });

  it('ends a run whose job ended but whose outcome never reached the database, with the job error', () => {
    const verdict = judgeRun(run({ worker_last_seen: ago(1000) }), { state: 'finished', queueState: 'failed', failedReason: 'deadlock detected', finishedOn: now - 20_000 }, now, limits);
    expect(verdict).toEqual({ abandoned: true, kind: 'results could not be stored', reason: 'results could not be stored: deadlock detected' });
  });

  it('ends a run whose job BullMQ failed as stalled as worker lost (its worker died), not as unstored results', () => {
    const verdict = judgeRun(run({ worker_last_seen: ago(60_000) }), { state: 'finished', queueState: 'failed', failedReason: 'job stalled more than allowable limit', finishedOn: now - 20_000 }, now, limits);
    expect(verdict).toEqual({ abandoned: true, kind: 'worker lost', reason: 'worker lost during the run (it stopped answering and no retry was left)' });
  });

  it('gives a just-finished job time for its worker to record the outcome', () => {
    expect(judgeRun(run(), { state: 'finished', queueState: 'failed', failedReason: 'x', finishedOn: now - 2000 }, now, limits).abandoned).toBe(false);
  });

  it('ends a run held by a lock that expired when its worker stopped beating: worker lost', () => {
    const verdict = judgeRun(run(), { state: 'stalled', queueState: 'active' }, now, limits);
    expect(verdict).toMatchObject({ abandoned: true, kind: 'worker lost' });
    expect(verdict.abandoned && verdict.reason).toBe(`worker lost: worker w1 (last seen ${ago(120_000).toISOString()}) stopped answering and no worker took its job over`);
  });

  it('keeps a run whose job vanished while its worker still beats and runs jobs', () => {
    expect(judgeRun(run({ worker_last_seen: ago(5000) }), { state: 'missing' }, now, limits).abandoned).toBe(false);
  });

  it('ends a run whose job vanished when its worker is idle or gone', () => {
    expect(judgeRun(run({ worker_last_seen: ago(5000), worker_running_jobs: 0 }), { state: 'missing' }, now, limits)).toMatchObject({ abandoned: true, kind: 'worker lost' });
    expect(judgeRun(run(), { state: 'missing' }, now, limits)).toMatchObject({ abandoned: true, kind: 'worker lost' });
  });

  it('waits for a planned run that may still be being submitted, then ends it when its job is gone', () => {
    const planned = { status: 'planned', worker_id: null, worker_last_seen: null, worker_running_jobs: null };
    expect(judgeRun(run({ ...planned, created_at: ago(5000) }), { state: 'missing' }, now, limits).abandoned).toBe(false);
    const verdict = judgeRun(run({ ...planned, created_at: ago(120_000) }), { state: 'missing' }, now, limits);
    expect(verdict.abandoned && verdict.reason).toBe('worker lost: its job is no longer on the queue (Redis restarted without its data, or the job was removed) and no live worker runs it (no worker ever took it)');
  });

  it('with the queue unreachable, ends only a run that started and whose worker stopped beating', () => {
    expect(judgeRun(run(), null, now, limits)).toMatchObject({ abandoned: true, kind: 'worker lost' });
    expect(judgeRun(run({ worker_last_seen: ago(1000) }), null, now, limits).abandoned).toBe(false);
    expect(judgeRun(run({ status: 'planned', worker_id: null, worker_last_seen: null, created_at: ago(999_999) }), null, now, limits).abandoned).toBe(false);
  });
});
