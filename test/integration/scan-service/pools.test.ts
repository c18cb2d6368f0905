// Pools: `from=POOL` is stored with the scan (default `default`) and checked; a planned run whose pool has
// no online scanner says so in `/scan show` until a scanner of that pool reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markWaitingRuns } from '../../../control/pool-watch.js';
import { applyHeartbeat, registerScanner } from '../../../db/repositories/scanner.repository.js';
import { admin, serviceOnFreshDatabase } from './support.js';

let ctx: Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
});
afterAll(async () => {
  await ctx?.database.drop();
});

describe('pools', () => {
  it('stores from=POOL, defaults to default, refuses a bad pool name, and sends the run to its pool', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'dmz', targets: '203.0.113.1', ports: '80', pool: 'dmz' });
    expect(scan.config.pool).toBe('dmz');
    expect(ctx.dispatcher.submitted.at(-1)).toMatchObject({ scanId: scan.id, pool: 'dmz' });
    const { scan: plain } = await ctx.sut.create(admin, { name: 'plain', targets: '203.0.113.2', ports: '80' });
    expect(plain.config.pool).toBe('default');
    await expect(ctx.sut.create(admin, { name: 'bad', targets: '203.0.113.3', ports: '80', pool: 'a:b*' })).rejects.toThrow(/from=a:b\* is not a pool name/);
    expect((await ctx.sut.update(admin, plain.id, { pool: 'edge' })).config.pool).toBe('edge');
  });

  it('a planned run of a pool with no online scanner says so, until one of that pool reports', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'waiting', targets: '203.0.113.4', ports: '80', pool: 'lab' });
    await registerScanner(ctx.db, { id: 'other', pool: 'default', credential_fingerprint: null, created_by: 'test' });
    await applyHeartbeat(ctx.db, 'other', { worker_id: 'w', host: 'h', version: '1', capabilities: { masscan: null, nmap: null, rawSockets: true, problems: [] }, running_jobs: 0 });
    await markWaitingRuns(ctx.db, 15);
    expect((await ctx.sut.show(scan.id)).phase).toBe('waiting: no scanner of pool lab is online (add one with /scan scanners add NAME pool=lab)');
    await registerScanner(ctx.db, { id: 'lab-1', pool: 'lab', credential_fingerprint: null, created_by: 'test' });
    await markWaitingRuns(ctx.db, 15);
    expect((await ctx.sut.show(scan.id)).phase).toMatch(/no scanner of pool lab/);
    await applyHeartbeat(ctx.db, 'lab-1', { worker_id: 'w2', host: 'h2', version: '1', capabilities: { masscan: null, nmap: null, rawSockets: true, problems: [] }, running_jobs: 0 });
    await markWaitingRuns(ctx.db, 15);
    expect((await ctx.sut.show(scan.id)).phase).toBeNull();
  });
});
