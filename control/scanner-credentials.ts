// Scanner credentials (`scanners add|revoke`, `/scan scanners add|revoke`): a Redis ACL user per scanner
// (scanner-acl.ts) with a random password that is shown once, in the connection string returned here, and
// never stored in clear (PostgreSQL keeps a fingerprint; Redis its SHA-256). Revoking deletes the ACL user,
// which drops its open connections at once, fails the runs it held and marks the scanner revoked.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NAME_RULE, SCANNER_NAME, scannerOfUser, scannerProfileKey, cancelFlagKey } from '../core/events/scanner-keys.js';
import { UserError } from '../core/errors.js';
import type { RedisClient } from '../core/redis.js';
import { registerScanner, revokeScanner, scannerByName } from '../db/repositories/scanner.repository.js';
import type { Database } from '../db/schema/database.js';
import { credentialFingerprint, scannerAclRules, scannerUser } from './scanner-acl.js';

export interface ScannerCredential {
  name: string;
  pool: string;
  /** The connection string, with the password: shown once, never logged. */
  redisUrl: string;
}

export interface CredentialDeps {
  db: Kysely<Database>;
  /** A connection allowed ACL SETUSER/DELUSER (the control plane's). */
  redis: RedisClient;
  prefix: string;
  /** Where scanners reach Redis (SCANNER_REDIS_URL, else REDIS_URL); its user and password are replaced. */
  connectionBase: string;
}

function checkName(name: string, what: string): string {
  const clean = name.trim().toLowerCase();
  if (!SCANNER_NAME.test(clean)) throw new UserError('BAD_INPUT', `${what} "${name.slice(0, 60)}" is not valid: ${NAME_RULE}.`);
  return clean;
}

export function connectionString(base: string, name: string, password: string): string {
  const url = new URL(base);
  url.username = encodeURIComponent(scannerUser(name));
  url.password = encodeURIComponent(password);
  return url.toString().replace(/\/$/, '');
}

async function setAclUser(deps: CredentialDeps, name: string, pool: string, password: string): Promise<void> {
  let rules = scannerAclRules(deps.prefix, name, pool, password);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await deps.redis.sendCommand(['ACL', 'SETUSER', scannerUser(name), ...rules]);
        break;
      } catch (error) {
        // An older Redis does not know a command we grant (e.g. CLIENT SETINFO before 7.2): grant it without.
        const unknown = /modifier '([^']+)': Unknown command/.exec(error instanceof Error ? error.message : '')?.[1];
        if (!unknown || attempt > 10 || !rules.includes(unknown)) throw error;
        rules = rules.filter((r) => r !== unknown);
      }
    }
  } catch (error) {
    throw new UserError('SUBMIT_FAILED', `Redis refused to create the scanner's user (${error instanceof Error ? error.message : String(error)}): the control plane's REDIS_URL must be allowed ACL SETUSER.`, { cause: error });
  }
  await deps.redis.set(scannerProfileKey(deps.prefix, name), JSON.stringify({ pool }));
}

/** Creates a scanner and its credential; refused while a scanner of that name is active (revoke it first). */
export async function addScanner(deps: CredentialDeps, input: { name: string; pool?: string; createdBy: string }): Promise<ScannerCredential> {
  const name = checkName(input.name, 'The scanner name');
  const pool = checkName(input.pool ?? 'default', 'The pool name');
  const existing = await scannerByName(deps.db, name);
  if (existing && existing.revoked_at === null) {
    throw new UserError('CONFLICT', `A scanner named ${name} exists (pool ${existing.pool}); revoke it first with /scan scanners revoke ${name}, or choose another name.`);
  }
  const password = randomBytes(32).toString('base64url');
  await setAclUser(deps, name, pool, password);
  await registerScanner(deps.db, { id: name, pool, credential_fingerprint: credentialFingerprint(password), created_by: input.createdBy });
  return { name, pool, redisUrl: connectionString(deps.connectionBase, name, password) };
}

/**
 * The embedded scanner of `portcullis start`: same path as a remote one, with a fresh password at every
 * start (it lives only in this process). Null when this Redis does not allow ACL changes: the local
 * scanner then uses the control plane's own connection (still signed orders, still its own stream).
 */
export async function ensureLocalScanner(deps: CredentialDeps, name = 'local', pool = 'default', options: { acl?: boolean } = {}): Promise<ScannerCredential | null> {
  const password = randomBytes(32).toString('base64url');
  try {
    if (options.acl === false) throw new Error('ACL user not wanted');
    await setAclUser(deps, name, pool, password);
  } catch {
    await registerScanner(deps.db, { id: name, pool, credential_fingerprint: null, created_by: 'portcullis start' });
    return null;
  }
  await registerScanner(deps.db, { id: name, pool, credential_fingerprint: credentialFingerprint(password), created_by: 'portcullis start' });
  return { name, pool, redisUrl: connectionString(deps.connectionBase, name, password) };
}

/** Deletes the ACL user (its connections drop at once), marks it revoked; returns the runs it held. */
export async function revokeScannerCredential(deps: CredentialDeps, nameText: string): Promise<{ name: string; runs: number[] }> {
  const name = checkName(nameText, 'The scanner name');
  const row = await scannerByName(deps.db, name);
  if (!row || row.revoked_at !== null) throw new UserError('NOT_FOUND', `No active scanner is named ${name}; /scan scanners lists them.`);
  await deps.redis.sendCommand(['ACL', 'DELUSER', scannerUser(name)]);
  await deps.redis.del(scannerProfileKey(deps.prefix, name));
  await revokeScanner(deps.db, name);
  const held = await deps.db.selectFrom('runs').select('id').where('status', '=', 'running').where((eb) => eb(eb.val(name), '=', eb.fn.any('scanners'))).execute();
  // A scanner of the pool that takes the stalled job over finds the run cancelled and leaves it.
  for (const run of held) await deps.redis.set(cancelFlagKey(deps.prefix, run.id), '1', { EX: 24 * 3600 });
  return { name, runs: held.map((r) => r.id) };
}

/** Recent failed authentications per scanner name (Redis's ACL LOG). */
export async function failedAuthentications(redis: RedisClient): Promise<Map<string, { count: number; lastSecondsAgo: number }>> {
  const byScanner = new Map<string, { count: number; lastSecondsAgo: number }>();
  let entries: Array<{ reason: string; username: string; count: number; ageSeconds: number }> = [];
  try {
    entries = (await redis.aclLog(128)) as unknown as typeof entries;
  } catch {
    return byScanner;
  }
  for (const e of entries) {
    if (e.reason !== 'auth') continue;
    const name = scannerOfUser(e.username);
    if (!name) continue;
    const seen = byScanner.get(name) ?? { count: 0, lastSecondsAgo: Number.POSITIVE_INFINITY };
    byScanner.set(name, { count: seen.count + Number(e.count), lastSecondsAgo: Math.min(seen.lastSecondsAgo, Number(e.ageSeconds)) });
  }
  return byScanner;
}
