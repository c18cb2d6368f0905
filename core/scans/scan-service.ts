// The scan service (scan-service.contract.ts): validation, the run lifecycle and everything the chat
// front and the worker ask of the database. Pieces live next to it: scan-input (validation), scan-lifecycle
// (plan/submit), scan-queries (read side), scan-admin (scope, roles, routing), run-worker-side (worker calls).
import type { Kysely } from 'kysely';
import { appendRunLogs } from '../../db/repositories/run-log.repository.js';
import { activeRun, transitionRun } from '../../db/repositories/run.repository.js';
import { deleteScan, insertScan, updateScan } from '../../db/repositories/scan.repository.js';
import { listScope } from '../../db/repositories/scope.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import type { Config } from '../config.js';
import type { RunEvent } from '../events/run-events.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RunDispatcher } from './run-dispatcher.js';
import { createWorkerSide } from './run-worker-side.js';
import { statusesLeadingTo } from './run-status.js';
import { actorName, createScanAdmin } from './scan-admin.js';
import { validateScanConfig, validateTargets, type ScopePolicy } from './scan-input.js';
import { planRun, publishSafely, requireScan, stopActiveRun, submitRun, type LifecycleDeps } from './scan-lifecycle.js';
import type { Actor, RunRef, ScanConfigInput } from './scan-model.js';
import { createScanQueries } from './scan-queries.js';
import { reportInputOf } from './report-input.js';
import type { ScanService } from './scan-service.contract.js';
import { configOf, runRef } from './scan-views.js';

export interface ScanServiceDeps {
  db: Kysely<Database>;
  dispatcher: RunDispatcher;
  config: Pick<Config, 'SCOPE_ALLOW' | 'SCOPE_DENY' | 'RUN_RETENTION' | 'ADMINS' | 'HEARTBEAT_INTERVAL_SECONDS'>;
  logger: Logger;
  publish?: (event: RunEvent) => Promise<void>;
}

export function createScanService(deps: ScanServiceDeps): ScanService {
  const { db, dispatcher, config, logger } = deps;
  const lifecycle: LifecycleDeps = { db, dispatcher, logger, publish: deps.publish ?? (async () => {}) };
  const queries = createScanQueries(db);

  async function policy(): Promise<ScopePolicy> {
    return { allow: config.SCOPE_ALLOW, deny: config.SCOPE_DENY, scope: (await listScope(db)).map((r) => r.cidr) };
  }

  async function applySchedule(scan: ScanRow): Promise<void> {
    try {
      if (scan.schedule) await dispatcher.setSchedule(scan.public_id, scan.schedule, scan.timezone);
      else await dispatcher.removeSchedule(scan.public_id);
    } catch (cause) {
      logger.error({ err: cause, scanId: scan.public_id }, 'schedule registration failed');
      throw new UserError('SUBMIT_FAILED', `${scan.public_id} is saved, but its schedule could not be registered (${(cause as Error).message}); retry with /scan update ${scan.public_id} schedule="${scan.schedule ?? ''}".`, { cause });
    }
  }

  async function startRun(scan: ScanRow, trigger: 'create' | 'rerun'): Promise<RunRef> {
    validateTargets(scan.targets.join(','), await policy());
    const run = await planRun(db, scan, trigger);
    return submitRun(lifecycle, scan, run!);
  }

  return {
    ...queries,
    ...createScanAdmin(db, config),
    ...createWorkerSide({ ...lifecycle, retention: config.RUN_RETENTION }),
    reportInput: (scanId: string, options?: { run?: number }) => reportInputOf(db, queries, scanId, options),

    async create(actor: Actor, input: ScanConfigInput & { name: string; targets: string }) {
      const cfg = validateScanConfig(input, null, await policy());
      const scan = await insertScan(db, {
        name: cfg.name, targets: cfg.targets, ports: cfg.ports, scanner: cfg.scanner, rate: cfg.rate, timeout_seconds: cfg.timeoutSeconds,
        port_timeout_ms: cfg.portTimeoutMs, protocol: cfg.protocol, schedule: cfg.schedule, timezone: cfg.timezone, pool: cfg.pool,
        created_by_platform: actor.platform, created_by: actor.userId, created_channel: actor.channelId,
      });
      if (scan.schedule) {
        await applySchedule(scan);
        return { scan: await queries.show(scan.public_id), run: null };
      }
      const run = await submitRun(lifecycle, scan, (await planRun(db, scan, 'create'))!);
      return { scan: await queries.show(scan.public_id), run };
    },

    async update(_actor: Actor, scanId: string, changes: ScanConfigInput) {
      const scan = await requireScan(db, scanId);
      const cfg = validateScanConfig(changes, configOf(scan), await policy());
      const updated = (await updateScan(db, scan.id, {
        name: cfg.name, targets: cfg.targets, ports: cfg.ports, scanner: cfg.scanner, rate: cfg.rate, timeout_seconds: cfg.timeoutSeconds,
        port_timeout_ms: cfg.portTimeoutMs, protocol: cfg.protocol, schedule: cfg.schedule, timezone: cfg.timezone, pool: cfg.pool,
      }))!;
      if (updated.schedule !== scan.schedule || updated.timezone !== scan.timezone) await applySchedule(updated);
      return queries.show(updated.public_id);
    },

    async rerun(_actor: Actor, scanId: string) {
      return startRun(await requireScan(db, scanId), 'rerun');
    },

    async stop(actor: Actor, scanId: string) {
      return stopActiveRun({ ...lifecycle, limits: { heartbeatMs: 2 * config.HEARTBEAT_INTERVAL_SECONDS * 1000 } }, await requireScan(db, scanId), actorName(actor));
    },

    async delete(_actor: Actor, scanId: string) {
      const scan = await requireScan(db, scanId);
      const active = await activeRun(db, scan.id);
      if (active) {
        await dispatcher.cancel({ scanId: scan.public_id, runId: active.id, run: active.number, pool: scan.pool }).catch((err: unknown) => logger.warn({ err, scanId: scan.public_id }, 'cancelling the active run of a deleted scan failed'));
      }
      if (scan.schedule) await dispatcher.removeSchedule(scan.public_id).catch((err: unknown) => logger.warn({ err, scanId: scan.public_id }, 'removing the schedule of a deleted scan failed'));
      await deleteScan(db, scan.id);
    },

    async scheduledRun(scanId: string) {
      const scan = await requireScan(db, scanId);
      const run = await planRun(db, scan, 'schedule', true);
      if (!run) {
        const active = await activeRun(db, scan.id);
        const reason = `the schedule fired while run ${active?.number ?? '?'} was still active; skipped`;
        if (active) await appendRunLogs(db, active.id, [{ at: new Date(), level: 'warning', message: reason }]);
        await publishSafely(lifecycle, { type: 'run.skipped', scanId: scan.public_id, scanName: scan.name, runId: active?.id ?? 0, run: active?.number ?? 0, at: new Date().toISOString(), reason });
        return null;
      }
      try {
        validateTargets(scan.targets.join(','), await policy());
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        const refused = await transitionRun(db, run.id, statusesLeadingTo('submit_error'), 'submit_error', { error_message: error.message, ended_at: new Date() });
        return runRef(scan.public_id, refused ?? run);
      }
      return submitRun(lifecycle, scan, run);
    },
  };
}
