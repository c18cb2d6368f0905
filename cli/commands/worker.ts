// `portcullis worker`: a scanner (DESIGN §8). It needs REDIS_URL (its own credential, from `scanners
// add`) and SCANNER_ORDER_KEY (the control plane's public key), and nothing else: no database, no
// migrations, no chat tokens. It takes signed orders from its pool's queue and streams everything back
// over Redis until SIGTERM/SIGINT, then shuts down cleanly. `startWorker` is reused by `portcullis start`.
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../core/config.js';
import { createLogger, type Logger } from '../../core/logger.js';
import { parseOrderPublicKey } from '../../core/orders/scan-order.js';
import { startScanWorker, type ScanWorker } from '../../worker/scan-worker.js';
import { boundedShutdown, installShutdownDeadline, untilSignal } from '../composition/signals.js';
import { loadWorkerSettings, type WorkerSettings } from '../../worker/worker-settings.js';

export interface StartWorkerDeps {
  config: Config;
  logger: Logger;
  /** The order-verification key; default SCANNER_ORDER_KEY. */
  orderKey?: KeyObject;
  settings?: WorkerSettings;
}

export interface RunningWorker {
  worker: ScanWorker;
  /** Stops the worker gracefully. */
  close(): Promise<void>;
}

export function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'portcullis' && pkg.version) return pkg.version;
    } catch {
      // not this layout (source vs dist); try the next
    }
  }
  return 'unknown';
}

export function orderKeyOf(config: Pick<Config, 'SCANNER_ORDER_KEY'>): KeyObject {
  if (!config.SCANNER_ORDER_KEY) {
    throw new Error('SCANNER_ORDER_KEY is not set: a scanner runs only orders signed by its control plane; set it to the last line of `npx portcullis scanners public-key` (run on the control plane)');
  }
  return parseOrderPublicKey(config.SCANNER_ORDER_KEY);
}

export async function startWorker(deps: StartWorkerDeps): Promise<RunningWorker> {
  const settings = deps.settings ?? loadWorkerSettings();
  const worker = await startScanWorker({ config: deps.config, logger: deps.logger, orderKey: deps.orderKey ?? orderKeyOf(deps.config), settings, version: packageVersion() });
  return { worker, close: () => worker.close() };
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: portcullis worker\n\nRuns a scanner. Needs REDIS_URL (its credential, from `portcullis scanners add NAME`) and SCANNER_ORDER_KEY (from `portcullis scanners public-key`); NET_RAW and NET_ADMIN to scan. No database.\n');
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // From the first SIGTERM on, the process exits within the grace period — also while still starting.
  installShutdownDeadline(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  const running = await startWorker({ config, logger, orderKey: orderKeyOf(config) });
  await untilSignal(logger, 'worker shutting down: no new jobs; running ones get the grace period');
  const shutdown = boundedShutdown(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await shutdown.step('the worker', () => running.close());
  shutdown.done();
  return 0;
}
