// Replies about one scan: `/scan show`, and the acknowledgements of create, rerun, stop, update and
// delete. Every reply names the scan id; `show` carries the record of DESIGN §8 as `data`.
import { ACTIVE_RUN_STATUSES, type RunRef, type ScanSummary } from '../../core/scans/scan-model.js';
import type { Reply, ReplyButton, ReplyFile } from '../commands/reply.js';
import { duration, highestSeverity, severityLine, statusLabel, timeoutAdvice, timestamp } from './format.js';

/**
 * The record `portcullis chat --json` prints for show (and each row of list): exactly DESIGN §8's keys.
 * The counts are those of the latest completed run; the reply's text names that run when it is not the latest.
 */
export function summaryData(s: ScanSummary) {
  return { id: s.id, status: s.status, findings: s.findings, severity: s.severity, startTime: s.startTime, durationSeconds: s.durationSeconds, ageSeconds: s.ageSeconds };
}

/**
 * Which run the counts speak for, when that is not plainly the latest run: "Findings are from run 3
 * (completed …); run 4 failed: …" or "No completed run yet". Undefined when the latest run is the
 * completed results run (or the scan never ran).
 */
export function resultsNote(s: ScanSummary): string | undefined {
  if (s.run === null || s.resultsRun === undefined) return undefined;
  const latest = `run ${s.run} ${s.status === 'running' ? `is running (${Math.round(s.progress ?? 0)} %)` : s.status === 'planned' ? 'is planned' : statusLabel(s.status).replace(/^\S+\s/, '').toLowerCase()}`;
  if (s.resultsRun === null) return `No completed run yet (${latest}): there are no results, and this is not an all-clear.`;
  if (s.resultsRun === s.run) return undefined;
  return `Findings and open ports are from run ${s.resultsRun}, the latest completed run${s.resultsEndedAt ? ` (${timestamp(s.resultsEndedAt)})` : ''}; since then ${latest}.`;
}

export function isActive(s: Pick<ScanSummary, 'status'>): boolean {
  return s.status !== null && ACTIVE_RUN_STATUSES.includes(s.status);
}

/** Buttons of a scan (DESIGN §2): Stop while active (confirmed), Rerun otherwise, Logs, Report. */
export function scanButtons(scanId: string, active: boolean): ReplyButton[] {
  const buttons: ReplyButton[] = [];
  if (active) {
    buttons.push({ action: 'scan.stop', label: 'Stop', value: scanId, style: 'danger', confirm: { title: `Stop ${scanId}?`, text: 'The running tools are killed; ports found so far are kept.', confirm: 'Stop', deny: 'Keep running' } });
  } else {
    buttons.push({ action: 'scan.rerun', label: 'Rerun', value: scanId, style: 'primary' });
  }
  buttons.push({ action: 'scan.logs', label: 'Logs', value: scanId });
  buttons.push({ action: 'scan.report', label: 'Report', value: scanId });
  return buttons;
}

function progressText(s: ScanSummary): string | undefined {
  if (!isActive(s) || s.progress === null) return undefined;
  return `${Math.round(s.progress)} %${s.phase ? ` (${s.phase})` : ''}`;
}

