// Migrations run up from an empty database, create every table, and running them again changes nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { databaseName, ensureDatabase, migrateToLatest, openDb } from '../../../db/migrate.js';
import { migrations } from '../../../db/migrations/index.js';
import { createTestDatabase, dropDatabase, urlFor, type TestDatabase } from '../../helpers/database.js';

const created: TestDatabase[] = [];
afterAll(async () => {
  for (const t of created) await t.drop();
});

describe('migrations', () => {
  it('run up from an empty database and are idempotent', async () => {
    const sut = await createTestDatabase({ template: null });
    created.push(sut);
    const first = await migrateToLatest(sut.db);
    expect(first.map((r) => [r.migrationName, r.status])).toEqual(Object.keys(migrations).map((n) => [n, 'Success']));
    const second = await migrateToLatest(sut.db);
    expect(second).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely%' ORDER BY 1`.execute(sut.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'audit_log', 'channel_subscriptions', 'chat_messages', 'control_keys', 'cve_finding_exceptions', 'cve_finding_templates', 'findings',
      'kev_entries', 'open_port_diffs', 'open_ports', 'run_findings', 'run_logs', 'run_result_batches', 'runs', 'scanners', 'scans', 'scope',
      'user_roles', 'vulndb_sources', 'vulnerabilities', 'vulnerability_matches', 'vulnerability_software_matches',
    ]);
  });

  it('ensureDatabase creates a missing database once', async () => {
    const name = `portcullis_test_ensure_${process.pid}_${Date.now()}`;
    try {
      expect(await ensureDatabase(urlFor(name))).toEqual({ created: true, name });
      expect(await ensureDatabase(urlFor(name))).toEqual({ created: false, name });
      const db = openDb(urlFor(name), { max: 1 });
      await migrateToLatest(db);
      await db.destroy();
    } finally {
      await dropDatabase(name);
    }
  });

  it('databaseName rejects a URL without a database', () => {
    expect(databaseName('postgres://u@h:5432/portcullis')).toBe('portcullis');
    expect(() => databaseName('postgres://u@h:5432/')).toThrow(/names no database/);
  });

  it('scan ids start at SCAN-1001', async () => {
    const sut = await createTestDatabase();
    created.push(sut);
    const row = await sut.db.insertInto('scans').values({
      name: 'web', targets: ['203.0.113.0/28'], ports: '80', scanner: 'nmap', rate: 100, timeout_seconds: 60, port_timeout_ms: 1500,
      protocol: 'tcp', schedule: null, timezone: null, created_by_platform: 'console', created_by: 'me', created_channel: 'c',
    }).returning(['id', 'public_id']).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 1001, public_id: 'SCAN-1001' });
  });
});
