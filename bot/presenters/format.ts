// Small display helpers shared by the presenters: run status labels (DESIGN §3), severity counts,
// durations and times, so every reply shows them the same way on every platform.
import type { RunStatus, SeverityCounts } from '../../core/scans/scan-model.js';
import { formatDuration } from '../../scanner/durations.js';
import { SEVERITIES, type Severity } from '../../scanner/types.js';
import { LIMITS } from '../../core/scans/scan-input.js';

export const STATUS_DISPLAY: Record<RunStatus, string> = {
  completed: '✅ Done',
  failed: '❌ Failed',
  submit_error: '⚠️ Submit Error',
  running: '⏳ Running',
  planned: '🕒 Planned',
  cancelled: '⏹ Cancelled',
};

export const SEVERITY_ICON: Record<Severity, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

export function statusLabel(status: RunStatus | null): string {
  return status ? STATUS_DISPLAY[status] : '— Never ran';
}

/** `🟥 2 critical · 🟧 1 high`, or `none` when there are no findings. */
export function severityLine(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${SEVERITY_ICON[s]} ${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

/** Compact form for tables: `2C 1H 0M 3L 5I`. */
export function severityShort(counts: SeverityCounts): string {
  return SEVERITIES.map((s) => `${counts[s]}${s[0]!.toUpperCase()}`).join(' ');
}

export function highestSeverity(counts: SeverityCounts): Severity | undefined {
  return SEVERITIES.find((s) => counts[s] > 0);
}

export function duration(seconds: number | null): string {
  return seconds === null ? '—' : formatDuration(seconds);
}

/** `2026-11-22 01:43 UTC`: readable, unambiguous across time zones. */
export function timestamp(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export { pluralize } from '../../core/format/pluralize.js';

/**
 * What to change after a run stopped by its timeout: a longer timeout= or a higher rate= (with the scan's
 * current values and a suggestion when they are known). Null when the error is not a timeout.
 */
export function timeoutAdvice(scanId: string, error: string | null | undefined, config?: { timeoutSeconds: number; rate: number }): string | null {
  if (!error || !/timed out|timeout/i.test(error)) return null;
  if (!config) return `To let it finish, give it more time with \`/scan update ${scanId} timeout=…\` (at most ${formatDuration(LIMITS.maxTimeoutSeconds)}), scan faster with a higher \`rate=\`, or scan fewer ports.`;
  const longer = Math.min(LIMITS.maxTimeoutSeconds, Math.max(config.timeoutSeconds * 2, LIMITS.minTimeoutSeconds));
  const faster = Math.min(LIMITS.maxRate, config.rate * 2);
  const time = longer > config.timeoutSeconds ? `\`/scan update ${scanId} timeout=${formatDuration(longer)}\` (now ${formatDuration(config.timeoutSeconds)})` : null;
  const rate = faster > config.rate ? `\`/scan update ${scanId} rate=${faster}\` (now ${config.rate})` : null;
  const options = [time ? `give it more time with ${time}` : null, rate ? `scan faster with ${rate}` : null, 'scan fewer ports'].filter((o): o is string => o !== null);
  return `To let it finish, ${options.join(', or ')}.`;
}
