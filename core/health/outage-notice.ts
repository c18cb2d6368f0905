// "Say once that we are degraded, and once that we recovered." Every Redis client, BullMQ object and
// pool of a process reports its errors here instead of logging each one: while a dependency is down its
// clients retry every couple of seconds, and one warning per outage (plus one line when it is back) is
// what an operator can read. The dependency monitor and /healthz read the same state.
import type { Logger } from '../logger.js';

export type Dependency = 'redis' | 'postgres';

const HINTS: Record<Dependency, string> = {
  redis: 'start Redis or set REDIS_URL',
  postgres: 'start PostgreSQL or set DATABASE_URL',
};

const LABELS: Record<Dependency, string> = { redis: 'Redis', postgres: 'PostgreSQL' };

export class OutageNotice {
  private downSince: Date | null = null;
  private lastError: string | null = null;
  private readonly recoveredListeners: Array<(downSince: Date) => void> = [];

  constructor(readonly dependency: Dependency, private readonly logger: Logger) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  /** When the current outage began (null: not down). */
  get since(): Date | null {
    return this.downSince;
  }

  get reason(): string | null {
    return this.lastError;
  }

  /** An error from any client of the dependency: logged only when it opens an outage. */
  failed(error: unknown, where?: string): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    if (this.downSince) {
      this.logger.debug({ dependency: this.dependency, err: this.lastError, where }, `${LABELS[this.dependency]} still unreachable`);
      return;
    }
    this.downSince = new Date();
    this.logger.warn({ dependency: this.dependency, err: this.lastError, where }, `degraded: ${LABELS[this.dependency]} unreachable (${this.lastError}); retrying in the background — ${HINTS[this.dependency]}`);
  }

  /** A successful call or reconnect: logged only when it closes an outage. */
  recovered(): void {
    const since = this.downSince;
    if (!since) return;
    this.downSince = null;
    this.logger.info({ dependency: this.dependency, downSeconds: Math.round((Date.now() - since.getTime()) / 1000) }, `recovered: ${LABELS[this.dependency]} reachable again`);
    for (const listener of this.recoveredListeners) listener(since);
  }

  /** Called with the start of the outage each time the dependency comes back. */
  onRecovered(listener: (downSince: Date) => void): void {
    this.recoveredListeners.push(listener);
  }
}

const notices = new Map<Dependency, OutageNotice>();

/** The process's one notice per dependency (the first caller's logger is the one it writes to). */
export function outageNotice(dependency: Dependency, logger: Logger): OutageNotice {
  let notice = notices.get(dependency);
  if (!notice) {
    notice = new OutageNotice(dependency, logger);
    notices.set(dependency, notice);
  }
  return notice;
}

/** Wires a node-redis client (or anything emitting `error`/`ready`) to the Redis notice. */
export function reportRedisOutages(client: { on(event: 'error', listener: (error: Error) => void): unknown; on(event: 'ready', listener: () => void): unknown }, logger: Logger, where: string): void {
  const notice = outageNotice('redis', logger);
  client.on('error', (error: Error) => notice.failed(error, where));
  client.on('ready', () => notice.recovered());
}
