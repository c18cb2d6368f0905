// An in-memory ScanService for the Slack adapter tests while they do not need the database: scans, runs,
// logs, roles, audit and status messages kept in maps, with an optional delay on every call to play a slow
// database. Methods the Slack tests never reach throw, so an unexpected call fails the test loudly.
import type { Actor, RunRef, ScanSummary } from '../../../core/scans/scan-model.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { UserError } from '../../../core/errors.js';

export interface ScanServiceDouble {
  service: ScanService;
  scans: Map<string, ScanSummary>;
  audits: Array<{ actor: Actor; command: string; result: string }>;
  statusMessages: Array<{ runId: number; channelId: string; messageId: string }>;
  calls: string[];
  setDelay(ms: number): void;
}

function summary(id: string, name: string, targets: string, banner: string): ScanSummary {
  return {
    id, name, status: 'running', findings: 2, severity: { critical: 1, high: 0, medium: 0, low: 0, info: 1 },
    startTime: new Date().toISOString(), durationSeconds: 12, ageSeconds: 12, progress: 40, phase: banner, run: 1, openPorts: 2, error: null,
    config: { name, targets: targets.split(','), ports: '80,443', scanner: 'nmap', rate: 100, timeoutSeconds: 600, portTimeoutMs: 1500, protocol: 'tcp', schedule: null, timezone: null, pool: 'default' },
    createdBy: 'slack:U0TESTUSER', createdAt: new Date().toISOString(),
  };
}

export function createScanServiceDouble(options: { operators?: string[]; phase?: string } = {}): ScanServiceDouble {
  let delay = 0;
  let nextId = 1001;
  const scans = new Map<string, ScanSummary>();
  const audits: ScanServiceDouble['audits'] = [];
  const statusMessages: ScanServiceDouble['statusMessages'] = [];
  const calls: string[] = [];
  const find = (id: string) => {
    const scan = scans.get(id);
    if (!scan) throw new UserError('NOT_FOUND', `No scan ${id}. See \`/scan list\`.`);
    return scan;
  };
  const impl: Partial<ScanService> = {
    async create(_actor, input) {
      const id = `SCAN-${nextId++}`;
      scans.set(id, summary(id, input.name, input.targets, options.phase ?? 'discovery'));
      const run: RunRef = { scanId: id, runId: nextId * 10, run: 1, status: 'planned' };
      return { scan: find(id), run };
    },
    async show(id) { return find(id); },
    async list() { return { scans: [...scans.values()], total: scans.size, page: 1, limit: 25 }; },
    async stop(_actor, id) {
      const scan = find(id);
      scan.status = 'cancelled';
      return { scanId: id, runId: 1, run: scan.run ?? 1, status: 'cancelled' };
    },
    async delete(_actor, id) { find(id); scans.delete(id); },
    async rerun(_actor, id) { find(id); return { scanId: id, runId: 2, run: 2, status: 'planned' }; },
    async logs(id) {
      find(id);
      return { run: 1, lines: [{ at: new Date().toISOString(), level: 'info', message: `banner <!channel> @everyone from ${id}` }] };
    },
    async roleOf(_platform, userId) { return options.operators?.includes(userId) ? 'operator' : null; },
    async audit(entry) { audits.push({ actor: entry.actor, command: entry.command, result: entry.result }); },
    async rememberStatusMessage(runId, _platform, channelId, messageId) { statusMessages.push({ runId, channelId, messageId }); },
  };
  const service = new Proxy(impl, {
    get(target, prop: string) {
      const method = target[prop as keyof ScanService] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (!method) return async () => { throw new Error(`scan-service double: ${prop} not expected in Slack tests`); };
      return async (...args: unknown[]) => {
        calls.push(prop);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        return method(...args);
      };
    },
  }) as ScanService;
  return { service, scans, audits, statusMessages, calls, setDelay: (ms) => { delay = ms; } };
}
