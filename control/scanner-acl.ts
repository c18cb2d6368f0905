// The Redis ACL user of a scanner: allowed exactly what a scanner does (core/events/scanner-keys.ts) and
// nothing else. Keys: its pool's BullMQ queue (orders, nonces, chunk progress), its own result stream,
// read-only its profile and the cancel flags. Channels: the cancel channel, subscribe only (no PUBLISH:
// pub/sub commands other than SUBSCRIBE are not granted). Commands: data commands on those keys (+@read
// +@write), scripts (BullMQ runs its own Lua; a script's calls are checked against the same ACL), and the
// connection basics; nothing @dangerous (FLUSHALL, KEYS, CONFIG, ACL, DEBUG, …) and no keyspace scans.
import { createHash } from 'node:crypto';
import { cancelChannel, cancelFlagPattern, poolKeyPattern, resultStreamKey, scannerProfileKey, scannerUser } from '../core/events/scanner-keys.js';

/** Commands outside @read/@write a scanner's connections need (found with ACL LOG against a real worker). */
const CONNECTION_COMMANDS = [
  '+ping', '+hello', '+auth', '+select', '+client|setname', '+client|setinfo', '+client|getname', '+client|id', '+info', '+time',
  '+evalsha', '+eval', '+evalsha_ro', '+eval_ro', '+script|load', '+script|exists',
  '+subscribe', '+unsubscribe', '+quit', '+reset',
];

/** Keyspace-wide reads that ACL key patterns do not filter. */
const KEYSPACE_WIDE = ['-scan', '-keys', '-randomkey', '-dbsize', '-@admin'];

export function passwordHash(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

/** First 16 hex digits of the credential's SHA-256: tells credentials apart, never enough to log in. */
export function credentialFingerprint(password: string): string {
  return passwordHash(password).slice(0, 16);
}

/** The ACL SETUSER arguments (after the user name); the password goes by its hash only. */
export function scannerAclRules(prefix: string, name: string, pool: string, password: string): string[] {
  return [
    'reset', 'on', `#${passwordHash(password)}`,
    'resetkeys', `~${poolKeyPattern(prefix, pool)}`, `~${resultStreamKey(prefix, name)}`, `%R~${scannerProfileKey(prefix, name)}`, `%R~${cancelFlagPattern(prefix)}`,
    'resetchannels', `&${cancelChannel(prefix)}`,
    '-@all', '+@read', '+@write', '-@dangerous', ...KEYSPACE_WIDE, ...CONNECTION_COMMANDS,
  ];
}

export { scannerUser };
