// Replies about what a scan found: `/scan vulns` (most severe first) and `/scan diff` (new, gone,
// changed ports against the previous completed run).
import type { FindingView, PortView, ScanDiff } from '../../core/scans/scan-model.js';
import { SEVERITIES } from '../../scanner/types.js';
import type { Reply } from '../commands/reply.js';
import { SEVERITY_ICON } from './format.js';

const MAX_ROWS = 50;

export function vulnsReply(scanId: string, findings: FindingView[], min?: string): Reply {
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.ip.localeCompare(b.ip) || a.port - b.port);
  const shown = sorted.slice(0, MAX_ROWS);
  const highest = sorted[0]?.severity;
  return {
    title: `${scanId}: ${sorted.length} finding${sorted.length === 1 ? '' : 's'}${min ? ` (${min} and above)` : ''}`,
    tone: highest === 'critical' || highest === 'high' ? 'warning' : 'info',
    ...(sorted.length === 0 ? { text: ['Nothing found at this level.'] } : {}),
    ...(sorted.length > MAX_ROWS ? { text: [`Showing the ${MAX_ROWS} most severe; \`/scan report ${scanId} technical\` lists all.`] } : {}),
    table: {
      columns: ['severity', 'finding', 'host', 'port', 'change'],
      rows: shown.map((f) => [`${SEVERITY_ICON[f.severity]} ${f.severity}`, f.title, f.ip, `${f.port}/${f.protocol}`, f.change === 'unchanged' ? '' : f.change]),
    },
    ...(highest ? { severity: highest } : {}),
    data: sorted.map((f) => ({ severity: f.severity, title: f.title, ip: f.ip, port: f.port })),
  };
}

function portRow(mark: string, p: PortView, detail = ''): string[] {
  return [mark, p.ip, `${p.port}/${p.protocol}`, p.service ?? '', detail];
}

function portData(p: PortView) {
  return { ip: p.ip, port: p.port, protocol: p.protocol, service: p.service };
}

function version(v: { service: string | null; product: string | null; version: string | null }): string {
  return [v.service, v.product, v.version].filter(Boolean).join(' ') || '?';
}

export function diffReply(diff: ScanDiff): Reply {
  const against = diff.baseRun === null ? 'no earlier completed run' : `run ${diff.baseRun}`;
  const rows = [
    ...diff.new.map((p) => portRow('➕ new', p)),
    ...diff.gone.map((p) => portRow('➖ gone', p)),
    ...diff.changed.map((c) => portRow('✏️ changed', c, `${version(c.before)} → ${version(c.after)}`)),
  ];
  return {
    title: `${diff.scanId} run ${diff.run} vs ${against}: ${diff.new.length} new, ${diff.gone.length} gone, ${diff.changed.length} changed`,
    tone: diff.new.length > 0 ? 'warning' : 'info',
    ...(rows.length === 0 ? { text: ['No changes.'] } : {}),
    ...(rows.length > MAX_ROWS ? { text: [`Showing ${MAX_ROWS} of ${rows.length} changes.`] } : {}),
    table: { columns: ['change', 'host', 'port', 'service', 'detail'], rows: rows.slice(0, MAX_ROWS) },
    data: { new: diff.new.map(portData), gone: diff.gone.map(portData), changed: diff.changed.map(portData) },
  };
}
