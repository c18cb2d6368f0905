// Reports this scanner to the control plane every HEARTBEAT_INTERVAL_SECONDS (over its result stream):
// process id, host, version, what it can scan with (and why not), how many jobs it runs. `/scan scanners`
// shows it online until two beats are missed.
import type { Logger } from '../core/logger.js';
import type { Capabilities } from '../scanner/types.js';
import type { WorkerScanService } from './worker-context.js';

export interface HeartbeatOptions {
  id: string;
  host: string;
  version: string;
  capabilities: Capabilities;
  intervalSeconds: number;
  runningJobs: () => number;
}

/** Beats once now, then on the interval; returns a function that stops it. */
export function startHeartbeat(service: Pick<WorkerScanService, 'heartbeat'>, options: HeartbeatOptions, logger: Logger): () => void {
  const caps = options.capabilities;
  const beat = () =>
    service
      .heartbeat({
        workerId: options.id,
        host: options.host.slice(0, 200),
        version: options.version.slice(0, 100),
        capabilities: {
          masscan: caps.masscan.available ? (caps.masscan.version ?? 'unknown version') : null,
          nmap: caps.nmap.available ? (caps.nmap.version ?? 'unknown version') : null,
          rawSockets: caps.rawSockets,
          problems: caps.problems,
        },
        runningJobs: options.runningJobs(),
      })
      .catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'heartbeat not sent'));
  void beat();
  const timer = setInterval(() => void beat(), options.intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
