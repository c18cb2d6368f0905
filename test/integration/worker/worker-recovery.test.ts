// Failure paths of worker processes: a SIGKILLed worker whose run may not be taken over (no stall retries
// left) fails the run with "worker lost during the run"; SIGTERM lets the worker stop within its grace
// period and hands the unfinished run back to the queue, where another worker completes it.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (!existsSync(new URL('../../../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  h = await createHarness({ servers: ['http', 'ssh'], env: { WORKER_CONCURRENCY: '1' } });
}, 60_000);
afterAll(async () => {
  await h?.destroy();
}, 60_000);

const ended = (r: { status: string }) => r.status !== 'planned' && r.status !== 'running';
const slowScan = () => ({ targets: h.host.ip, ports: `1-2000,${h.host.openPorts.join(',')}`, scanner: 'nmap' as const, rate: 150 });

describe('worker recovery', () => {
  it('fails the run with "worker lost during the run" when its worker is SIGKILLed and no retry is left', async () => {
    const noRetry = { WORKER_MAX_STALLED: '0' };
    const doomed = h.spawnWorker({ env: noRetry });
    const { scan } = await h.service.create(admin, { name: 'lost', ...slowScan() });
    await h.waitForShow(scan.id, (s) => s.status === 'running', 30_000);
    const watcher = h.spawnWorker({ env: noRetry });
    await new Promise((r) => setTimeout(r, 1500));
    doomed.child.kill('SIGKILL');
    const done = await h.waitForRun(scan.id, 1, ended, 30_000);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/worker lost during the run.*\/scan rerun/);
    watcher.child.kill('SIGTERM');
    await watcher.exited;
  });

  it('on SIGTERM hands an unfinished run back to the queue within the grace period; another worker completes it', async () => {
    const leaving = h.spawnWorker({ env: { WORKER_GRACE_SECONDS: '1' } });
    const { scan } = await h.service.create(admin, { name: 'handback', ...slowScan() });
    await h.waitForShow(scan.id, (s) => s.status === 'running', 30_000);
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    expect(leaving.output()).toMatch(/handing the running jobs back/);
    const staying = h.spawnWorker();
    const done = await h.waitForRun(scan.id, 1, ended, 90_000);
    expect(done).toMatchObject({ status: 'completed', openPorts: h.host.openPorts.length });
    const logs = (await h.service.logs(scan.id)).lines.map((l) => l.message);
    expect(logs.some((m) => m.includes('goes back to the queue'))).toBe(true);
    staying.child.kill('SIGTERM');
    await staying.exited;
  });
});
