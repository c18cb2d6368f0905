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

/** Creates the database of `url` when missing, connecting to the `postgres` maintenance database. */
export async function ensureDatabase(url: string): Promise<{ created: boolean; name: string }> {
  const name = databaseName(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (cause) {
    throw new DbError('UNREACHABLE', `cannot reach PostgreSQL at ${redact(url)}: ${(cause as Error).message}`, { cause });
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
    await client.end();
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
