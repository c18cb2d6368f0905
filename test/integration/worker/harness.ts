// Everything a worker integration test needs, real: a cloned PostgreSQL database, a test host in a network
// namespace, a random BullMQ prefix on the shared Redis, the scan service with the BullMQ dispatcher and
// the order signer, the control plane's ingest in-process, and scanners either in-process or as separate
// `node dist/cli/main.js worker` processes started with no database (DATABASE_URL points nowhere). On the
// shared Redis no ACL user is created: scanners use SCANNER_NAME with the default connection (tests of the
// credentials themselves run on a Redis of their own).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../../core/config.js';
import { createLogger } from '../../../core/logger.js';
import type { Actor, RunSummary, ScanSummary } from '../../../core/scans/scan-model.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { startControlPlane, type RunningControlPlane } from '../../../control/control-plane.js';
import { createOrderSigner, type OrderSigner } from '../../../control/order-signing.js';
import { ensureLocalScanner } from '../../../control/scanner-credentials.js';
import { parseOrderPublicKey } from '../../../core/orders/scan-order.js';
import { createRedisClient } from '../../../core/redis.js';
import { createBullmqDispatcher, type BullmqDispatcher } from '../../../worker/bullmq-dispatcher.js';
import { startScanWorker, type ScanWorker } from '../../../worker/scan-worker.js';
import { loadWorkerSettings, type WorkerSettings } from '../../../worker/worker-settings.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { createTestHost, type TestHost, type TestServerKind } from '../../helpers/test-host.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const admin: Actor = { platform: 'console', userId: 'worker-test', channelId: 'console' };
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Harness {
  host: TestHost;
  database: TestDatabase;
  prefix: string;
  env: Record<string, string>;
  config: Config;
  settings: WorkerSettings;
  dispatcher: BullmqDispatcher;
  service: ScanService;
  signer: OrderSigner;
  /** The scanner name in-process and spawned scanners use (registered, no ACL user). */
  scannerName: string;
  control: RunningControlPlane;
  startWorker(overrides?: Partial<WorkerSettings>): Promise<ScanWorker>;
  spawnWorker(options?: { env?: Record<string, string>; dropRawSockets?: boolean }): WorkerProcess;
  waitForRun(scanId: string, run: number, done: (r: RunSummary) => boolean, timeoutMs?: number): Promise<RunSummary>;
  waitForShow(scanId: string, done: (s: ScanSummary) => boolean, timeoutMs?: number): Promise<ScanSummary>;
  destroy(): Promise<void>;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export async function createHarness(options: { servers?: TestServerKind[]; env?: Record<string, string> } = {}): Promise<Harness> {
  const host = await createTestHost({ servers: options.servers ?? ['http', 'ssh'] });
  const database = await createTestDatabase().catch(async (error: unknown) => {
    await host.destroy();
    throw error;
  });
  const prefix = `pcl-test-${randomUUID().slice(0, 8)}`;
  const scannerName = `t-${randomUUID().slice(0, 8)}`;
  const signer = await createOrderSigner(database.db, loadConfig({ SCOPE_ALLOW: host.subnet }), { chunkAddresses: Number(options.env?.WORKER_CHUNK_ADDRESSES ?? 4096) });
  const env: Record<string, string> = {
    SCANNER_NAME: scannerName, SCANNER_ORDER_KEY: signer.publicKey,
    DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, SCOPE_ALLOW: host.subnet, LOG_LEVEL: 'warn',
    MASSCAN_ADAPTER: host.masscan.adapter, MASSCAN_ADAPTER_IP: host.masscan.adapterIp, MASSCAN_ROUTER_MAC: host.masscan.routerMac,
    HEARTBEAT_INTERVAL_SECONDS: '1', WORKER_LOCK_DURATION_MS: '4000', WORKER_STALLED_INTERVAL_MS: '2000', WORKER_GRACE_SECONDS: '5',
    ...options.env,
  };
  const config = loadConfig(env);
  const settings = loadWorkerSettings(env);
  const logger = createLogger('warn', { pretty: false });
  const dispatcher = createBullmqDispatcher({ redisUrl: REDIS_URL, prefix, timeoutMs: 2000, orders: (job) => signer.sign(job) });
  const events = createRedisClient(REDIS_URL, { name: 'pcl-test-events' });
  events.on('error', () => undefined);
  await events.connect();
  const { createRunEventPublisher } = await import('../../../core/events/run-event-publisher.js');
  const { runEventsChannel } = await import('../../../core/events/run-events.js');
  const publish = createRunEventPublisher(events, logger, runEventsChannel(config.DATABASE_URL));
  const service = createScanService({ db: database.db, dispatcher, config, logger, publish });
  await service.scopeAdd(admin, host.subnet);
  const admins = createRedisClient(REDIS_URL);
  await admins.connect();
  await ensureLocalScanner({ db: database.db, redis: admins, prefix, connectionBase: REDIS_URL }, scannerName, 'default', { acl: false });
  await admins.quit();
  const control = await startControlPlane({ db: database.db, config, logger, service, dispatcher, publish, prefix });
  const orderKey = parseOrderPublicKey(signer.publicKey);
  const workers: ScanWorker[] = [];
  const processes: WorkerProcess[] = [];

  const poll = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    while (Date.now() < deadline) {
      last = await read();
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what} not reached within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`);
  };

  return {
    host, database, prefix, env, config, settings, dispatcher, service, signer, scannerName, control,
    async startWorker(overrides = {}) {
      const worker = await startScanWorker({ config, logger, orderKey, settings: { ...settings, ...overrides }, version: 'test' });
      workers.push(worker);
      return worker;
    },
    spawnWorker(spawnOptions = {}) {
      const command = spawnOptions.dropRawSockets
        ? ['setpriv', '--inh-caps=-net_raw,-net_admin', '--bounding-set=-net_raw,-net_admin', '--', process.execPath]
        : [process.execPath];
      const child = spawn(command[0] ?? process.execPath, [...command.slice(1), 'dist/cli/main.js', 'worker'], {
        // A scanner has no database: DATABASE_URL points nowhere.
        cwd: projectRoot, env: { ...process.env, ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/no-database', LOG_LEVEL: 'info', ...spawnOptions.env }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const proc = { child, output: () => out, exited };
      processes.push(proc);
      return proc;
    },
    async waitForRun(scanId, run, done, timeoutMs = 60_000) {
      return poll(async () => (await service.history(scanId)).find((r) => r.run === run) as RunSummary, (r) => r !== undefined && done(r), timeoutMs, `run ${run} of ${scanId}`);
    },
    async waitForShow(scanId, done, timeoutMs = 60_000) {
      return poll(() => service.show(scanId), done, timeoutMs, `scan ${scanId}`);
    },
    async destroy() {
      for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(processes.map((p) => p.exited));
      await Promise.all(workers.map((w) => w.close()));
      await control.close();
      // The scanner's stream and the ingest lease live outside the BullMQ queues: remove them too.
      await events.del([`${prefix}:results:${scannerName}`, `${prefix}:ingest-lease:${scannerName}`, `${prefix}:scanner:${scannerName}`]).catch(() => undefined);
      await events.quit().catch(() => undefined);
      await dispatcher.queue.obliterate({ force: true }).catch(() => undefined);
      await dispatcher.schedules.obliterate({ force: true }).catch(() => undefined);
      await dispatcher.close();
      await database.drop();
      await host.destroy();
    },
  };
}
