// Which ingest process reads which scanner's stream: one at a time per stream (a lease key with a short
// expiry, renewed while alive), so each scanner's messages are applied in the order it sent them even with
// several ingest processes; a dead holder's streams go to another process once its leases expire.
import type { RedisClient } from '../core/redis.js';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function leaseKey(prefix: string, scanner: string): string {
  return `${prefix}:ingest-lease:${scanner}`;
}

/** Takes or renews the lease; true while this consumer holds it. */
export async function holdLease(client: RedisClient, key: string, consumer: string, ttlMs: number): Promise<{ held: boolean; fresh: boolean }> {
  const renewed = Number(await client.eval(RENEW, { keys: [key], arguments: [consumer, String(ttlMs)] }));
  if (renewed === 1) return { held: true, fresh: false };
  const taken = await client.set(key, consumer, { NX: true, PX: ttlMs });
  return { held: taken === 'OK', fresh: taken === 'OK' };
}

export async function releaseLease(client: RedisClient, key: string, consumer: string): Promise<void> {
  await client.eval(RELEASE, { keys: [key], arguments: [consumer] });
}
