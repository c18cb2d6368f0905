// Bulk writes of open ports: COPY on connections opened by openDb, batched UNNEST on any other kysely
// handle, both storing hostile text the same way and skipping rows PostgreSQL would refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { insertOpenPorts, openPortsOfRun, type OpenPortInput } from '../../../db/repositories/open-port.repository.js';
import { insertNextRun } from '../../../db/repositories/run.repository.js';
import { insertScan } from '../../../db/repositories/scan.repository.js';
import type { Database } from '../../../db/schema/database.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

let t: TestDatabase;
let plain: Kysely<Database>;
beforeAll(async () => {
  t = await createTestDatabase();
  plain = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.url, max: 1 }) }) });
});
afterAll(async () => {
  await plain.destroy();
  await t.drop();
});

const hostile: OpenPortInput[] = [
  { ip: '203.0.113.9', port: 22, protocol: 'tcp', state: 'open', banner: 'SSH-2.0\r\n\t\\N \u0000<@channel>', scripts: { 'ssh-hostkey': 'a\u0000b\\u0000' } },
  { ip: '2001:db8::1', port: 53, protocol: 'udp', state: 'open|filtered', service: 'domain', ttl: 64 },
  { ip: 'not-an-ip', port: 80, protocol: 'tcp', state: 'open' },
  { ip: '203.0.113.9', port: 70000, protocol: 'tcp', state: 'open' },
];

async function newRun(db: Kysely<Database>): Promise<number> {
  const scan = await insertScan(db, {
    name: 'r', targets: ['203.0.113.0/28'], ports: '1-100', scanner: 'nmap', rate: 10, timeout_seconds: 60, port_timeout_ms: 1500,
    protocol: 'tcp', schedule: null, timezone: null, created_by_platform: 'console', created_by: 'me', created_channel: 'c',
  });
  return (await insertNextRun(db, scan.id, 'create', 'running')).id;
}

describe('insertOpenPorts', () => {
  for (const [name, db] of [['COPY', () => t.db], ['UNNEST fallback', () => plain]] as const) {
    it(`${name}: stores hostile text exactly (without NUL) and skips invalid rows`, async () => {
      const runId = await newRun(db());
      const written = await db().transaction().execute((trx) => insertOpenPorts(trx, runId, hostile));
      expect(written).toEqual({ written: 2, skipped: 2 });
      const rows = await openPortsOfRun(db(), runId);
      expect(rows.map((r) => [r.ip, r.port, r.protocol, r.banner, r.scripts, r.ttl])).toEqual([
        ['203.0.113.9', 22, 'tcp', 'SSH-2.0\r\n\t\\N <@channel>', { 'ssh-hostkey': 'ab\\u0000' }, null],
        ['2001:db8::1', 53, 'udp', null, null, 64],
      ]);
    });
  }

  it('rolls back with its transaction', async () => {
    const runId = await newRun(t.db);
    await expect(t.db.transaction().execute(async (trx) => {
      await insertOpenPorts(trx, runId, hostile);
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await openPortsOfRun(t.db, runId)).toEqual([]);
  });
});
