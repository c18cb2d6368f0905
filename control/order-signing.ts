// Signs the orders the control plane puts on the queue. The Ed25519 key is generated once and kept in
// PostgreSQL (control_keys): every control-plane process (start, bot, ingest, chat) already shares the
// database and nothing else, so they all sign with the same key without copying a file between hosts, and
// scanners — which never reach the database — can never read it. The order is built from the database
// (run, scan, registered scope) and the control plane's SCOPE_ALLOW/SCOPE_DENY, checked once more here.
import { generateOrderKeyPair, newNonce, ORDER_TTL_SECONDS, ORDER_VERSION, orderPrivateKey, signOrder, type ScanOrder, type SignedOrder } from '../core/orders/scan-order.js';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { planChunks } from '../core/orders/chunk-plan.js';
import type { Config } from '../core/config.js';
import { UserError } from '../core/errors.js';
import { validateTargets } from '../core/scans/scan-input.js';
import { controlKey, ensureControlKey } from '../db/repositories/control-key.repository.js';
import { runById } from '../db/repositories/run.repository.js';
import { scanById } from '../db/repositories/scan.repository.js';
import { listScope } from '../db/repositories/scope.repository.js';
import type { Database } from '../db/schema/database.js';
import { publicKeyText } from '../core/orders/scan-order.js';

export const ORDER_KEY_NAME = 'order-signing';

export interface OrderSigner {
  publicKey: string;
  /** Builds and signs the order of a planned run (with its chunk plan when large). */
  sign(job: { runId: number }): Promise<{ pool: string; signed: SignedOrder }>;
}

/** The signing key, created on first use. */
export async function orderSigningKey(db: Kysely<Database>): Promise<{ privateKey: KeyObject; publicKey: string }> {
  const existing = await controlKey(db, ORDER_KEY_NAME);
  const stored = existing ?? (await ensureControlKey(db, { name: ORDER_KEY_NAME, ...toRow(generateOrderKeyPair()) }));
  const privateKey = orderPrivateKey(stored.private_key);
  return { privateKey, publicKey: publicKeyText(createPublicKey(privateKey)) };
}

function toRow(pair: { privateKey: string; publicKey: string }) {
  return { private_key: pair.privateKey, public_key: pair.publicKey };
}

export async function createOrderSigner(db: Kysely<Database>, config: Pick<Config, 'SCOPE_ALLOW' | 'SCOPE_DENY'>, options: { chunkAddresses: number; ttlSeconds?: number }): Promise<OrderSigner> {
  const key = await orderSigningKey(db);
  return {
    publicKey: key.publicKey,
    async sign(job) {
      const run = await runById(db, job.runId);
      const scan = run ? await scanById(db, run.scan_id) : undefined;
      if (!run || !scan) throw new UserError('NOT_FOUND', `Run ${job.runId} does not exist (its scan may have been deleted).`);
      const scope = (await listScope(db)).map((r) => r.cidr);
      const ranges = validateTargets(scan.targets.join(','), { allow: config.SCOPE_ALLOW, deny: config.SCOPE_DENY, scope });
      const chunks = planChunks(ranges, options.chunkAddresses);
      const now = new Date();
      const order: ScanOrder = {
        v: ORDER_VERSION, runId: run.id, scanId: scan.public_id, scanName: scan.name, run: run.number, pool: scan.pool,
        scanner: scan.scanner as ScanOrder['scanner'], targets: ranges.map((r) => r.cidr), chunks: chunks.length > 1 ? chunks : null,
        ports: scan.ports, protocol: scan.protocol as ScanOrder['protocol'], rate: scan.rate, timeoutSeconds: scan.timeout_seconds,
        portTimeoutMs: scan.port_timeout_ms, allow: config.SCOPE_ALLOW, deny: config.SCOPE_DENY, scope,
        issuedAt: now.toISOString(), expiresAt: new Date(now.getTime() + (options.ttlSeconds ?? ORDER_TTL_SECONDS) * 1000).toISOString(), nonce: newNonce(),
      };
      return { pool: scan.pool, signed: signOrder(order, key.privateKey) };
    },
  };
}
