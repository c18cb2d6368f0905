// Queue benchmarks (issues 4 and 8): queue_overhead_ratio (a run on the remote-scanner path — signed
// order on the queue, scanner with no database, results streamed back and applied by ingest — versus
// `portcullis scan-now` on the same test host and scanner), enqueue-to-start latency with an idle scanner
// (p50/p99), and wall times of one chunked scan run by 1, 2 and 4 scanner processes.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import type { Actor } from '../core/scans/scan-model.js';
import type { ScanService } from '../core/scans/scan-service.contract.js';
import { createScanService } from '../core/scans/scan-service.js';
import { startControlPlane } from '../control/control-plane.js';
import { createOrderSigner } from '../control/order-signing.js';
import { ensureLocalScanner } from '../control/scanner-credentials.js';
import { createRunEventPublisher } from '../core/events/run-event-publisher.js';
import { runEventsChannel } from '../core/events/run-events.js';
import { parseOrderPublicKey } from '../core/orders/scan-order.js';
import { connectRedis } from '../core/redis.js';
import { runScan } from '../scanner/engine.js';
import { parsePortSpec } from '../scanner/ports.js';
import { parseTargets } from '../scanner/targets.js';
import { createTestDatabase } from '../test/helpers/database.js';
import { createTestHost } from '../test/helpers/test-host.js';
import { createBullmqDispatcher } from '../worker/bullmq-dispatcher.js';
import { createStreamScanService } from '../worker/result-stream.js';
import { startScanWorker } from '../worker/scan-worker.js';
import { loadWorkerSettings } from '../worker/worker-settings.js';
import { figure, report, type BenchFigure } from './figures.js';

const here = dirname(fileURLToPath(import.meta.url));
const mainJs = join(here, '..', 'cli', 'main.js');
const admin: Actor = { platform: 'console', userId: 'bench', channelId: 'console' };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const median = (values: number[]) => percentile(values, 50);

function runProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; ms: number; out: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mainJs, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, ms: performance.now() - started, out }));
  });
}

async function waitEnded(service: ScanService, scanId: string, run: number, timeoutMs = 300_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = (await service.history(scanId)).find((h) => h.run === run);
    if (r && r.status !== 'planned' && r.status !== 'running') return r.status;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`run ${run} of ${scanId} did not end within ${timeoutMs} ms`);
}

const host = await createTestHost({ servers: ['http', 'ssh'] });
const database = await createTestDatabase();
const prefix = `pcl-bench-${randomUUID().slice(0, 8)}`;
const signer = await createOrderSigner(database.db, loadConfig({ SCOPE_ALLOW: host.subnet }), { chunkAddresses: 4 });
const env: Record<string, string> = {
  DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, SCOPE_ALLOW: host.subnet, LOG_LEVEL: 'warn', SCANNER_NAME: 'bench', SCANNER_ORDER_KEY: signer.publicKey,
  MASSCAN_ADAPTER: host.masscan.adapter, MASSCAN_ADAPTER_IP: host.masscan.adapterIp, MASSCAN_ROUTER_MAC: host.masscan.routerMac,
  WORKER_CONCURRENCY: '1', WORKER_CHUNK_ADDRESSES: '4', HEARTBEAT_INTERVAL_SECONDS: '1',
};
const config = loadConfig(env);
const settings = loadWorkerSettings(env);
const logger = createLogger('warn', { pretty: false });
const dispatcher = createBullmqDispatcher({ redisUrl: REDIS_URL, prefix, orders: (job) => signer.sign(job) });
const orderKey = parseOrderPublicKey(signer.publicKey);
const redis = await connectRedis(REDIS_URL);
const publish = createRunEventPublisher(redis, logger, runEventsChannel(database.url));
for (const name of ['bench', 'bench-0', 'bench-1', 'bench-2', 'bench-3']) {
  await ensureLocalScanner({ db: database.db, redis, prefix, connectionBase: REDIS_URL }, name, 'default', { acl: false });
}
const submitted = new Map<number, number>();
const started = new Map<number, number>();
const timedDispatcher = { ...dispatcher, submit: async (job: Parameters<typeof dispatcher.submit>[0]) => { submitted.set(job.runId, performance.now()); await dispatcher.submit(job); } };
const service = createScanService({ db: database.db, dispatcher: timedDispatcher, config, logger, publish });
const control = await startControlPlane({ db: database.db, config, logger, service, dispatcher, publish, prefix, schedules: false });
const figures: BenchFigure[] = [];

