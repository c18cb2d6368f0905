// Shared pieces of the scan-service tests: a RunDispatcher test double that records what it was asked and
// can be told to fail, a service on a fresh cloned database, and builders for actors and scan results.
import { pino } from 'pino';
import type { RunDispatcher, RunJob } from '../../../core/scans/run-dispatcher.js';
import type { Actor } from '../../../core/scans/scan-model.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import type { RunEvent } from '../../../core/events/run-events.js';
import type { Finding, OpenPort, ScanResult } from '../../../scanner/types.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

export class RecordingDispatcher implements RunDispatcher {
  submitted: RunJob[] = [];
  cancelled: RunJob[] = [];
  schedules = new Map<string, { cron: string; timezone: string | null }>();
  failSubmitWith: Error | null = null;

  async submit(job: RunJob): Promise<void> {
    if (this.failSubmitWith) throw this.failSubmitWith;
    this.submitted.push(job);
  }
  async cancel(job: RunJob): Promise<void> {
    this.cancelled.push(job);
  }
  async setSchedule(scanId: string, cron: string, timezone: string | null): Promise<void> {
    this.schedules.set(scanId, { cron, timezone });
  }
  async removeSchedule(scanId: string): Promise<void> {
    this.schedules.delete(scanId);
  }
}

export const admin: Actor = { platform: 'slack', userId: 'U0ADMIN', channelId: 'C0SEC' };
export const SCOPE = '203.0.113.0/28';

export async function serviceOnFreshDatabase(options: { retention?: number } = {}) {
  const database: TestDatabase = await createTestDatabase();
  const dispatcher = new RecordingDispatcher();
  const events: RunEvent[] = [];
  const sut = createScanService({
    db: database.db,
    dispatcher,
    config: { SCOPE_ALLOW: ['203.0.113.0/24'], SCOPE_DENY: [], RUN_RETENTION: options.retention ?? 0, ADMINS: [{ platform: 'slack', id: 'U0ADMIN' }], HEARTBEAT_INTERVAL_SECONDS: 15 },
    logger: pino({ level: 'silent' }),
    publish: async (event) => {
      events.push(event);
    },
  });
  await sut.scopeAdd(admin, SCOPE);
  return { sut, dispatcher, events, database, db: database.db };
}

export function port(ip: string, n: number, extra: Partial<OpenPort> = {}): OpenPort {
  return { ip, port: n, protocol: 'tcp', state: 'open', ...extra };
}

export function finding(p: OpenPort, severity: Finding['severity'], ruleId = `rule-${p.port}`): Finding {
  return { ruleId, severity, title: `${ruleId} on ${p.port}`, ip: p.ip, port: p.port, protocol: p.protocol, evidence: 'seen', remediation: 'close it' };
}

export function result(openPorts: OpenPort[], findings: Finding[] = [], status: ScanResult['status'] = 'completed', error?: string): ScanResult {
  const startedAt = new Date(Date.now() - 5000);
  return { status, openPorts, findings, warnings: [], progress: status === 'completed' ? 100 : 40, startedAt, endedAt: new Date(), ...(error ? { error } : {}) };
}
