// Opens the application's database from the configuration (creating and migrating it is `portcullis
// migrate` / `npm start`, see cli/commands/migrate.ts).
import type { Kysely } from 'kysely';
import { ensureDatabase, migrateToLatest, openDb } from '../db/migrate.js';
import type { Database } from '../db/schema/database.js';
import type { Config } from './config.js';
import { loadBundledVulnerabilityData } from './vulns/bundled-data.js';

export type { Database };

export function openDatabase(config: Pick<Config, 'DATABASE_URL'>, options: { max?: number } = {}): Kysely<Database> {
  return openDb<Database>(config.DATABASE_URL, options);
}

/** Creates the database when missing and runs pending migrations; returns the names of those that ran. */
export async function prepareDatabase(config: Pick<Config, 'DATABASE_URL'>): Promise<{ created: boolean; migrated: string[] }> {
  const { created } = await ensureDatabase(config.DATABASE_URL);
  const db = openDatabase(config, { max: 1 });
  try {
    const results = await migrateToLatest(db);
    await loadBundledVulnerabilityData(db);
    return { created, migrated: results.map((r) => r.migrationName) };
  } finally {
    await db.destroy();
  }
}
