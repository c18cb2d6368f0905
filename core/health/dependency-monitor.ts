// Long-running processes probe their dependencies on an interval (DEPENDENCY_CHECK_SECONDS), so an
// outage is noticed — and said once, through the OutageNotice — even while nothing else talks to the
// dependency, and its end is noticed too (which re-registers the schedules). Each probe has a deadline.
import { withDeadline } from '../deadline.js';
import type { Logger } from '../logger.js';
import { outageNotice, type Dependency } from './outage-notice.js';

export type Probe = () => Promise<unknown>;

export interface DependencyMonitor {
  /** Probes everything now. */
  checkNow(): Promise<void>;
  stop(): void;
}

export function startDependencyMonitor(probes: Partial<Record<Dependency, Probe>>, logger: Logger, intervalMs: number, probeTimeoutMs = 2000): DependencyMonitor {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const checkNow = async () => {
    await Promise.all(
      (Object.entries(probes) as Array<[Dependency, Probe]>).map(async ([dependency, probe]) => {
        const notice = outageNotice(dependency, logger);
        try {
          await withDeadline(probe(), probeTimeoutMs, `${dependency} probe`);
          notice.recovered();
        } catch (error) {
          notice.failed(error, 'dependency monitor');
        }
      }),
    );
  };
  const tick = () => {
    if (stopped) return;
    void checkNow().finally(() => {
      if (stopped) return;
      timer = setTimeout(tick, intervalMs);
      timer.unref();
    });
  };
  timer = setTimeout(tick, intervalMs);
  timer.unref();
  return {
    checkNow,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
