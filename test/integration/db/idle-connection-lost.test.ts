// An idle pooled connection that the server ends (pg_terminate_backend here; a restart or DROP DATABASE …
// WITH (FORCE) alike) is dropped by the pool: no unhandled 'error' event ends the process, and the next
// query works on a new connection.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ template: null });
});
afterAll(async () => {
  await database?.drop();
});

describe('an idle connection ended by the server', () => {
  it('is dropped quietly and the pool reconnects', async () => {
    const db = openDb<unknown>(database.url, { max: 1 });
    const unhandled: unknown[] = [];
    const onError = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onError);
    try {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
      const pid = rows[0]!.pid;
      await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
      await new Promise((r) => setTimeout(r, 300));
      const again = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
      expect(again.rows[0]!.pid).not.toBe(pid);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      await db.destroy();
    }
  });
});
