// `portcullis migrate`: creates the database when missing and runs pending migrations, printing what ran.
import { loadConfig } from '../../core/config.js';
import { prepareDatabase } from '../../core/database.js';
import { databaseName } from '../../db/migrate.js';

export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  const name = databaseName(config.DATABASE_URL);
  const { created, migrated } = await prepareDatabase(config);
  if (created) process.stdout.write(`created database ${name}\n`);
  if (migrated.length === 0) process.stdout.write(`database ${name} is up to date\n`);
  for (const migration of migrated) process.stdout.write(`migrated ${name}: ${migration}\n`);
  return 0;
}
