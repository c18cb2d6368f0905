// Which run a report speaks for, in words, at the top of every report and digest: "Results of run 3
// (completed …). Since then run 4 failed at 0 %: timed out — the results below are from run 3." A report
// never reads as an all-clear unless a completed run says so: `complete` is false for a run that did not
// complete and when no run completed yet, and the documents then say so instead of "no open ports".
import type { RunStatus } from '../scans/scan-model.js';
import type { ReportInput, ReportStanding } from './report-input.js';
import { oneLine } from './safe-text.js';
import { formatTime } from './report-time.js';

export interface StandingText {
  /** The reported run completed: an empty result there really is "nothing found". */
  complete: boolean;
  /** No run of the scan has completed and none was asked for: the report holds no results. */
  noResults: boolean;
  /** A newer run than the reported one exists (active, failed or cancelled). */
  newer: boolean;
  /** One or two sentences for the top of the report. */
  statement: string;
  /** Short form for the "Run" fact: `3 (completed) · run 4 failed`. */
  runFact: string;
}

/** The standing of an input built by hand (tests, older callers): the summary's own run and status. */
export function standingOfInput(input: ReportInput): ReportStanding {
  if (input.standing) return input.standing;
  const { scan } = input;
  if (scan.run === null || scan.status === null) return { results: null, latest: null };
  return { results: { run: scan.run, status: scan.status, endedAt: null, progress: scan.progress, error: scan.error }, latest: null };
}

/** "is running (40 %)", "failed at 0 %: timed out after 60 s", "was cancelled by slack:U1 at 40 %". */
export function runStateWords(status: RunStatus, progress: number | null, error: string | null): string {
  const at = progress !== null && Number.isFinite(progress) ? ` at ${Math.round(progress)} %` : '';
  const why = error ? `: ${oneLine(error, 200)}` : '';
  switch (status) {
    case 'planned': return 'is planned (waiting for a worker)';
    case 'running': return `is running (${Math.round(progress ?? 0)} %)`;
    case 'completed': return 'completed';
    case 'failed': return `failed${at}${why}`;
    case 'cancelled': return `was cancelled${at}`;
    case 'submit_error': return `could not be started${why}`;
  }
}

/** After a run stopped by its timeout: what to change so the next one completes. */
function timeoutHint(error: string | null | undefined, scanId: string): string {
  return error && /timed out/i.test(error) ? ` To let the next run finish, give it a longer timeout= or a higher rate= (/scan update ${scanId} …).` : '';
}

export function describeStanding(input: ReportInput): StandingText {
  const { results, latest } = standingOfInput(input);
  const hint = timeoutHint(latest?.error ?? (results && results.status !== 'completed' ? results.error : null), oneLine(input.scan.id, 64));
  const since = latest ? `run ${latest.run} ${runStateWords(latest.status, latest.progress, latest.error)}` : '';
  if (!results) {
    return {
      complete: false,
      noResults: true,
      newer: latest !== null,
      statement: `No completed run yet${since ? `: ${since}` : ''}. There are no results to report, and this is not an all-clear.${hint}`,
      runFact: `no completed run yet${since ? ` · ${since}` : ''}`,
    };
  }
  const complete = results.status === 'completed';
  const ended = results.endedAt ? ` on ${formatTime(results.endedAt)}` : '';
  const own = complete
    ? `Results of run ${results.run}, completed${ended}.`
    : `Results of run ${results.run}, which ${runStateWords(results.status, results.progress, results.error)}: they are incomplete and are not an all-clear.`;
  const after = latest ? ` Since then ${since} — the results below are still those of run ${results.run}.` : '';
  return {
    complete,
    noResults: false,
    newer: latest !== null,
    statement: `${own}${after}${hint}`,
    runFact: `${results.run} (${results.status})${latest ? ` · since then run ${latest.run} ${latest.status === 'running' ? `is running, ${Math.round(latest.progress ?? 0)} %` : latest.status}` : ''}`,
  };
}
