// Creating and migrating the database: `portcullis migrate`, `npm start` and the test template use this.
import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import pg from 'pg';
import { DbError } from './errors.js';
import { migrations } from './migrations/index.js';

export { openDb } from './connection.js';

/** Runs every pending migration; returns what ran. Throws DbError('MIGRATION_FAILED') naming the step. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new DbError('MIGRATION_FAILED', `migration ${failed?.migrationName ?? '(setup)'} failed: ${reason}`, { cause: error });
  }
  return results;
}

/** Name of the database a postgres:// URL points at. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new DbError('BAD_URL', `DATABASE_URL ${redact(url)} names no database (expected …/portcullis)`);
  return name;
}

const CONNECT_TIMEOUT_MS = 5000;

/** Creates the database of `url` when missing, connecting to the `postgres` maintenance database. */
export async function ensureDatabase(url: string): Promise<{ created: boolean; name: string }> {
  const name = databaseName(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  // Deadlines on the connection and each query: a PostgreSQL that accepts but never answers fails in seconds.
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined); // a connection lost later surfaces as the failed query instead
  try {
    await client.connect();
  } catch (cause) {
    client.end().catch(() => undefined);
    throw new DbError('UNREACHABLE', `PostgreSQL at ${redact(url)} unreachable: ${(cause as Error).message} — start PostgreSQL or set DATABASE_URL`, { cause });
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return { created: false, name };
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return { created: true, name };
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') return { created: false, name }; // created meanwhile
      throw error;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
