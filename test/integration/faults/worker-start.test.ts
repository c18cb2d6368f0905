// A worker started while its Redis is down, for real: `portcullis worker` stays up (no crash, no raw
// stack trace), and once Redis is started it takes the run it is given and completes it against a test
// host of our own, through the same path as every scanner: a signed order from the queue, results over its
// stream, applied by the control plane's ingest. The scanner gets no DATABASE_URL.
import { existsSync } from 'node:fs';
import { startControlPlane } from '../../../control/control-plane.js';
import { createOrderSigner } from '../../../control/order-signing.js';
import { ensureLocalScanner } from '../../../control/scanner-credentials.js';
import { connectRedis } from '../../../core/redis.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.js';
import { createLogger } from '../../../core/logger.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createBullmqDispatcher } from '../../../worker/bullmq-dispatcher.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';
import { admin } from '../worker/harness.js';
import { randomPrefix, SwitchableRedis } from './fault-kit.js';
import { spawnPortcullis, type Spawned } from './process-kit.js';

let host: TestHost;
let database: TestDatabase;
let redis: SwitchableRedis;
let worker: Spawned | undefined;

beforeAll(async () => {
  if (!existsSync(new URL('../../../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  host = await createTestHost({ servers: ['http'] });
  database = await createTestDatabase();
  redis = await SwitchableRedis.start();
}, 60_000);
afterAll(async () => {
  await worker?.kill();
  await redis?.stop();
  await database?.drop();
  await host?.destroy();
}, 60_000);

describe('worker start with Redis down', () => {
  it('keeps trying in the background, then takes and completes a run once Redis is up', async () => {
    const prefix = randomPrefix();
    const signer = await createOrderSigner(database.db, loadConfig({ SCOPE_ALLOW: host.subnet }), { chunkAddresses: 4096 });
    const scannerEnv = {
      REDIS_URL: redis.url, QUEUE_PREFIX: prefix, SCOPE_ALLOW: host.subnet, HEARTBEAT_INTERVAL_SECONDS: '1', SCANNER_NAME: 'late', SCANNER_ORDER_KEY: signer.publicKey,
      MASSCAN_ADAPTER: host.masscan.adapter, MASSCAN_ADAPTER_IP: host.masscan.adapterIp, MASSCAN_ROUTER_MAC: host.masscan.routerMac,
    };
    const env = { ...scannerEnv, DATABASE_URL: database.url };
    await redis.stop();
    worker = spawnPortcullis('worker', { ...scannerEnv, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    await new Promise((r) => setTimeout(r, 4000));
    expect(worker.child.exitCode, worker.output()).toBeNull();
    await redis.start();
    await worker.waitFor(/scanner started/, 30_000);

    const config = loadConfig(env);
    const logger = createLogger('silent', { pretty: false });
    const dispatcher = createBullmqDispatcher({ redisUrl: redis.url, prefix, timeoutMs: 2000, orders: (job) => signer.sign(job) });
    const service = createScanService({ db: database.db, dispatcher, config, logger });
    const adminClient = await connectRedis(redis.url);
    await ensureLocalScanner({ db: database.db, redis: adminClient, prefix, connectionBase: redis.url }, 'late', 'default', { acl: false });
    await adminClient.quit();
    const control = await startControlPlane({ db: database.db, config, logger, service, dispatcher, publish: async () => {}, prefix, schedules: false });
    try {
      await service.scopeAdd(admin, host.subnet);
      const { scan } = await service.create(admin, { name: 'late-redis', targets: host.ip, ports: host.openPorts.join(','), scanner: 'nmap', rate: 500 });
      const deadline = Date.now() + 60_000;
      let status = '';
      while (Date.now() < deadline) {
        status = (await service.history(scan.id))[0]?.status ?? '';
        if (status !== 'planned' && status !== 'running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe('completed');
    } finally {
      await control.close();
      await dispatcher.queue.obliterate({ force: true }).catch(() => undefined);
      await dispatcher.close();
    }
    // Errors are one JSON line each: no raw stack trace reached stderr.
    expect(worker.output()).not.toMatch(/\n\s+at \S+ \(\S+:\d+:\d+\)/);
  }, 120_000);
});
