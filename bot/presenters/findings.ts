// Replies about what a scan found: `/scan vulns` (most severe first) and `/scan diff` (new, gone,
// changed ports against the previous completed run, and ports one of the two runs did not scan).
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

/**
 * `run`: the run the findings are from (the latest completed one unless run= was given); `null` when no
 * run has completed yet, which is said instead of "nothing found".
 */
export function vulnsReply(scanId: string, all: FindingView[], min?: string, run?: number | null, options: { cves?: ReadonlyMap<string, CveSummary[]>; kevOnly?: boolean } = {}): Reply {
  const cves = options.cves ?? new Map<string, CveSummary[]>();
  const findings = options.kevOnly ? all.filter((f) => cvesOf(f, cves).some((c) => c.kev)) : all;
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.ip.localeCompare(b.ip) || a.port - b.port);
  const shown = sorted.slice(0, MAX_ROWS);
  const highest = sorted[0]?.severity;
  const empty = run === null ? `${scanId} has no completed run yet: there are no findings to list, and this is not an all-clear.` : 'Nothing found at this level.';
  return {
    title: `${scanId}${run ? ` run ${run}` : ''}: ${sorted.length} finding${sorted.length === 1 ? '' : 's'}${min ? ` (${min} and above)` : ''}${options.kevOnly ? ' with a known-exploited CVE' : ''}`,
    tone: highest === 'critical' || highest === 'high' ? 'warning' : 'info',
    ...(sorted.length === 0 ? { text: [empty] } : {}),
    ...(sorted.length > MAX_ROWS ? { text: [`Showing the ${MAX_ROWS} most severe of ${sorted.length}; \`/scan report ${scanId} technical\` lists all.`] } : {}),
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
  const notNow = diff.notScannedNow ?? [];
  const notBefore = diff.notScannedBefore ?? [];
  const rows = [
    ...diff.new.map((p) => portRow('➕ new', p)),
    ...diff.gone.map((p) => portRow('➖ gone', p)),
    ...diff.changed.map((c) => portRow('✏️ changed', c, `${version(c.before)} → ${version(c.after)}`)),
    ...notNow.map((p) => portRow(`◌ not scanned in run ${diff.run}`, p, `open in run ${diff.baseRun ?? '?'}`)),
    ...notBefore.map((p) => portRow(`◌ not scanned in run ${diff.baseRun ?? '?'}`, p, 'first scanned now')),
  ];
  const unscanned = notNow.length + notBefore.length;
  const text = [
    ...(rows.length === 0 ? ['No changes.'] : []),
    ...(rows.length > MAX_ROWS ? [`Showing ${MAX_ROWS} of ${rows.length} changes.`] : []),
    ...(notNow.length > 0 ? [`${notNow.length} port${notNow.length === 1 ? '' : 's'} open in run ${diff.baseRun} ${notNow.length === 1 ? 'was' : 'were'} outside what run ${diff.run} scanned: not gone, just not looked at.`] : []),
    ...(diff.scannerChange ? [`Run ${diff.baseRun} used ${diff.scannerChange.before} and run ${diff.run} ${diff.scannerChange.after}: services are not compared across scanners.`] : []),
  ];
  return {
    title: `${diff.scanId} run ${diff.run} vs ${against}: ${diff.new.length} new, ${diff.gone.length} gone, ${diff.changed.length} changed${unscanned > 0 ? `, ${unscanned} not scanned in one of the runs` : ''}`,
    tone: diff.new.length > 0 ? 'warning' : 'info',
    ...(text.length > 0 ? { text } : {}),
    table: { columns: ['change', 'host', 'port', 'service', 'detail'], rows: rows.slice(0, MAX_ROWS) },
    // Exactly DESIGN §8's record; ports one run did not scan are in none of the three (never in gone).
    data: { new: diff.new.map(portData), gone: diff.gone.map(portData), changed: diff.changed.map(portData) },
  };
}
