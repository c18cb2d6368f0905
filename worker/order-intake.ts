// The gate every scan job passes before any packet: the order's signature (SCANNER_ORDER_KEY), expiry,
// pool, replay (a signed order runs once per job: the same job taken over after a crash is fine, the same
// order on a new job is not), and the safety policy applied to the order's own targets. A refusal is logged
// in one clear line and reported to the control plane, which tells the run.
import type { Job } from 'bullmq';
import { orderSeenKey } from '../core/events/scanner-keys.js';
import { checkOrderPolicy, orderTargets, OrderPolicyError } from '../core/orders/order-policy.js';
import { verifyOrder, type OrderRefusal, type ScanOrder } from '../core/orders/scan-order.js';
import type { TargetRange } from '../scanner/types.js';
import { messageOf, type WorkerContext } from './worker-context.js';

export interface AcceptedOrder {
  order: ScanOrder;
  ranges: TargetRange[];
}

async function refuse(ctx: WorkerContext, job: Job, reason: OrderRefusal, message: string, verified: boolean, runId?: number): Promise<null> {
  ctx.logger.error({ jobId: job.id, job: job.name, reason, ...(runId ? { runId } : {}) }, `order refused: ${message}`);
  await ctx.service
    .send({ t: 'refused', at: new Date().toISOString(), ...(runId ? { runId } : {}), reason, message: message.slice(0, 2000), verified })
    .catch((error: unknown) => ctx.logger.warn({ err: messageOf(error) }, 'order refusal not reported'));
  return null;
}

/** Records that this job took the order; false when another job took it first (a replay). */
async function firstTake(ctx: WorkerContext, order: ScanOrder, chunk: number | null, jobId: string): Promise<boolean> {
  const key = orderSeenKey(ctx.settings.prefix, order.pool, order.nonce, chunk);
  const local = ctx.seenOrders.get(key);
  if (local !== undefined && local !== jobId) return false;
  const ttl = Math.max(60, Math.ceil((Date.parse(order.expiresAt) - Date.now()) / 1000) + 7 * 24 * 3600);
  const set = await ctx.control.set(key, jobId, { NX: true, EX: ttl });
  const holder = set === 'OK' ? jobId : await ctx.control.get(key);
  if (holder !== jobId) return false;
  ctx.seenOrders.set(key, jobId);
  if (ctx.seenOrders.size > 100_000) ctx.seenOrders.delete(ctx.seenOrders.keys().next().value as string);
  return true;
}

/**
 * Verifies the job's order; `chunk` is the chunk index for a chunk job, null for the run job, and
 * `scans: false` for the merge job (no packets: no replay or target check). Null when refused.
 */
export async function acceptOrder(job: Job, ctx: WorkerContext, chunk: number | null, options: { scans?: boolean } = {}): Promise<AcceptedOrder | null> {
  const verified = verifyOrder(job.data, ctx.orderKey);
  if (!verified.ok) return refuse(ctx, job, verified.reason, verified.message, verified.reason === 'expired', verified.runId);
  const { order } = verified;
  const where = `run ${order.run} of ${order.scanId}`;
  if (order.pool !== ctx.scanner.pool) {
    return refuse(ctx, job, 'policy', `the order of ${where} is for pool "${order.pool}", this scanner serves "${ctx.scanner.pool}": refused`, true, order.runId);
  }
  if (options.scans === false) return { order, ranges: [] };
  let ranges: TargetRange[];
  try {
    ranges = checkOrderPolicy(order, orderTargets(order, chunk), ctx.config.SCOPE_DENY);
  } catch (error) {
    if (!(error instanceof OrderPolicyError)) throw error;
    return refuse(ctx, job, 'policy', `${where}: ${error.message}`, true, order.runId);
  }
  if (!(await firstTake(ctx, order, chunk, job.id ?? ''))) {
    return refuse(ctx, job, 'replayed', `the order of ${where}${chunk === null ? '' : ` (chunk ${chunk + 1})`} was already taken by another job: refused as a replay`, true, order.runId);
  }
  return { order, ranges };
}
