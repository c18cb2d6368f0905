// Replies about a scan's runs: `/scan history`, `/scan logs` (long logs become a file) and `/scan errors`.
import type { RunErrorReport, RunLogLine, RunSummary } from '../../core/scans/scan-model.js';
import type { Reply } from '../commands/reply.js';
import { duration, statusLabel, timeoutAdvice, timestamp } from './format.js';

/** Logs longer than this many lines go into a file; the reply shows the last ones. */
export const INLINE_LOG_LINES = 25;

export function historyReply(scanId: string, runs: RunSummary[]): Reply {
  return {
    title: `${scanId}: ${runs.length} run${runs.length === 1 ? '' : 's'}`,
    tone: 'info',
    ...(runs.length === 0 ? { text: ['No runs yet.'] } : {}),
    table: {
      columns: ['run', 'status', 'started', 'duration', 'open ports', 'error'],
      rows: runs.map((r) => [String(r.run), statusLabel(r.status), timestamp(r.startTime), duration(r.durationSeconds), String(r.openPorts), r.error ?? '']),
    },
    data: runs.map((r) => ({ run: r.run, status: r.status, startTime: r.startTime, durationSeconds: r.durationSeconds, openPorts: r.openPorts, error: r.error })),
  };
}

export function logLine(line: RunLogLine): string {
  const level = line.level === 'info' ? 'INFO ' : line.level === 'warning' ? 'WARN ' : 'ERROR';
  return `${line.at} ${level} ${line.message}`;
}

export function logsReply(scanId: string, run: number, lines: RunLogLine[], level?: string): Reply {
  const title = `${scanId} run ${run}: ${lines.length} log line${lines.length === 1 ? '' : 's'}${level ? ` (${level})` : ''}`;
  const shown = lines.slice(-INLINE_LOG_LINES).map(logLine);
  const long = lines.length > INLINE_LOG_LINES;
  return {
    title,
    tone: lines.some((l) => l.level === 'error') ? 'warning' : 'info',
    text: lines.length === 0 ? ['No log lines.'] : [...(long ? [`Last ${INLINE_LOG_LINES} lines; the full log is attached.`] : []), '```\n' + shown.join('\n') + '\n```'],
    ...(long ? { files: [{ name: `${scanId}-run-${run}.log`, mime: 'text/plain', data: Buffer.from(lines.map(logLine).join('\n') + '\n'), title: `${scanId} run ${run} log` }] } : {}),
    data: { id: scanId, run, lines },
  };
}

export function errorsReply(scanId: string, reports: RunErrorReport[]): Reply {
  if (reports.length === 0) return { title: `${scanId}: no failed runs`, tone: 'success', data: [] };
  return {
    title: `${scanId}: ${reports.length} failed run${reports.length === 1 ? '' : 's'}`,
    tone: 'error',
    fields: reports.slice(0, 10).map((r) => ({
      label: `Run ${r.run}`,
      value: [r.error, ...r.lines.slice(-5).map((l) => `• ${l.message}`), ...(timeoutAdvice(scanId, r.error) ? [timeoutAdvice(scanId, r.error)!] : [])].join('\n'),
    })),
    ...(reports.length > 10 ? { text: [`Showing the latest 10 of ${reports.length}.`] } : {}),
    data: reports,
  };
}
