// The run lifecycle against real PostgreSQL: every allowed transition, every refused one, submit_error,
// one active run per scan, and distinct ids under concurrent creates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { RUN_STATUSES, type RunStatus } from '../../../core/scans/scan-model.js';
import { canTransition } from '../../../core/scans/run-status.js';
import { admin, result, serviceOnFreshDatabase } from './support.js';

let ctx: Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
});
afterAll(async () => {
  await ctx.database.drop();
});

async function newScan() {
  const created = await ctx.sut.create(admin, { name: 'web', targets: '203.0.113.0/29', ports: '80,443' });
  return { id: created.scan.id, run: created.run! };
}

async function forceStatus(runId: number, status: RunStatus) {
  await sql`UPDATE runs SET status = ${status} WHERE id = ${runId}`.execute(ctx.db);
}

async function statusOf(runId: number): Promise<string> {
  return (await ctx.db.selectFrom('runs').select('status').where('id', '=', runId).executeTakeFirstOrThrow()).status;
}

/** Drives one transition through the service method that performs it. */
async function attempt(scanId: string, runId: number, to: RunStatus): Promise<void> {
  if (to === 'running') return ctx.sut.markRunning(runId, 'w2');
  if (to === 'cancelled') return ctx.sut.stop(admin, scanId).then(() => undefined);
  if (to === 'completed') return ctx.sut.finishRun(runId, result([])).then(() => undefined);
  if (to === 'failed') return ctx.sut.failRun(runId, 'boom');
  return undefined;
}

describe('run lifecycle', () => {
  it('create stores the scan, plans run 1 and submits it', async () => {
    const { id, run } = await newScan();
    expect(id).toMatch(/^SCAN-\d{4,}$/);
    expect(run).toMatchObject({ scanId: id, run: 1, status: 'planned' });
    expect(ctx.dispatcher.submitted).toContainEqual({ scanId: id, runId: run.runId, run: 1, pool: 'default' });
    expect((await ctx.sut.show(id)).status).toBe('planned');
  });

  const targets: RunStatus[] = ['running', 'completed', 'failed', 'cancelled'];
  for (const from of RUN_STATUSES) {
    for (const to of targets) {
      const allowed = canTransition(from, to);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, async () => {
        const { id, run } = await newScan();
        await forceStatus(run.runId, from);
        const outcome = attempt(id, run.runId, to);
        if (allowed) {
          await outcome;
          // stop of a running run asks the worker; the run stays running until it reports back.
          expect(await statusOf(run.runId)).toBe(from === 'running' && to === 'cancelled' ? 'running' : to);
        } else if (from === 'failed' && to === 'failed') {
          await outcome; // a retried failure report changes nothing
          expect(await statusOf(run.runId)).toBe('failed');
        } else {
          await expect(outcome).rejects.toMatchObject({ code: expect.stringMatching(/ILLEGAL_TRANSITION|CONFLICT/) });
          expect(await statusOf(run.runId)).toBe(from);
        }
        await forceStatus(run.runId, 'failed');
      });
    }
  }

  it('stopping a completed run says so', async () => {
    const { id, run } = await newScan();
    await ctx.sut.markRunning(run.runId, 'w1');
    await ctx.sut.finishRun(run.runId, result([]));
    await expect(ctx.sut.stop(admin, id)).rejects.toThrow(`${id} run 1 is already completed; nothing to stop`);
  });

  it('stop of a planned run cancels it and removes the job; of a running run asks the worker', async () => {
    const a = await newScan();
    const stopped = await ctx.sut.stop(admin, a.id);
    expect(stopped.status).toBe('cancelled');
    expect(ctx.dispatcher.cancelled).toContainEqual({ scanId: a.id, runId: a.run.runId, run: 1, pool: 'default' });
    const b = await newScan();
    await ctx.sut.markRunning(b.run.runId, 'w1');
    expect((await ctx.sut.stop(admin, b.id)).status).toBe('running');
    expect(ctx.dispatcher.cancelled).toContainEqual({ scanId: b.id, runId: b.run.runId, run: 1, pool: 'default' });
    const ended = await ctx.sut.finishRun(b.run.runId, result([], [], 'cancelled'));
    expect(ended.status).toBe('cancelled');
  });

  it('a submit failure records submit_error and keeps the scan visible', async () => {
    ctx.dispatcher.failSubmitWith = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    try {
      const created = await ctx.sut.create(admin, { name: 'lost', targets: '203.0.113.1', ports: '22' });
      expect(created.run?.status).toBe('submit_error');
      const shown = await ctx.sut.show(created.scan.id);
      expect(shown.status).toBe('submit_error');
      expect(shown.error).toContain('ECONNREFUSED');
      expect((await ctx.sut.errors(created.scan.id))[0]).toMatchObject({ run: 1 });
      expect(ctx.events.some((e) => e.type === 'run.submit_error' && e.scanId === created.scan.id)).toBe(true);
    } finally {
      ctx.dispatcher.failSubmitWith = null;
    }
  });

  it('rerun is refused while a run is active, allowed after', async () => {
    const { id, run } = await newScan();
    await expect(ctx.sut.rerun(admin, id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await ctx.sut.markRunning(run.runId, 'w1');
    await ctx.sut.failRun(run.runId, 'masscan: permission denied');
    expect(await ctx.sut.rerun(admin, id)).toMatchObject({ run: 2, status: 'planned' });
  });

  it('concurrent reruns create exactly one active run', async () => {
    const { id, run } = await newScan();
    await ctx.sut.stop(admin, id);
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => ctx.sut.rerun(admin, id)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(run.run).toBe(1);
  });

  it('concurrent creates get distinct ids', async () => {
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => ctx.sut.create(admin, { name: `c${i}`, targets: '203.0.113.2', ports: '80' })));
    expect(new Set(created.map((c) => c.scan.id)).size).toBe(10);
  });

  it('a scheduled firing is skipped while a run is active', async () => {
    const { id } = await newScan();
    expect(await ctx.sut.scheduledRun(id)).toBeNull();
    expect(ctx.events.some((e) => e.type === 'run.skipped' && e.scanId === id)).toBe(true);
  });

  it('rerun of a deleted scan is refused', async () => {
    const { id } = await newScan();
    await ctx.sut.delete(admin, id);
    await expect(ctx.sut.rerun(admin, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
