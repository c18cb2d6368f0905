// Who this scanner is: the name comes from its credential (the Redis user `scanner-NAME` in REDIS_URL),
// else SCANNER_NAME, else `local`; the pool from what `scanners add` recorded for it in Redis (read-only to
// the scanner), else SCANNER_POOL, else `default`. The same name after a restart is the same scanner.
import { z } from 'zod';
import { DEFAULT_POOL, SCANNER_NAME, scannerOfUser, scannerProfileKey } from '../core/events/scanner-keys.js';
import type { RedisClient } from '../core/redis.js';
import type { ScannerIdentity } from './worker-context.js';
import type { WorkerSettings } from './worker-settings.js';

const profile = z.object({ pool: z.string().regex(SCANNER_NAME) });

export function scannerNameOf(redisUrl: string, settings: Pick<WorkerSettings, 'scannerName'>): string {
  let user = '';
  try {
    user = decodeURIComponent(new URL(redisUrl).username);
  } catch {
    // config validation refused a bad URL long before this
  }
  return scannerOfUser(user) ?? settings.scannerName ?? 'local';
}

export async function resolveScannerIdentity(client: RedisClient, redisUrl: string, settings: Pick<WorkerSettings, 'prefix' | 'scannerName' | 'scannerPool'>): Promise<ScannerIdentity> {
  const name = scannerNameOf(redisUrl, settings);
  let pool = settings.scannerPool ?? DEFAULT_POOL;
  const raw = await client.get(scannerProfileKey(settings.prefix, name)).catch(() => null);
  if (raw) {
    try {
      const parsed = profile.safeParse(JSON.parse(raw));
      if (parsed.success) pool = parsed.data.pool;
    } catch {
      // a damaged profile: keep the configured pool
    }
  }
  return { name, pool };
}
