// A scanner as a remote agent, end to end on a Redis of the test's own (ACL users are created there, never
// on the shared one): a scanner credential from `scanners add` is a Redis user allowed only its pool's
// queue, its own stream and read-only cancel flags; a scanner process started with that credential, the
// order key and no DATABASE_URL completes a real nmap run against a test host (results, logs, the status
// message as before) without a single ACL denial; revoking it mid-run cuts it off within 2 s, fails its run
// with a clear error, and the scanner keeps retrying without a stack trace.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';
import { startNotifications, type RunningNotifications } from '../../../cli/composition/notifications.js';
import { startControlPlane, type RunningControlPlane } from '../../../control/control-plane.js';
import { createOrderSigner, type OrderSigner } from '../../../control/order-signing.js';
import { createScannersAdmin, type ScannersAdmin } from '../../../control/scanner-admin.js';
import type { ScannerCredential } from '../../../control/scanner-credentials.js';
import { loadConfig, type Config } from '../../../core/config.js';
import { createRunEventPublisher } from '../../../core/events/run-event-publisher.js';
import { runEventsChannel } from '../../../core/events/run-events.js';
import { cancelFlagKey, resultStreamKey } from '../../../core/events/scanner-keys.js';
import { createLogger } from '../../../core/logger.js';
import { connectRedis, type RedisClient } from '../../../core/redis.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createBullmqDispatcher, type BullmqDispatcher } from '../../../worker/bullmq-dispatcher.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';
import { admin } from './harness.js';
import { startOwnRedis, type OwnRedis } from './own-redis.js';


const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const logger = createLogger('silent', { pretty: false });
const prefix = `pcl-remote-${randomUUID().slice(0, 8)}`;
let own: OwnRedis;
let host: TestHost;
let database: TestDatabase;
let config: Config;
let signer: OrderSigner;
let dispatcher: BullmqDispatcher;
let service: ScanService;
let control: RunningControlPlane;
let notifications: RunningNotifications;
let scanners: ScannersAdmin;
let adminRedis: RedisClient;
let events: RedisClient;
const notifier = new RecordingNotifier();
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(new URL('../../../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  own = await startOwnRedis();
  host = await createTestHost({ servers: ['http', 'ssh'] });
  database = await createTestDatabase();
  config = loadConfig({ DATABASE_URL: database.url, REDIS_URL: own.url, SCOPE_ALLOW: host.subnet, HEARTBEAT_INTERVAL_SECONDS: '1' });
  signer = await createOrderSigner(database.db, config, { chunkAddresses: 4096 });
  dispatcher = createBullmqDispatcher({ redisUrl: own.url, prefix, timeoutMs: 2000, orders: (job) => signer.sign(job) });
  events = await connectRedis(own.url);
  const publish = createRunEventPublisher(events, logger, runEventsChannel(database.url));
  service = createScanService({ db: database.db, dispatcher, config, logger, publish });
  await service.scopeAdd(admin, host.subnet);
  control = await startControlPlane({ db: database.db, config, logger, service, dispatcher, publish, prefix, schedules: false });
  notifications = await startNotifications({ config, logger, service, digests: service, notifiers: [notifier], commands: {}, channel: { intervalMs: 0 }, db: database.db });
  scanners = createScannersAdmin({ db: database.db, redisUrl: own.url, connectionBase: own.url, prefix, service, logger });
  adminRedis = await connectRedis(own.url);
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await notifications?.stop();
  await control?.close();
  await dispatcher?.close();
  await events?.quit().catch(() => undefined);
  await adminRedis?.quit().catch(() => undefined);
  await own?.stop();
  await database?.drop();
  await host?.destroy();
}, 60_000);

