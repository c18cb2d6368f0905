// `portcullis vulndb import PATH… | sync | status`: the vulnerability store from the command line.
// Import and sync match stored ports again afterwards and publish one alert event for new exposure on
// this database's events channel (the bot posts it to the alerts channels).
import { loadConfig, type Config } from '../../core/config.js';
import { runEventsChannel, type VulnerabilityAlertEvent } from '../../core/events/run-events.js';
import { createRedisClient } from '../../core/redis.js';
import { readFeedPaths } from '../../core/vulns/feed-files.js';
import { describeImport, VulnerabilityImport, type ImportSummary } from '../../core/vulns/import-vulndb.js';
import { syncVulnerabilityData } from '../../core/vulns/nvd-sync.js';
import { createVulnerabilityPort } from '../../core/vulns/vulnerability-port.js';
import { openDb } from '../../db/migrate.js';
import type { Database } from '../../db/schema/database.js';
import { migrate } from '../composition/lifecycle.js';

const USAGE = `Usage: portcullis vulndb import PATH…   NVD JSON 2.0 records, directories of them, NVD API pages, the CISA KEV catalog
       portcullis vulndb sync             fetch NVD (NVD_API_URL, NVD_API_KEY) and KEV (KEV_URL), increments after the first
       portcullis vulndb status           what is loaded and when
`;

/** Publishes the refresh alert on the events channel; a missing Redis only loses the alert. */
async function withPublisher<T>(config: Config, work: (publish: (event: VulnerabilityAlertEvent) => Promise<void>) => Promise<T>): Promise<T> {
  const client = createRedisClient(config.REDIS_URL, { name: 'portcullis-vulndb' });
  client.on('error', () => undefined);
  const connected = await Promise.race([client.connect().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
  const channel = runEventsChannel(config.DATABASE_URL);
  try {
    return await work(async (event) => {
      if (!connected || !client.isReady) {
        process.stderr.write('vulndb: Redis unreachable, the new-exposure alert was not sent\n');
        return;
      }
      await client.publish(channel, JSON.stringify(event));
    });
  } finally {
    // A client still reconnecting would wait forever for quit(): destroy it.
    if (client.isReady) await client.quit().catch(() => undefined);
    else if (client.isOpen) client.destroy();
  }
}

function print(summary: ImportSummary): void {
  for (const line of describeImport(summary)) process.stdout.write(`${line}\n`);
  if (summary.files === 0) process.stdout.write('nothing loaded\n');
}

export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!action || action === '--help' || action === '-h' || !['import', 'sync', 'status'].includes(action)) {
    process.stdout.write(USAGE);
    return action && !['--help', '-h'].includes(action) ? 2 : 0;
  }
  if (action === 'import' && rest.length === 0) {
    process.stderr.write(`vulndb import: give at least one file or directory\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  await migrate(config);
  const db = openDb<Database>(config.DATABASE_URL);
  try {
    if (action === 'status') {
      const status = await createVulnerabilityPort(db).status();
      process.stdout.write(`NVD records: ${status.nvdRecords}\nKEV entries: ${status.kevEntries}\n`);
      for (const s of status.sources) process.stdout.write(`${s.source}: ${s.records} loaded ${s.refreshedAt}${s.version ? ` (${s.version})` : ''}${s.lastModified ? `, newest record modified ${s.lastModified}` : ''}\n`);
      return 0;
    }
    const summary = await withPublisher(config, async (publish) => {
      if (action === 'sync') {
        return syncVulnerabilityData(db, {
          nvdUrl: config.NVD_API_URL, kevUrl: config.KEV_URL, publish, log: (line) => process.stderr.write(`${line}\n`),
          ...(config.NVD_API_KEY ? { apiKey: config.NVD_API_KEY } : {}),
        });
      }
      const load = new VulnerabilityImport(db);
      for await (const doc of readFeedPaths(rest)) await load.add(doc);
      return load.finish({ source: 'files', publish });
    });
    print(summary);
    return 0;
  } catch (error) {
    const userSafe = error instanceof Error && (error as { userSafe?: boolean }).userSafe === true;
    process.stderr.write(`vulndb ${action}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!userSafe) throw error;
    return 1;
  } finally {
    await db.destroy();
  }
}
