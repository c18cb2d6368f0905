// Replies about what a scan found: `/scan vulns` (most severe first) and `/scan diff` (new, gone,
// changed ports against the previous completed run).
import type { FindingView, PortView, ScanDiff } from '../../core/scans/scan-model.js';
import { SEVERITIES } from '../../scanner/types.js';
import type { Reply } from '../commands/reply.js';
import { SEVERITY_ICON } from './format.js';
import type { CveSummary } from '../commands/deps.js';
import { compareVersions } from '../../vulns/version-order.js';

const MAX_ROWS = 50;

/** The known CVEs of a finding (known-cve findings carry them; others have none). */
function cvesOf(f: FindingView, cves: ReadonlyMap<string, CveSummary[]>): CveSummary[] {
  return f.ruleId.startsWith('known-cve') ? (cves.get(`${f.ip} ${f.port} ${f.protocol}`) ?? []) : [];
}

function cveCell(list: CveSummary[]): string {
  const shown = list.slice(0, 3).map((c) => `${c.kev ? '🔥 ' : ''}${c.id}${c.cvss !== null ? ` ${c.cvss.toFixed(1)}` : ''}`);
  return shown.join(', ') + (list.length > 3 ? ` +${list.length - 3}` : '');
}

function fixCell(list: CveSummary[]): string {
  let best: string | null = null;
  for (const c of list) if (c.fixedIn && (best === null || compareVersions(c.fixedIn, best) > 0)) best = c.fixedIn;
  return best ? `≥ ${best}` : '';
}

export function vulnsReply(scanId: string, all: FindingView[], min?: string, options: { cves?: ReadonlyMap<string, CveSummary[]>; kevOnly?: boolean } = {}): Reply {
  const cves = options.cves ?? new Map<string, CveSummary[]>();
  const findings = options.kevOnly ? all.filter((f) => cvesOf(f, cves).some((c) => c.kev)) : all;
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.ip.localeCompare(b.ip) || a.port - b.port);
  const shown = sorted.slice(0, MAX_ROWS);
  const highest = sorted[0]?.severity;
  return {
    title: `${scanId}: ${sorted.length} finding${sorted.length === 1 ? '' : 's'}${min ? ` (${min} and above)` : ''}${options.kevOnly ? ' with a known-exploited CVE' : ''}`,
    tone: highest === 'critical' || highest === 'high' ? 'warning' : 'info',
    ...(sorted.length === 0 ? { text: ['Nothing found at this level.'] } : {}),
    ...(sorted.length > MAX_ROWS ? { text: [`Showing the ${MAX_ROWS} most severe; \`/scan report ${scanId} technical\` lists all.`] } : {}),
    table: {
      columns: ['severity', 'finding', 'host', 'port', 'CVEs (🔥 known exploited)', 'fix', 'change'],
      rows: shown.map((f) => {
        const list = cvesOf(f, cves);
        return [`${SEVERITY_ICON[f.severity]} ${f.severity}`, f.title, f.ip, `${f.port}/${f.protocol}`, cveCell(list), fixCell(list), f.change === 'unchanged' ? '' : f.change];
      }),
    },
    ...(highest ? { severity: highest } : {}),
    data: sorted.map((f) => ({ severity: f.severity, title: f.title, ip: f.ip, port: f.port, cves: cvesOf(f, cves).map((c) => ({ id: c.id, cvss: c.cvss, kev: c.kev })) })),
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
