// Open ports shipped as port lines by the scanner's own stream service (worker/result-stream.ts) and applied
// by ingest on real PostgreSQL and Redis: the stored rows are the ports the engine found (escapes, scripts,
// IPv6), an address PostgreSQL refuses is skipped and said, many batches in a row are each applied once,
// and with two ingest processes on one stream a batch is applied once and none is lost when the one that
// took entries dies before acknowledging them.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngest, type RunningIngest } from '../../../control/ingest.js';
import { resultStreamKey } from '../../../core/events/scanner-keys.js';
import { connectRedis, type RedisClient } from '../../../core/redis.js';
import { createScannerReportSide } from '../../../core/scans/run-worker-side.js';
import { registerScanner } from '../../../db/repositories/scanner.repository.js';
import type { OpenPort } from '../../../scanner/types.js';
import { createResultShipper } from '../../../worker/result-shipping.js';
import { createStreamScanService } from '../../../worker/result-stream.js';
import { admin, serviceOnFreshDatabase } from './support.js';

type Ctx = Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
let ctx: Ctx;
let redis: RedisClient;
const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `pcl-lines-${randomUUID().slice(0, 8)}`;
const logger = pino({ level: 'silent' });
const reportSide = () => createScannerReportSide({ db: ctx.db, dispatcher: ctx.dispatcher, logger, publish: async () => {}, retention: 0 });
const ingests: RunningIngest[] = [];

beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
  for (const name of ['l1', 'l2']) await registerScanner(ctx.db, { id: name, pool: 'default', credential_fingerprint: null, created_by: 'test' });
  redis = await connectRedis(REDIS_URL);
});
afterAll(async () => {
  for (const ingest of ingests) await ingest.close().catch(() => undefined);
  for (const name of ['l1', 'l2']) await redis?.del([resultStreamKey(prefix, name), `${prefix}:ingest-lease:${name}`]);
  await redis?.quit();
  await ctx?.database.drop();
});

async function runningRun(name: string, scanner: string): Promise<{ scanId: string; runId: number }> {
  const { scan, run } = await ctx.sut.create(admin, { name, targets: '203.0.113.0/28', ports: '1-65535' });
  const runId = run!.runId;
  expect(await reportSide().started({ name: scanner, pool: 'default' }, runId, 'w1')).toEqual({ applied: true });
  return { scanId: scan.id, runId };
}

const portsOf = (runId: number) => ctx.db.selectFrom('open_ports').selectAll().where('run_id', '=', runId).orderBy('port').execute();
const ports = (n: number, from = 1): OpenPort[] => Array.from({ length: n }, (_, i) => ({ ip: '203.0.113.9', port: from + i, protocol: 'tcp', state: 'open' }));

describe('streamed port lines', () => {
  it('stores what the scanner shipped, field for field, and skips (and says) an address PostgreSQL refuses', async () => {
    const ingest = await startIngest({ db: ctx.db, redisUrl: REDIS_URL, prefix, reports: reportSide(), logger, leaseMs: 3000 });
    ingests.push(ingest);
    const { scanId, runId } = await runningRun('lines', 'l1');
    const shipper = createResultShipper(createStreamScanService(redis, prefix, 'l1'), runId, 'job');
    const odd: OpenPort = { ip: '2001:db8::7', port: 6379, protocol: 'tcp', state: 'open', service: 'redis', product: 'Redis\tkey-value\\store', version: '7.2\n', banner: '-NOAUTH', ttl: 63, scripts: { 'redis-info': 'role:master\r\nversion:7.2' }, cpes: ['cpe:/a:redislabs:redis:7.2'] };
    await shipper.ship({ openPorts: [odd, { ip: 'not-an-ip', port: 1, protocol: 'tcp', state: 'open' }], findings: [{ ruleId: 'exposed-redis', severity: 'critical', title: 'Redis', ip: odd.ip, port: 6379, protocol: 'tcp', evidence: 'e', remediation: 'r' }] });
    await expect.poll(async () => (await portsOf(runId)).length, { timeout: 10_000 }).toBe(1);
    expect((await portsOf(runId))[0]).toMatchObject({ ip: '2001:db8::7', port: 6379, service: 'redis', product: 'Redis\tkey-value\\store', version: '7.2\n', banner: '-NOAUTH', ttl: 63, scripts: { 'redis-info': 'role:master\r\nversion:7.2' }, cpes: ['cpe:/a:redislabs:redis:7.2'] });
    await expect.poll(async () => (await ctx.sut.logs(scanId, { level: 'warning' })).lines.map((l) => l.message), { timeout: 5000 }).toContain('1 open-port rows with an invalid address, port or protocol were not stored');
    expect(await ctx.db.selectFrom('findings').select('rule_id').where('run_id', '=', runId).execute()).toEqual([{ rule_id: 'exposed-redis' }]);
    await ingest.close();
  });

  it('with two ingest processes on one stream, each batch is applied once and none is lost when one dies holding entries', async () => {
    const { runId } = await runningRun('two-ingests', 'l2');
    // The first ingest takes the stream, applies a few batches, then hangs on one (as a process that died
    // with entries read but not acknowledged): its lease runs out and the second takes the stream over.
    let applied = 0;
    let release: (() => void) | undefined;
    const dying = reportSide();
    const real = dying.resultBatches.bind(dying);
    dying.resultBatches = async (...args) => {
      if (applied >= 3) await new Promise<void>((resolve) => (release = resolve));
      applied += args[2].length;
      return real(...args);
    };
    const first = await startIngest({ db: ctx.db, redisUrl: REDIS_URL, prefix, reports: dying, logger, leaseMs: 1500 });
    await new Promise((r) => setTimeout(r, 300));
    const second = await startIngest({ db: ctx.db, redisUrl: REDIS_URL, prefix, reports: reportSide(), logger, leaseMs: 1500 });
    ingests.push(second);
    const shipper = createResultShipper(createStreamScanService(redis, prefix, 'l2'), runId, 'job');
    for (let b = 0; b < 40; b++) await shipper.ship({ openPorts: ports(250, 1 + b * 250), findings: [] });
    await expect.poll(async () => (await portsOf(runId)).length, { timeout: 30_000, interval: 250 }).toBe(10_000);
    expect(release).toBeDefined();
    const batches = await ctx.db.selectFrom('run_result_batches').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
    expect(Number(batches.n)).toBe(40);
    // Acknowledged entries are gone from the stream (XACK + XDEL): Redis holds only what is not applied yet.
    await expect.poll(async () => redis.xLen(resultStreamKey(prefix, 'l2')), { timeout: 5000 }).toBe(0);
    // The dead one wakes up late: its batch is already applied, so nothing doubles.
    release!();
    await first.close();
    expect((await portsOf(runId)).length).toBe(10_000);
  });
});
