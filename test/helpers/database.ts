// Real PostgreSQL for tests: a template database is migrated once (global setup, or lazily here), and each
// test file clones its own database from it with CREATE DATABASE … TEMPLATE, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import pg from 'pg';
import { ensureDatabase, migrateToLatest, openDb, quoteIdent } from '../../db/migrate.js';
import type { Database } from '../../db/schema/database.js';

export const SERVER_URL = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
/** Its own name per checkout when several work trees run tests side by side with different migrations. */
export const TEMPLATE_DB = process.env.TEST_TEMPLATE_DB ?? 'portcullis_test_template';

export function urlFor(name: string): string {
  return `${SERVER_URL}/${encodeURIComponent(name)}`;
}

let templateReady: Promise<void> | undefined;

/** Creates and migrates the template database (idempotent; kysely's migration lock makes it race-safe). */
export function prepareTemplate(): Promise<void> {
  const migrateTemplate = async () => {
    await ensureDatabase(urlFor(TEMPLATE_DB));
    const db = openDb<unknown>(urlFor(TEMPLATE_DB), { max: 1 });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  };
  templateReady ??= migrateTemplate().catch(async () => {
    // A template left by another checkout (migrations this one does not have, or a new one sorting before
    // those it ran): it is only a cache, so it is made again from scratch.
    await dropDatabase(TEMPLATE_DB);
    await migrateTemplate();
  });
  return templateReady;
}

async function onMaintenanceDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Kysely<Database>;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own. Call drop() in afterAll. */
export async function createTestDatabase(options: { template?: string | null } = {}): Promise<TestDatabase> {
  const template = options.template === undefined ? TEMPLATE_DB : options.template;
  if (template === TEMPLATE_DB) await prepareTemplate();
  const name = `portcullis_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onMaintenanceDb(async (client) => {
    const clause = template ? ` TEMPLATE ${quoteIdent(template)}` : '';
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(name)}${clause}`);
        return;
      } catch (error) {
        // 55006: the template is being accessed (another run migrating it right now): retry shortly.
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = urlFor(name);
  const db = openDb<Database>(url, { max: 4 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy();
      await dropDatabase(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  await onMaintenanceDb((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
