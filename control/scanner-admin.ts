// Scanner administration as the chat commands and the CLI use it: add (a credential shown once), revoke
// (cut off at once; the runs it held fail with a clear error), the list with failed authentications from
// Redis's ACL LOG. Opens a short-lived Redis connection per call on the control plane's own REDIS_URL.
import type { Kysely } from 'kysely';
import type { Logger } from '../core/logger.js';
import { connectRedis, type RedisClient } from '../core/redis.js';
import type { ScannerView } from '../core/scans/scan-model.js';
import type { ScanService } from '../core/scans/scan-service.contract.js';
import type { Database } from '../db/schema/database.js';
import { addScanner, failedAuthentications, revokeScannerCredential, type ScannerCredential } from './scanner-credentials.js';

export interface ScannerListing extends ScannerView {
  failedAuthentications: number;
}

export interface ScannersAdmin {
  add(input: { name: string; pool?: string; createdBy: string }): Promise<ScannerCredential>;
  /** Returns how many runs the scanner held (they are failed). */
  revoke(name: string): Promise<{ name: string; runs: number }>;
  list(): Promise<ScannerListing[]>;
}

export interface ScannersAdminDeps {
  db: Kysely<Database>;
  redisUrl: string;
  /** The address scanners connect to (SCANNER_REDIS_URL, else REDIS_URL). */
  connectionBase: string;
  prefix: string;
  service: Pick<ScanService, 'scanners' | 'failRun'>;
  logger: Logger;
}

export function createScannersAdmin(deps: ScannersAdminDeps): ScannersAdmin {
  async function withRedis<T>(work: (redis: RedisClient) => Promise<T>): Promise<T> {
    const redis = await connectRedis(deps.redisUrl, { name: 'portcullis-scanner-admin' });
    try {
      return await work(redis);
    } finally {
      await redis.quit().catch(() => redis.destroy());
    }
  }
  const credentialDeps = (redis: RedisClient) => ({ db: deps.db, redis, prefix: deps.prefix, connectionBase: deps.connectionBase });
  return {
    add: (input) => withRedis((redis) => addScanner(credentialDeps(redis), input)),
    async revoke(name) {
      const revoked = await withRedis((redis) => revokeScannerCredential(credentialDeps(redis), name));
      for (const runId of revoked.runs) {
        await deps.service.failRun(runId, `scanner ${revoked.name} was revoked during the run; its results so far are kept — rerun the scan on another scanner`).catch((error: unknown) => deps.logger.warn({ runId, err: String(error) }, 'could not fail a run of a revoked scanner'));
      }
      deps.logger.info({ scanner: revoked.name, runs: revoked.runs.length }, 'scanner revoked');
      return { name: revoked.name, runs: revoked.runs.length };
    },
    async list() {
      const failed = await withRedis((redis) => failedAuthentications(redis)).catch(() => new Map<string, { count: number }>());
      return (await deps.service.scanners()).map((s) => ({ ...s, failedAuthentications: failed.get(s.id)?.count ?? 0 }));
    },
  };
}