try {
  await service.scopeAdd(admin, host.subnet);
  const ports = '1-3000';

  // queue_overhead_ratio: same scan, same scanner, through the queue vs scan-now.
  const worker = await startScanWorker({ config, logger, orderKey, settings, version: 'bench' });
  const direct: number[] = [];
  const inProcess: number[] = [];
  const queued: number[] = [];
  const { scan } = await service.create(admin, { name: 'overhead', targets: host.ip, ports, scanner: 'nmap', rate: 2000 });
  await waitEnded(service, scan.id, 1);
  for (let i = 0; i < 3; i++) {
    const now = await runProcess(['scan-now', '--targets', host.ip, '--ports', ports, '--scanner', 'nmap', '--rate', '2000', '--json'], env);
    if (now.code !== 0) throw new Error(`scan-now failed: ${now.out}`);
    direct.push(now.ms);
    const e0 = performance.now();
    const engineResult = await runScan({
      targets: parseTargets(host.ip, { allow: [host.subnet], deny: [] }), ports: parsePortSpec(ports, 'tcp'), scanner: 'nmap', rate: 2000, timeoutSeconds: 3600,
      portTimeoutMs: 1500, exclude: [], masscan: { adapter: host.masscan.adapter, adapterIp: host.masscan.adapterIp, routerMac: host.masscan.routerMac },
    });
    if (engineResult.status !== 'completed') throw new Error(`engine run ended ${engineResult.status}`);
    inProcess.push(performance.now() - e0);
    const t0 = performance.now();
    const ref = await service.rerun(admin, scan.id);
    const status = await waitEnded(service, scan.id, ref.run);
    if (status !== 'completed') throw new Error(`queued run ended ${status}`);
    queued.push(performance.now() - t0);
  }
  figures.push(figure('queue_overhead_ratio', median(queued) / median(direct), 'ratio', { baseline: 1, baselineName: `scan-now ${Math.round(median(direct))} ms vs queued ${Math.round(median(queued))} ms (nmap, ${ports})`, target: '<= 1.15' }));
  figures.push(figure('queue_overhead_vs_engine_ratio', median(queued) / median(inProcess), 'ratio', { baseline: 1, baselineName: `runScan in-process ${Math.round(median(inProcess))} ms (no process start-up) vs queued ${Math.round(median(queued))} ms` }));
  await worker.close();

  // Enqueue-to-start latency: an idle worker whose engine returns at once (the scan is not measured).
  const stream = createStreamScanService(redis, prefix, 'bench');
  const idle = await startScanWorker({
    service: { ...stream, started: async (runId, workerId, chunk) => { started.set(runId, performance.now()); await stream.started(runId, workerId, chunk); } },
    config, logger, orderKey, settings, version: 'bench',
    runScan: async () => ({ status: 'completed', openPorts: [], findings: [], warnings: [], progress: 100, startedAt: new Date(), endedAt: new Date() }),
  });
  const { scan: quick } = await service.create(admin, { name: 'latency', targets: host.ip, ports: '80', scanner: 'nmap' });
  await waitEnded(service, quick.id, 1);
  const latencies: number[] = [];
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const ref = await service.rerun(admin, quick.id);
    await waitEnded(service, quick.id, ref.run);
    latencies.push((started.get(ref.runId) ?? NaN) - (submitted.get(ref.runId) ?? NaN));
  }
  figures.push(figure('enqueue_to_start_p50_ms', percentile(latencies, 50), 'ms'));
  figures.push(figure('enqueue_to_start_p99_ms', percentile(latencies, 99), 'ms', { target: '<= 100' }));
  await idle.close();

  // Chunked scaling: one /27 split into 8 chunks of 4 addresses, run by 1, 2 and 4 worker processes.
  const targets = `${host.ip.replace(/\.2$/, '.0')}/27`;
  for (const count of [1, 2, 4]) {
    const spawnedAt = Date.now();
    // Scanners as deployed: no database, their own names.
    const children = Array.from({ length: count }, (_, i) => spawn(process.execPath, [mainJs, 'worker'], { env: { ...process.env, ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SCANNER_NAME: `bench-${i}` }, stdio: 'ignore' }));
    // Start the clock once every scanner process has reported (heartbeat after its start-up).
    for (let waited = 0; waited < 60_000; waited += 100) {
      const fresh = (await service.scanners()).filter((s) => s.online && s.id.startsWith('bench-') && Date.parse(s.lastSeen ?? '') >= spawnedAt);
      if (fresh.length >= count) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const t0 = performance.now();
    const { scan: chunked } = await service.create(admin, { name: `chunked-${count}`, targets, ports: host.openPorts.join(','), scanner: 'nmap', rate: 1000 });
    const status = await waitEnded(service, chunked.id, 1);
    const wall = (performance.now() - t0) / 1000;
    figures.push(figure(`chunked_scan_${count}_workers_s`, wall, 's', { baselineName: `8 chunks, ${status}` }));
    await Promise.all(children.map((c) => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); })));
  }
} finally {
  await control.close();
  await redis.quit();
  await dispatcher.queue.obliterate({ force: true }).catch(() => undefined);
  await dispatcher.schedules.obliterate({ force: true }).catch(() => undefined);
  await dispatcher.close();
  await database.drop();
  await host.destroy();
}
report(figures);
process.exit(0);
