// Notification messages made from RunEvents: the run's status message (edited in place), thread replies
// (warnings/errors, completion), failure and new-exposure alerts. Platform-neutral Replies like every
// other presenter; the notification router decides where they go.
import type { RunEvent } from '../../core/events/run-events.js';
import type { RunStatus, SeverityCounts } from '../../core/scans/scan-model.js';
import type { Reply, ReplyButton, ReplyFile } from '../commands/reply.js';
import { duration, highestSeverity, severityLine, SEVERITY_ICON, statusLabel, timeoutAdvice } from './format.js';
import { scanButtons } from './scan.js';

type Event<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

/** What the status message of a run shows; the router keeps it up to date from events. */
export interface RunStatusView {
  scanId: string;
  scanName: string;
  run: number;
  status: RunStatus;
  percent: number | null;
  phase: string | null;
  openPorts?: number;
  findings?: number;
  severity?: SeverityCounts;
  durationSeconds?: number;
  error?: string | null;
}

function progressBar(percent: number): string {
  const filled = Math.max(0, Math.min(10, Math.round(percent / 10)));
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${Math.round(percent)} %`;
}

export function statusMessageReply(view: RunStatusView): Reply {
  const active = view.status === 'planned' || view.status === 'running';
  const fields = [
    { label: 'Status', value: `${statusLabel(view.status)} (run ${view.run})`, inline: true },
    ...(active && view.percent !== null ? [{ label: 'Progress', value: `${progressBar(view.percent)}${view.phase ? ` · ${view.phase}` : ''}`, inline: true }] : []),
    ...(view.openPorts !== undefined ? [{ label: 'Open ports', value: String(view.openPorts), inline: true }] : []),
    ...(view.severity ? [{ label: 'Findings', value: `${view.findings ?? 0}: ${severityLine(view.severity)}` }] : []),
    ...(view.durationSeconds !== undefined ? [{ label: 'Duration', value: duration(view.durationSeconds), inline: true }] : []),
  ];
  const highest = view.severity ? highestSeverity(view.severity) : undefined;
  return {
    title: `${view.scanId} · ${view.scanName} · ${statusLabel(view.status)}`,
    tone: view.status === 'failed' || view.status === 'submit_error' ? 'error' : view.status === 'completed' ? 'success' : 'info',
    fields,
    ...(view.error ? { text: [`Error: ${view.error}`] } : {}),
    buttons: scanButtons(view.scanId, active),
    ...(highest ? { severity: highest } : {}),
  };
}

export function logBatchReply(scanId: string, run: number, lines: Array<{ level: string; message: string }>): Reply {
  return {
    title: `${scanId} run ${run}: ${lines.length} warning/error line${lines.length === 1 ? '' : 's'}`,
    tone: lines.some((l) => l.level === 'error') ? 'error' : 'warning',
    text: ['```\n' + lines.map((l) => `${l.level.toUpperCase().padEnd(7)} ${l.message}`).join('\n') + '\n```'],
  };
}

export function completionReply(event: Event<'run.finished'>, chart?: ReplyFile): Reply {
  const highest = highestSeverity(event.severity);
  return {
    title: `${event.scanId} · ${event.scanName}: run ${event.run} ${statusLabel(event.status)} in ${duration(event.durationSeconds)}`,
    tone: event.status === 'failed' ? 'error' : event.status === 'cancelled' ? 'warning' : 'success',
    text: [
      `${event.openPorts} open port${event.openPorts === 1 ? '' : 's'}, ${event.findings} finding${event.findings === 1 ? '' : 's'}: ${severityLine(event.severity)}`,
      ...(event.error ? [`Error: ${event.error}`] : []),
      ...(timeoutAdvice(event.scanId, event.error) ? [timeoutAdvice(event.scanId, event.error)!] : []),
    ],
    buttons: scanButtons(event.scanId, false),
    ...(chart ? { files: [chart] } : {}),
    ...(highest ? { severity: highest } : {}),
  };
}

const alertButtons = (scanId: string): ReplyButton[] => [
  { action: 'scan.logs', label: 'Logs', value: scanId },
  { action: 'scan.rerun', label: 'Rerun', value: scanId, style: 'primary' },
];

export function failureAlertReply(event: Event<'run.finished'> | Event<'run.submit_error'>): Reply {
  const lastErrors = event.type === 'run.finished' ? event.lastErrors : [];
  return {
    title: `🚨 ${event.scanId} (${event.scanName}) run ${event.run} ${event.type === 'run.finished' ? 'failed' : 'could not be queued'}`,
    tone: 'error',
    fields: [
      { label: 'Scan', value: event.scanId, inline: true },
      { label: 'Run', value: String(event.run), inline: true },
      { label: 'Error', value: event.error ?? 'unknown error' },
      ...(timeoutAdvice(event.scanId, event.error) ? [{ label: 'What to change', value: timeoutAdvice(event.scanId, event.error)! }] : []),
      ...(lastErrors.length > 0 ? [{ label: 'Last error lines', value: lastErrors.slice(-5).join('\n') }] : []),
    ],
    buttons: alertButtons(event.scanId),
    data: { id: event.scanId, run: event.run, error: event.error, lastErrors },
  };
}

export function newExposureReply(event: Event<'run.new_exposure'>): Reply {
  const rows = event.ports.slice(0, 25).map((p) => {
    const finding = event.findings.find((f) => f.ip === p.ip && f.port === p.port && f.protocol === p.protocol);
    return [p.ip, `${p.port}/${p.protocol}`, p.service ?? '', finding ? `${SEVERITY_ICON[finding.severity]} ${finding.title}` : ''];
  });
  return {
    title: `🆕 ${event.scanId} (${event.scanName}) run ${event.run}: ${event.ports.length} newly exposed port${event.ports.length === 1 ? '' : 's'}`,
    tone: event.highest === 'critical' || event.highest === 'high' ? 'error' : 'warning',
    table: { columns: ['host', 'port', 'service', 'finding'], rows },
    ...(event.ports.length > 25 ? { text: [`Showing 25 of ${event.ports.length}; \`/scan diff ${event.scanId}\` lists all.`] } : {}),
    buttons: [{ action: 'scan.show', label: 'Show', value: event.scanId }, { action: 'scan.report', label: 'Report', value: event.scanId }],
    ...(event.highest ? { severity: event.highest } : {}),
    data: { id: event.scanId, run: event.run, new: event.ports },
  };
}
