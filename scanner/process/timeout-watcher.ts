// The run timeout of DESIGN §3: a warning when 90 % of the time budget is used, then a stop at 100 %.
// The watcher only calls back; what "stop" means (SIGINT, then SIGKILL of the group) is the caller's.

export interface TimeoutWatcherOptions {
  budgetSeconds: number;
  /** Called once at 90 % of the budget. */
  onWarning: () => void;
  /** Called once when the budget is used up. */
  onTimeout: () => void;
}

export interface TimeoutWatcher {
  /** Stops watching (the run ended first). */
  clear(): void;
}

export function watchTimeout(options: TimeoutWatcherOptions): TimeoutWatcher {
  const budgetMs = Math.max(0, options.budgetSeconds * 1000);
  const warning = setTimeout(options.onWarning, Math.floor(budgetMs * 0.9));
  const timeout = setTimeout(options.onTimeout, budgetMs);
  return {
    clear() {
      clearTimeout(warning);
      clearTimeout(timeout);
    },
  };
}
