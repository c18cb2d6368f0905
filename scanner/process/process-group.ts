// Scanner tools run in their own process group so that a stop reaches everything they started. This file
// keeps track of the live groups and kills whatever is left when the Node process itself goes away, so no
// masscan/nmap outlives the run that started it (a Ctrl-C on `scan-now`, a crashing worker).

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Sends a signal to every process in the group led by `pid`; false when the group is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group led by `pid` is alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: a SIGKILL of each remaining group is all there is time for.
  process.on('exit', () => {
    for (const group of liveGroups) signalGroup(group, 'SIGKILL');
  });
}

export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}

/** Process-group ids of the tools still running in this process (for tests and diagnostics). */
export function liveToolGroups(): number[] {
  return [...liveGroups];
}
