// Seeds a scan with two completed runs through the real service, as a worker would (planned → running →
// completed with open ports; the second run newly exposes PostgreSQL), so show/vulns/diff/logs/report
// have something real to show on every adapter.
import type { Actor } from '../../core/scans/scan-model.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { OpenPort, ScanResult } from '../../scanner/types.js';

export const SEED_TARGET = '198.18.1.2';

export function workerResult(ports: number[], extra: Partial<OpenPort> = {}): ScanResult {
  const now = new Date();
  return {
    status: 'completed',
    openPorts: ports.map((port) => ({ ip: SEED_TARGET, port, protocol: 'tcp', state: 'open', ...extra })),
    // What the rule table says about these ports (seeded as the worker would report it).
    findings: ports.filter((port) => port === 5432).map((port) => ({
      ruleId: 'exposed-database', severity: 'critical' as const, title: 'PostgreSQL exposed to the internet', ip: SEED_TARGET, port,
      protocol: 'tcp' as const, evidence: `${port}/tcp open`, remediation: 'Restrict 5432 to the application network.',
    })),
    warnings: [],
    progress: 100,
    startedAt: new Date(now.getTime() - 90_000),
    endedAt: now,
  };
}

async function runToCompletion(service: ScanService, runId: number, ports: number[]): Promise<void> {
  await service.markRunning(runId, 'conformance-worker');
  await service.appendLogs(runId, [
    { at: new Date(), level: 'info', message: 'discovery started' },
    { at: new Date(), level: 'warning', message: `retrying ${SEED_TARGET}:5432` },
  ]);
  await service.finishRun(runId, workerResult(ports));
}

/** Creates `name` on SEED_TARGET and completes run 1 (22, 80) and run 2 (22, 80, 5432). Returns its id. */
export async function seedScanWithResults(service: ScanService, actor: Actor, name: string): Promise<string> {
  const { scan, run } = await service.create(actor, { name, targets: SEED_TARGET, ports: '22,80,5432' });
  if (!run) throw new Error('seed scan was not run');
  await runToCompletion(service, run.runId, [22, 80]);
  const second = await service.rerun(actor, scan.id);
  await runToCompletion(service, second.runId, [22, 80, 5432]);
  return scan.id;
}
