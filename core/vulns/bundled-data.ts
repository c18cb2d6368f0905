// The vulnerability data shipped with Portcullis (data/vulndb/, built from the real NVD and KEV feeds by
// scripts/build-vulndata.mjs): loaded when the store is empty, so a fresh install matches the well-known
// perimeter CVEs before anyone runs `vulndb sync`. No alert: nothing is "new" about a first load.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { countKevEntries } from '../../db/repositories/kev.repository.js';
import { countVulnerabilities } from '../../db/repositories/vulnerability.repository.js';
import type { Database } from '../../db/schema/database.js';
import { readFeedPaths } from './feed-files.js';
import { VulnerabilityImport, type ImportSummary } from './import-vulndb.js';

/** data/vulndb of the installation: found by walking up from this module (sources or dist/). */
export function bundledDataDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data', 'vulndb');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/** Loads the bundled data when the store holds no NVD record and no KEV entry; null when it did nothing. */
export async function loadBundledVulnerabilityData(db: Kysely<Database>, dir = bundledDataDir()): Promise<ImportSummary | null> {
  if (!dir) return null;
  if ((await countVulnerabilities(db)) > 0 || (await countKevEntries(db)) > 0) return null;
  const load = new VulnerabilityImport(db);
  for await (const doc of readFeedPaths([dir])) await load.add(doc);
  return load.finish({ source: 'bundled' });
}
