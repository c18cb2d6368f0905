// Every Redis key and channel a scanner touches, in one place, because the scanner's ACL user (control/
// scanner-acl.ts) is built from these same patterns: what a scanner may touch is exactly what it uses.
// `prefix` is the installation's queue prefix (QUEUE_PREFIX, default `portcullis`).

/** Scanner and pool names: short, no glob or key separators (they end up in ACL key patterns). */
export const SCANNER_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const NAME_RULE = '1–40 lower-case letters, digits, _ or -, starting with a letter or digit';
export const DEFAULT_POOL = 'default';

/** The BullMQ queue of a pool's scan orders (keys `<prefix>:runs.<pool>:…`). */
export function runsQueueName(pool: string): string {
  return `runs.${pool}`;
}

/** Every key of a pool's queue, and the pool's own scanner-side keys (nonces, chunk progress) under it. */
export function poolKeyPattern(prefix: string, pool: string): string {
  return `${prefix}:${runsQueueName(pool)}:*`;
}

/** Replay guard of an order job: the first job that took the order (SET NX). */
export function orderSeenKey(prefix: string, pool: string, nonce: string, chunk: number | null): string {
  return `${prefix}:${runsQueueName(pool)}:seen:${nonce}:${chunk ?? 'run'}`;
}

export function chunkProgressKey(prefix: string, pool: string, runId: number): string {
  return `${prefix}:${runsQueueName(pool)}:progress:${runId}`;
}

/** The stream a scanner writes everything to (results, logs, progress, heartbeat); read by ingest. */
export function resultStreamKey(prefix: string, scanner: string): string {
  return `${prefix}:results:${scanner}`;
}

/** What a scanner reads about itself at start (its pool), written by `scanners add`; read-only to it. */
export function scannerProfileKey(prefix: string, scanner: string): string {
  return `${prefix}:scanner:${scanner}`;
}

/** `/scan stop` reaches scanners here (pub/sub; scanners may only subscribe). */
export function cancelChannel(prefix: string): string {
  return `${prefix}:run-cancel`;
}

/** A run's cancel flag (so chunks that start later stop at once); read-only to scanners. */
export function cancelFlagKey(prefix: string, runId: number): string {
  return `${prefix}:cancelled:${runId}`;
}

export function cancelFlagPattern(prefix: string): string {
  return `${prefix}:cancelled:*`;
}

/** The Redis ACL user of a scanner. */
export function scannerUser(name: string): string {
  return `scanner-${name}`;
}

/** The scanner name of an ACL user (`scanner-NAME`), or null for any other user. */
export function scannerOfUser(user: string): string | null {
  const name = user.startsWith('scanner-') ? user.slice('scanner-'.length) : '';
  return SCANNER_NAME.test(name) ? name : null;
}