export function showReply(s: ScanSummary, chart?: ReplyFile): Reply {
  const progress = progressText(s);
  const highest = highestSeverity(s.severity);
  const note = resultsNote(s);
  const advice = timeoutAdvice(s.id, s.error, s.config);
  const text = [...(note ? [note] : []), ...(s.error ? [`Error: ${s.error}`] : []), ...(advice ? [advice] : [])];
  return {
    title: `${s.id} · ${s.name} · ${statusLabel(s.status)}`,
    tone: s.status === 'failed' || s.status === 'submit_error' ? 'error' : s.findings > 0 && highest && highest !== 'info' && highest !== 'low' ? 'warning' : 'info',
    fields: [
      { label: 'Status', value: statusLabel(s.status) + (s.run !== null ? ` (run ${s.run})` : ''), inline: true },
      ...(s.resultsRun !== undefined && s.resultsRun !== s.run ? [{ label: 'Results', value: s.resultsRun === null ? 'no completed run yet' : `run ${s.resultsRun}`, inline: true }] : []),
      { label: 'Findings', value: String(s.findings), inline: true },
      { label: 'Open ports', value: String(s.openPorts), inline: true },
      { label: 'Severity', value: severityLine(s.severity) },
      { label: 'Started', value: timestamp(s.startTime), inline: true },
      { label: 'Duration', value: duration(s.durationSeconds), inline: true },
      { label: 'Age', value: duration(s.ageSeconds), inline: true },
      ...(progress ? [{ label: 'Progress', value: progress, inline: true }] : []),
      { label: 'Targets', value: s.config.targets.join(', ') },
      { label: 'Ports', value: `${s.config.ports} (${s.config.protocol}, ${s.config.scanner})`, inline: true },
      ...(s.config.pool !== 'default' ? [{ label: 'Pool', value: s.config.pool, inline: true }] : []),
      ...(s.config.schedule ? [{ label: 'Schedule', value: `${s.config.schedule}${s.config.timezone ? ` ${s.config.timezone}` : ''}`, inline: true }] : []),
    ],
    ...(text.length > 0 ? { text } : {}),
    buttons: scanButtons(s.id, isActive(s)),
    ...(chart ? { files: [chart] } : {}),
    ...(highest ? { severity: highest } : {}),
    data: summaryData(s),
  };
}

export function createdReply(s: ScanSummary, run: RunRef | null): Reply {
  const when = run ? `Run ${run.run} is ${statusLabel(run.status)}.` : `It runs on its schedule (${s.config.schedule ?? 'none'}).`;
  return {
    title: `${s.id} created: ${s.name}`,
    tone: run?.status === 'submit_error' ? 'warning' : 'success',
    text: [when, `Targets ${s.config.targets.join(', ')} · ports ${s.config.ports} · ${s.config.scanner}`],
    buttons: scanButtons(s.id, run !== null && ACTIVE_RUN_STATUSES.includes(run.status)),
    data: { id: s.id, run: run?.run ?? null },
    ...(run ? { statusOf: { scanId: s.id, runId: run.runId, run: run.run } } : {}),
  };
}

export function rerunReply(ref: RunRef): Reply {
  return {
    title: `${ref.scanId}: run ${ref.run} ${statusLabel(ref.status)}`,
    tone: ref.status === 'submit_error' ? 'warning' : 'success',
    buttons: scanButtons(ref.scanId, ACTIVE_RUN_STATUSES.includes(ref.status)),
    data: { id: ref.scanId, run: ref.run },
    statusOf: { scanId: ref.scanId, runId: ref.runId, run: ref.run },
  };
}

export function stoppedReply(ref: RunRef): Reply {
  return { title: `${ref.scanId}: run ${ref.run} ${statusLabel(ref.status)}`, tone: 'success', text: ['Ports found before the stop are kept.'], buttons: scanButtons(ref.scanId, false), data: { id: ref.scanId, run: ref.run, status: ref.status } };
}

export function updatedReply(s: ScanSummary, changed: string[]): Reply {
  return { title: `${s.id} updated: ${changed.join(', ')}`, tone: 'success', fields: showReply(s).fields ?? [], data: summaryData(s) };
}

export function deleteConfirmReply(scanId: string, name: string): Reply {
  return {
    title: `Delete ${scanId} (${name})?`,
    tone: 'warning',
    text: ['This deletes the scan with all its runs, logs and findings. It cannot be undone.'],
    buttons: [{ action: 'scan.delete', label: 'Delete', value: scanId, style: 'danger', confirm: { title: `Delete ${scanId}?`, text: `${name}: all runs, logs and findings are deleted.`, confirm: 'Delete', deny: 'Cancel' } }],
    ephemeral: true,
    data: { id: scanId, confirm: `delete ${scanId} confirm=yes` },
  };
}

export function deletedReply(scanId: string): Reply {
  return { title: `${scanId} deleted`, tone: 'success', data: { id: scanId, deleted: true } };
}
