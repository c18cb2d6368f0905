// No run stuck, for real. A PostgreSQL fault made with a trigger in the test's own database (every write
// that ends a run fails) during ingest: the worker's job fails after its retries with backoff, the run is
// left `running` at 100 %. `/scan stop` on it ends it; with the trigger still there the reaper's final
// write fails and is tried again; once the trigger is removed the reaper ends the run `failed` with
// "results could not be stored: …" within its interval, and a rerun completes. A SIGKILLed lone worker's
// run ends "worker lost" (nobody takes the job over), and a planned run whose job vanished with a Redis
// restart ends the same way.
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReaper, type Reaper } from '../../../control/reaper.js';
import { createLogger } from '../../../core/logger.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createBullmqDispatcher } from '../../../worker/bullmq-dispatcher.js';
import { createTestDatabase } from '../../helpers/database.js';
import { admin, createHarness, type Harness } from '../worker/harness.js';
import { randomPrefix, SwitchableRedis } from './fault-kit.js';

let h: Harness;
const logger = createLogger('silent', { pretty: false });
const limits = { heartbeatMs: 2000, plannedGraceMs: 3000, finishedGraceMs: 1000 };

beforeAll(async () => {
  if (!existsSync(new URL('../../../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  h = await createHarness({ servers: ['http'], env: { WORKER_CONCURRENCY: '1' } });
}, 60_000);
afterAll(async () => {
  await h?.destroy();
}, 60_000);

const ended = (r: { status: string }) => r.status !== 'planned' && r.status !== 'running';
const quickScan = () => ({ targets: h.host.ip, ports: h.host.openPorts.join(','), scanner: 'nmap' as const, rate: 500 });

async function injectFault(): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION pcl_injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'injected fault: could not extend file (disk full)'; END $$`.execute(h.database.db);
  await sql`CREATE TRIGGER pcl_injected_fault BEFORE UPDATE OF status ON runs FOR EACH ROW
    WHEN (NEW.status IN ('completed', 'failed') AND OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION pcl_injected_fault()`.execute(h.database.db);
}

async function removeFault(): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS pcl_injected_fault ON runs`.execute(h.database.db);
}

/** Waits until the run's job has failed for good (every retry used) while the run stays running. */
async function waitUntilStuck(scanId: string, run: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const summary = (await h.service.history(scanId)).find((r) => r.run === run)!;
    const runId = (await h.database.db.selectFrom('runs').innerJoin('scans', 'scans.id', 'runs.scan_id').select('runs.id').where('scans.public_id', '=', scanId).where('runs.number', '=', run).executeTakeFirstOrThrow()).id;
    const job = await h.dispatcher.inspect({ scanId, runId, run });
    expect(['planned', 'running']).toContain(summary.status);
    if (job.state === 'finished') {
      // Every attempt failed and the worker's own failure report did not land either: stuck at running.
      expect(summary.status).toBe('running');
      return;
    }
    if (Date.now() > deadline) throw new Error(`run ${run} of ${scanId} never got stuck: job ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the reaper and /scan stop on runs nobody will end', () => {
  it('a database fault during ingest: stop ends the stuck run; the reaper retries, then ends the next one once the fault is gone; a rerun completes', async () => {
    const worker = await h.startWorker();
    await injectFault();
    let reaper: Reaper | undefined;
    try {
      const { scan } = await h.service.create(admin, { name: 'db-fault', ...quickScan() });
      await waitUntilStuck(scan.id, 1);
      // Today's defect: stop answered ok and ended nothing. Now nobody holds the run, so stop ends it.
      const stopped = await h.service.stop(admin, scan.id);
      expect(stopped).toMatchObject({ run: 1, status: 'cancelled' });
      expect((await h.service.logs(scan.id, { run: 1 })).lines.map((l) => l.message).join('\n')).toMatch(/nobody was running it any more \(results could not be stored: /);

      const second = await h.service.rerun(admin, scan.id);
      expect(second.run).toBe(2);
      await waitUntilStuck(scan.id, 2);
      await new Promise((r) => setTimeout(r, limits.finishedGraceMs + 200)); // past the worker's own chance to record it
      reaper = startReaper({ db: h.database.db, dispatcher: h.dispatcher, logger, publish: async () => {}, intervalMs: 1000, limits, writeAttempts: 2 });
      const blocked = await reaper.sweep();
      expect(blocked).toMatchObject({ checked: 1, ended: [], failedWrites: 1 });

      await removeFault();
      const done = await h.waitForRun(scan.id, 2, ended, 5000);
      // Whoever writes first once the fault is gone ends it: ingest retrying the scanner's finish (the
      // results are kept: completed) or the reaper (failed, saying why). Either way nothing stays stuck.
      expect(['completed', 'failed']).toContain(done.status);
      if (done.status === 'completed') {
        expect(done.openPorts).toBe(h.host.openPorts.length);
      } else {
        // The scanner's job succeeded (it shipped everything): ingest's final write failed, so the queue
        // knows no database error to cite.
        expect(done.error).toMatch(/^results could not be stored: the worker finished the scan, but its outcome never reached the database; rerun it with \/scan rerun SCAN-/);
        const errors = await h.service.errors(scan.id);
        const lines = errors.find((e) => e.run === 2)?.lines.map((l) => l.message) ?? [];
        expect(lines.join('\n')).toContain('reaper: results could not be stored:');
      }

      const third = await h.service.rerun(admin, scan.id);
      const completed = await h.waitForRun(scan.id, third.run, ended, 60_000);
      expect(completed).toMatchObject({ status: 'completed', openPorts: h.host.openPorts.length });
    } finally {
      await reaper?.stop();
      await removeFault();
      await worker.close();
    }
  }, 240_000);

  it('a lone worker SIGKILLed mid-run: nobody takes the job over, the reaper ends the run "worker lost"', async () => {
    const lone = h.spawnWorker({ env: { WORKER_MAX_STALLED: '5' } });
    const { scan } = await h.service.create(admin, { name: 'lone', targets: h.host.ip, ports: `1-3000,${h.host.openPorts.join(',')}`, scanner: 'nmap', rate: 100 });
    await h.waitForShow(scan.id, (s) => s.status === 'running', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    lone.child.kill('SIGKILL');
    await lone.exited;
    const reaper = startReaper({ db: h.database.db, dispatcher: h.dispatcher, logger, publish: async () => {}, intervalMs: 1000, limits });
    try {
      const done = await h.waitForRun(scan.id, 1, ended, 30_000);
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(/^worker lost: /);
    } finally {
      await reaper.stop();
    }
  }, 90_000);

  it('a planned run whose job vanished with a Redis restart ends "worker lost" once its grace is over', async () => {
    const redis = await SwitchableRedis.start();
    const database = await createTestDatabase();
    // The order signer's stand-in (signing is tested with real keys elsewhere): no scanner takes this job.
    const orders = async (job: { runId: number; pool?: string }) => ({ pool: job.pool ?? 'default', signed: { order: JSON.stringify({ runId: job.runId }), signature: 'c2lnbmVk' } });
    const dispatcher = createBullmqDispatcher({ redisUrl: redis.url, prefix: randomPrefix(), timeoutMs: 1500, orders });
    const service = createScanService({ db: database.db, dispatcher, config: { ...h.config, SCOPE_ALLOW: ['198.19.251.0/24'] }, logger });
    const reaper = startReaper({ db: database.db, dispatcher, logger, publish: async () => {}, intervalMs: 500, limits });
    try {
      await service.scopeAdd(admin, '198.19.251.0/24');
      const { scan, run } = await service.create(admin, { name: 'vanished', targets: '198.19.251.2', ports: '80' });
      expect(run?.status).toBe('planned');
      expect((await reaper.sweep()).ended).toEqual([]); // its job waits for a worker: that is fine
      await redis.stop();
      await redis.start(); // empty: the job is gone
      const done = await (async () => {
        const deadline = Date.now() + 15_000;
        for (;;) {
          const r = (await service.history(scan.id))[0]!;
          if (ended(r) || Date.now() > deadline) return r;
          await new Promise((res) => setTimeout(res, 200));
        }
      })();
      expect(done.status).toBe('failed');
      expect(done.error).toBe(`worker lost: its job is no longer on the queue (Redis restarted without its data, or the job was removed) and no live worker runs it (no worker ever took it); rerun it with /scan rerun ${scan.id}`);
    } finally {
      await reaper.stop();
      await dispatcher.close();
      await redis.stop();
      await database.drop();
    }
  }, 60_000);
});
