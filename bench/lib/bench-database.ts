// A throw-away, migrated database for one benchmark: created under a random name, dropped afterwards even
// when the benchmark fails, so benches never touch the real or the test databases.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { ensureDatabase, migrateToLatest, openDb, quoteIdent } from '../../db/migrate.js';
import type { Database } from '../../db/schema/database.js';

const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export async function withBenchDatabase<T>(poolSize: number, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const name = `portcullis_bench_${randomBytes(4).toString('hex')}`;
  const url = `${SERVER}/${name}`;
  await ensureDatabase(url);
  const db = openDb<Database>(url, { max: poolSize });
  try {
    await migrateToLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
    const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.end();
  }
}