/** `node dist/cli/main.js worker` with only the credential, the order key and scanner tuning: no database. */
function spawnScanner(credential: ScannerCredential): { child: ChildProcess; output: () => string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'SCOPE_ALLOW' && k !== 'REDIS_URL') env[k] = v;
  Object.assign(env, {
    REDIS_URL: credential.redisUrl, SCANNER_ORDER_KEY: signer.publicKey, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info', HEARTBEAT_INTERVAL_SECONDS: '1',
    MASSCAN_ADAPTER: host.masscan.adapter, MASSCAN_ADAPTER_IP: host.masscan.adapterIp, MASSCAN_ROUTER_MAC: host.masscan.routerMac,
    WORKER_LOCK_DURATION_MS: '4000', WORKER_STALLED_INTERVAL_MS: '2000',
  });
  const child = spawn(process.execPath, ['dist/cli/main.js', 'worker'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  children.push(child);
  return { child, output: () => out };
}

async function denied(client: RedisClient, command: string[]): Promise<string> {
  try {
    await client.sendCommand(command);
    return 'allowed';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function aclDenials(user: string): Promise<unknown[]> {
  const log = (await adminRedis.sendCommand(['ACL', 'LOG', '128'])) as unknown[];
  return log.filter((entry) => JSON.stringify(entry).includes(user) && !JSON.stringify(entry).includes('"auth"'));
}

const ended = (r: { status: string }) => r.status !== 'planned' && r.status !== 'running';
async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}

describe('scanner credentials', () => {
  it('a scanner user cannot read other pools or keys, write its cancel flags, publish, or run FLUSHALL/KEYS/CONFIG/ACL/SCAN', async () => {
    const a = await scanners.add({ name: 'acl-a', createdBy: 'test' });
    await scanners.add({ name: 'acl-b', pool: 'dmz', createdBy: 'test' });
    expect(a).toMatchObject({ name: 'acl-a', pool: 'default' });
    expect(a.redisUrl).toMatch(/^redis:\/\/scanner-acl-a:[A-Za-z0-9_-]{43}@127\.0\.0\.1:\d+$/);
    const row = await database.db.selectFrom('scanners').selectAll().where('id', '=', 'acl-a').executeTakeFirstOrThrow();
    const password = decodeURIComponent(new URL(a.redisUrl).password);
    expect(JSON.stringify(row)).not.toContain(password);
    expect(row.credential_fingerprint).toMatch(/^[0-9a-f]{16}$/);
    await adminRedis.set(`${prefix}:runs.dmz:wait-probe`, 'secret');
    await adminRedis.set('unrelated:key', 'secret');
    const client = await connectRedis(a.redisUrl);
    try {
      expect(await client.ping()).toBe('PONG');
      for (const command of [['FLUSHALL'], ['FLUSHDB'], ['KEYS', '*'], ['SCAN', '0'], ['CONFIG', 'GET', '*'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'x'], ['CLIENT', 'LIST'], ['CLIENT', 'KILL', 'USER', 'default'], ['SAVE'], ['SWAPDB', '0', '1'], ['RANDOMKEY'], ['MONITOR'], ['SHUTDOWN']]) {
        expect(await denied(client, command), command.join(' ')).toMatch(/NOPERM/);
      }
      expect(await denied(client, ['GET', `${prefix}:runs.dmz:wait-probe`])).toMatch(/NOPERM/);
      expect(await denied(client, ['GET', 'unrelated:key'])).toMatch(/NOPERM/);
      expect(await denied(client, ['XADD', resultStreamKey(prefix, 'acl-b'), '*', 'm', '{}'])).toMatch(/NOPERM/);
      expect(await denied(client, ['XRANGE', resultStreamKey(prefix, 'acl-b'), '-', '+'])).toMatch(/NOPERM/);
      expect(await denied(client, ['SET', cancelFlagKey(prefix, 1), '1'])).toMatch(/NOPERM/);
      expect(await denied(client, ['PUBLISH', runEventsChannel(database.url), '{"type":"run.finished"}'])).toMatch(/NOPERM/);
      expect(await denied(client, ['PUBLISH', `${prefix}:run-cancel`, '{"runId":1}'])).toMatch(/NOPERM/);
      expect(await denied(client, ['GET', cancelFlagKey(prefix, 1)])).toBe('allowed');
      expect(await denied(client, ['XADD', resultStreamKey(prefix, 'acl-a'), '*', 'm', '{}'])).toBe('allowed');
    } finally {
      await client.quit();
    }
  });

  it('a scanner with no DATABASE_URL completes a run end to end: results, logs and the status message as before, no ACL denial', async () => {
    const credential = await scanners.add({ name: 'edge-1', createdBy: 'test' });
    const scanner = spawnScanner(credential);
    await waitFor(() => service.scanners(), (list) => list.some((s) => s.id === 'edge-1' && s.online), 30_000, 'edge-1 online');
    const { scan, run } = await service.create(admin, { name: 'remote', targets: host.ip, ports: host.openPorts.join(','), scanner: 'nmap', rate: 500 });
    await service.rememberStatusMessage(run!.runId, 'slack', 'TEAM', 'status-1');
    const done = await waitFor(async () => (await service.history(scan.id))[0]!, ended, 90_000, 'remote run');
    expect(done, scanner.output()).toMatchObject({ status: 'completed', openPorts: host.openPorts.length, error: null });
    expect((await service.diff(scan.id)).new.map((p) => p.port).sort((x, y) => x - y)).toEqual(host.openPorts);
    const logs = (await service.logs(scan.id)).lines.map((l) => l.message);
    expect(logs.some((m) => m.startsWith('scanner edge-1 ') && m.endsWith('started the run'))).toBe(true);
    await waitFor(async () => notifier.updates.filter((u) => u.messageId === 'status-1').map((u) => u.reply.title), (titles) => titles.some((t) => t.includes('✅ Done')), 10_000, 'status message');
    expect(notifier.posts.some((p) => p.threadId === 'status-1' && p.reply.title.includes('run 1 ✅ Done'))).toBe(true);
    const listed = (await service.scanners()).filter((s) => s.id === 'edge-1');
    expect(listed).toEqual([expect.objectContaining({ pool: 'default', online: true, revoked: false })]);
    expect(await aclDenials('scanner-edge-1')).toEqual([]);
    expect(scanner.output()).not.toMatch(/DATABASE_URL|ECONNREFUSED.*5432/);
  }, 150_000);

  it('revoking a scanner mid-run cuts it off within 2 s and fails its run; the scanner logs the auth error and keeps retrying', async () => {
    const credential = await scanners.add({ name: 'edge-2', createdBy: 'test' });
    const scanner = spawnScanner(credential);
    await waitFor(() => service.scanners(), (list) => list.some((s) => s.id === 'edge-2' && s.online), 30_000, 'edge-2 online');
    // edge-1 (from the test before) also serves the pool: stop it so edge-2 takes the run.
    for (const child of children.slice(0, -1)) child.kill('SIGKILL');
    const { scan } = await service.create(admin, { name: 'revoked', targets: host.ip, ports: `1-3000,${host.openPorts.join(',')}`, scanner: 'nmap', rate: 100 });
    await waitFor(() => service.show(scan.id), (s) => s.status === 'running', 30_000, 'running');
    const started = Date.now();
    const revoked = await scanners.revoke('edge-2');
    expect(revoked.runs).toBe(1);
    await waitFor(async () => String(await adminRedis.sendCommand(['CLIENT', 'LIST'])), (list) => !list.includes('user=scanner-edge-2'), 2000, 'connections dropped');
    expect(Date.now() - started).toBeLessThan(2000);
    const done = await waitFor(async () => (await service.history(scan.id))[0]!, ended, 5000, 'run ended');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/scanner edge-2 was revoked during the run/);
    await waitFor(async () => scanner.output(), (out) => /WRONGPASS|authentication failed/i.test(out), 10_000, 'auth error logged');
    await new Promise((r) => setTimeout(r, 2000));
    expect(scanner.child.exitCode).toBeNull();
    expect(scanner.output()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    const listed = (await service.scanners()).find((s) => s.id === 'edge-2');
    expect(listed).toMatchObject({ revoked: true, online: false });
    expect((await scanners.list()).find((s) => s.id === 'edge-2')?.failedAuthentications).toBeGreaterThan(0);
  }, 120_000);
});
