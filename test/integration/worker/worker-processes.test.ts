// Workers as separate processes (`node dist/cli/main.js worker`, built by `npm test`): a host without
// raw sockets refuses scan jobs and says why; a worker SIGKILLed mid-run leaves no run stuck; a chunked
// scan run by two worker processes finds the same ports as one.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (!existsSync(new URL('../../../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  h = await createHarness({ servers: ['http', 'ssh', 'redis'], env: { WORKER_CHUNK_ADDRESSES: '4', WORKER_CONCURRENCY: '1' } });
}, 60_000);
afterAll(async () => {
  await h?.destroy();
}, 60_000);

const ended = (r: { status: string }) => r.status !== 'planned' && r.status !== 'running';

describe('worker processes', () => {
  it('refuses scan jobs on a host without raw sockets, says why, and leaves the run to a capable worker', async () => {
    const refusing = h.spawnWorker({ dropRawSockets: true });
    const { scan } = await h.service.create(admin, { name: 'no-raw', targets: h.host.ip, ports: h.host.openPorts.join(','), scanner: 'nmap' });
    await expect.poll(() => refusing.output(), { timeout: 20_000 }).toMatch(/cannot scan.*NET_RAW and NET_ADMIN/);
    await expect.poll(async () => (await h.service.scanners()).some((s) => s.capabilities.rawSockets === false && s.online), { timeout: 10_000 }).toBe(true);
    const refused = (await h.service.scanners()).find((s) => !s.capabilities.rawSockets);
    expect(refused?.capabilities.problems.join(' ')).toMatch(/NET_RAW/);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await h.service.history(scan.id))[0]?.status).toBe('planned');
    const capable = h.spawnWorker();
    const done = await h.waitForRun(scan.id, 1, ended, 60_000);
    expect(done).toMatchObject({ status: 'completed', openPorts: h.host.openPorts.length });
    refusing.child.kill('SIGTERM');
    capable.child.kill('SIGTERM');
    expect(await refusing.exited).toBe(0);
    expect(await capable.exited).toBe(0);
  });

  it('a worker SIGKILLed mid-run: another worker takes the stalled run over and completes it, no duplicate rows', async () => {
    const first = h.spawnWorker();
    const { scan } = await h.service.create(admin, { name: 'sigkill', targets: h.host.ip, ports: `1-2000,${h.host.openPorts.join(',')}`, scanner: 'nmap', rate: 150 });
    await h.waitForShow(scan.id, (s) => s.status === 'running' && (s.progress ?? 0) > 0, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect((await h.service.history(scan.id))[0]?.status).toBe('running');
    const second = h.spawnWorker();
    const done = await h.waitForRun(scan.id, 1, ended, 120_000);
    expect(done).toMatchObject({ status: 'completed', openPorts: h.host.openPorts.length });
    expect(await h.service.history(scan.id)).toHaveLength(1);
    const diff = await h.service.diff(scan.id);
    expect(diff.new).toHaveLength(h.host.openPorts.length);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('a chunked scan run by two worker processes finds the same ports as one worker', async () => {
    const targets = `${h.host.ip.replace(/\.2$/, '.0')}/29`;
    const ports = h.host.openPorts.join(',');
    const one = h.spawnWorker();
    const { scan: single } = await h.service.create(admin, { name: 'chunks-1', targets, ports, scanner: 'nmap', rate: 500 });
    const singleDone = await h.waitForRun(single.id, 1, ended, 120_000);
    expect(singleDone.status).toBe('completed');
    const two = h.spawnWorker();
    const { scan: split } = await h.service.create(admin, { name: 'chunks-2', targets, ports, scanner: 'nmap', rate: 500 });
    const splitDone = await h.waitForRun(split.id, 1, ended, 120_000);
    expect(splitDone.status).toBe('completed');
    const portsOf = async (id: string) => (await h.service.diff(id)).new.map((p) => `${p.ip}:${p.port}/${p.protocol}`).sort();
    expect(await portsOf(split.id)).toEqual(await portsOf(single.id));
    expect(await portsOf(split.id)).toEqual(expect.arrayContaining(h.host.openPorts.map((p) => `${h.host.ip}:${p}/tcp`)));
    const logs = (await h.service.logs(split.id)).lines.map((l) => l.message);
    expect(logs.some((m) => m.startsWith('split into 2 chunks'))).toBe(true);
    expect(logs.filter((m) => /^\[chunk \d\/2\] scanner .* took/.test(m))).toHaveLength(2);
    one.child.kill('SIGTERM');
    two.child.kill('SIGTERM');
    await Promise.all([one.exited, two.exited]);
  });
});
