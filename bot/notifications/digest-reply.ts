// The scheduled executive summary as a chat message for managers: posture in a few lines, severity
// counts against the start of the period, the riskiest scans and the top risks across scans. The files
// (severity chart, executive PDFs) are attached by report-summary.ts.
import type { ReportDigest } from '../../core/reports/report-digest.js';
import type { SeverityCounts } from '../../core/scans/scan-model.js';
import { SEVERITIES } from '../../scanner/types.js';
import type { Reply, ReplyFile } from '../commands/reply.js';
import { pluralize, SEVERITY_ICON, severityLine, statusLabel, timestamp } from '../presenters/format.js';

/** Scans listed in the message; all of them are in the digest and counted. */
export const DIGEST_SCANS_SHOWN = 10;

const total = (counts: SeverityCounts) => SEVERITIES.reduce((sum, s) => sum + counts[s], 0);

function delta(now: number, before: number): string {
  if (now === before) return '±0';
  return now > before ? `▲${now - before}` : `▼${before - now}`;
}

/** `12 findings (▲3 since 2026-11-09 08:00 UTC): 🟥 1 critical (▲1) · 🟧 2 high (▼1)`. */
function trendLine(digest: ReportDigest): string {
  const parts = SEVERITIES.filter((s) => digest.severity[s] > 0 || digest.previousSeverity[s] > 0)
    .map((s) => `${SEVERITY_ICON[s]} ${digest.severity[s]} ${s} (${delta(digest.severity[s], digest.previousSeverity[s])})`);
  const now = total(digest.severity);
  const head = `${pluralize(now, 'finding')} (${delta(now, total(digest.previousSeverity))} since ${timestamp(digest.periodStart)})`;
  return parts.length > 0 ? `${head}: ${parts.join(' · ')}` : `${head}: none`;
}

function posture(digest: ReportDigest): string {
  const level = digest.riskLevel;
  if (digest.scansTotal === 0) return 'No scans yet: create one with `/scan create`.';
  if (level === null) return `No known risk across ${pluralize(digest.scansTotal, 'scan')}.`;
  const worst = digest.scans.filter((s) => s.riskLevel === level).length;
  return `Highest risk: *${level}*, in ${pluralize(worst, 'scan')} of ${digest.scansTotal}.`;
}

export function digestReply(digest: ReportDigest, files: ReplyFile[] = []): Reply {
  const shown = digest.scans.slice(0, DIGEST_SCANS_SHOWN);
  const ranInPeriod = digest.scans.filter((s) => s.runsInPeriod > 0).length;
  const text = [
    posture(digest),
    trendLine(digest),
    `${pluralize(ranInPeriod, 'scan')} ran in the period ${timestamp(digest.periodStart)} – ${timestamp(digest.periodEnd)}.`,
    ...(digest.topRisks.length > 0
      ? [['*Top risks*', ...digest.topRisks.map((r, i) => `${i + 1}. ${SEVERITY_ICON[r.severity]} ${r.title} — ${r.scanId}, ${pluralize(r.affected, 'service')}. ${r.action}`)].join('\n')]
      : []),
    ...(digest.scansTotal > shown.length ? [`Showing the ${shown.length} riskiest of ${digest.scansTotal} scans; \`/scan list\` shows all.`] : []),
  ];
  return {
    title: `📊 Perimeter summary: ${digest.riskLevel ? `${digest.riskLevel} risk` : 'no known risk'} · ${pluralize(total(digest.severity), 'finding')} in ${pluralize(digest.scansTotal, 'scan')}`,
    tone: digest.riskLevel === 'critical' || digest.riskLevel === 'high' ? 'warning' : 'info',
    text,
    ...(shown.length > 0
      ? { table: { columns: ['scan', 'status', 'findings', 'since last period'], rows: shown.map((s) => [`${s.scanId} ${s.name}`, `${statusLabel(s.status)}${s.run ? ` (run ${s.run})` : ''}`, severityLine(s.severity), s.previous ? delta(total(s.severity), total(s.previous.severity)) : 'new']) } }
      : {}),
    ...(files.length > 0 ? { files } : {}),
    ...(digest.riskLevel ? { severity: digest.riskLevel } : {}),
    data: digest,
  };
}
