// The runs this worker process is executing right now, by run id, each with the AbortController that
// stops its scan. A cancel request, the shutdown and the timeout backstop all stop a scan through here.
export type StopReason = 'cancelled' | 'shutdown' | 'backstop';

interface ActiveScan {
  controller: AbortController;
  jobId: string;
}

export class ActiveRuns {
  private readonly runs = new Map<number, Set<ActiveScan>>();

  /** Registers a scan of `runId` (a run, or one chunk of it); returns its signal and a release function. */
  start(runId: number, jobId: string): { signal: AbortSignal; abort: (reason: StopReason) => void; release: () => void } {
    const entry: ActiveScan = { controller: new AbortController(), jobId };
    const set = this.runs.get(runId) ?? new Set<ActiveScan>();
    set.add(entry);
    this.runs.set(runId, set);
    return {
      signal: entry.controller.signal,
      abort: (reason) => entry.controller.abort(reason),
      release: () => {
        set.delete(entry);
        if (set.size === 0) this.runs.delete(runId);
      },
    };
  }

  /** Aborts every scan of the run in this process; returns how many were stopped. */
  stop(runId: number, reason: StopReason): number {
    const set = this.runs.get(runId);
    if (!set) return 0;
    for (const entry of set) entry.controller.abort(reason);
    return set.size;
  }

  stopAll(reason: StopReason): void {
    for (const runId of this.runs.keys()) this.stop(runId, reason);
  }

  get size(): number {
    let n = 0;
    for (const set of this.runs.values()) n += set.size;
    return n;
  }
}

/** Why a signal was aborted, as one of ours. */
export function stopReasonOf(signal: AbortSignal): StopReason | null {
  if (!signal.aborted) return null;
  const reason: unknown = signal.reason;
  return reason === 'cancelled' || reason === 'shutdown' || reason === 'backstop' ? reason : 'cancelled';
}
