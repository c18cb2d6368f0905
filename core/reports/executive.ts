// The executive report's content: posture for leadership in plain language — how bad is it, the top five
// risks, what changed since last time, and the trend. Data only; executive-document.ts lays it out.
import type { Severity } from '../../scanner/types.js';
import type { SeverityCounts } from '../scans/scan-model.js';
import type { ReportInput, TrendPoint } from './report-input.js';
import { oneLine } from './safe-text.js';
import { changesSince, type ChangeSummary } from './change-summary.js';
import { compareEndpoint, compareText, countSeverities, endpointLabel, severityRank, worstSeverity } from './severity-order.js';
import { pluralize } from '../format/pluralize.js';
import { describeStanding } from './report-standing.js';

/** Risks the executive document lists; the rest are counted by severity ("and 5 more: 1 critical, 4 high"). */
export const TOP_RISKS = 5;

export interface TopRisk {
  severity: Severity;
  ruleId: string;
  title: string;
  /** `ip:port/proto` of every affected service, sorted. */
  affected: string[];
  /** One sentence a non-specialist understands. */
  summary: string;
  action: string;
}

export interface ExecutiveView {
  /** Worst severity present; `null` when there are no findings. */
  riskLevel: Severity | null;
  headline: string;
  severity: SeverityCounts;
  totals: { findings: number; openPorts: number; hosts: number };
  /** Every risk (one per rule), most severe first: a lower severity never comes before a higher one. */
  topRisks: TopRisk[];
  /** Findings of the previous run on ports this run did not scan (not re-checked, not fixed). */
  notRechecked: { count: number; severity: SeverityCounts; items: string[] };
  changes: ChangeSummary;
  trend: TrendPoint[];
}

const LEVEL_WORDS: Record<Severity, string> = {
  critical: 'Critical risk',
  high: 'High risk',
  medium: 'Moderate risk',
  low: 'Low risk',
  info: 'Low risk',
};

const URGENCY: Record<Severity, string> = {
  critical: 'needs action today',
  high: 'should be fixed within days',
  medium: 'should be planned for the next maintenance window',
  low: 'needs no urgent action',
  info: 'needs no urgent action',
};

/** Findings of the previous run on ports this run did not scan: the headline must not read as if they were fixed. */
function notRecheckedCaveat(input: ReportInput): string {
  const items = input.notRechecked ?? [];
  if (items.length === 0) return '';
  const worst = worstSeverity(items.map((f) => f.severity)) ?? 'info';
  const base = input.diff?.baseRun ?? null;
  const worstCount = items.filter((f) => f.severity === worst).length;
  return ` ${pluralize(items.length, 'finding')} of ${base === null ? 'the previous run' : `run ${base}`} (${worstCount} ${worst}) ${items.length === 1 ? 'is' : 'are'} on ports this run did not scan: not re-checked, not fixed.`;
}

function headlineFor(level: Severity | null, counts: SeverityCounts, openPorts: number, hosts: number, input: ReportInput): string {
  const standing = describeStanding(input);
  if (standing.noResults) return standing.statement;
  const caveat = standing.complete ? notRecheckedCaveat(input) : ` ${standing.statement}`;
  if (openPorts === 0 && level === null) {
    return standing.complete
      ? `No open ports found: nothing on the scanned targets answered the scanner.${caveat}`
      : `No open ports were recorded before the run ended.${caveat}`;
  }
  if (level === null) return `${pluralize(openPorts, 'open port')} on ${pluralize(hosts, 'host')}, none matching a known risk.${caveat}`;
  const serious = (['critical', 'high'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const what = serious.length > 0 ? `${serious.join(' and ')}-severity ${counts.critical + counts.high === 1 ? 'finding' : 'findings'}` : pluralize(counts.medium + counts.low + counts.info, 'lower-severity finding');
  return `${LEVEL_WORDS[level]}: ${what} across ${pluralize(hosts, 'host')} (${pluralize(openPorts, 'open port')}); this ${URGENCY[level]}.${caveat}`;
}

/**
 * A title for a group of findings of one rule: the title they share, else the words their titles start
 * with ("Open port 7070/tcp", "Open port 8080/tcp" → "Open port"), else the rule id in words ("open-port" →
 * "Open port") — never one member's title.
 */
export function groupTitle(titles: readonly string[], ruleId: string): string {
  const distinct = [...new Set(titles)];
  if (distinct.length <= 1) return distinct[0] ?? ruleId;
  const words = distinct.map((t) => t.split(/\s+/));
  const common: string[] = [];
  for (let i = 0; words.every((w) => w[i] !== undefined && w[i] === words[0]![i]); i += 1) common.push(words[0]![i]!);
  const prefix = common.join(' ').replace(/[\s:,;(–—-]+$/, '');
  if (prefix.length >= 3) return prefix;
  const spoken = ruleId.replace(/[-_]+/g, ' ').trim();
  return spoken ? `${spoken[0]!.toUpperCase()}${spoken.slice(1)}` : ruleId;
}

function allRisks(input: ReportInput): TopRisk[] {
  const groups = new Map<string, ReportInput['findings']>();
  for (const f of input.findings) {
    const key = f.ruleId || f.title;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const risks = [...groups.entries()].map(([ruleId, items]): TopRisk => {
    const severity = worstSeverity(items.map((f) => f.severity)) ?? 'info';
    const worst = items.find((f) => f.severity === severity) ?? items[0]!;
    const affected = [...new Set([...items].sort(compareEndpoint).map(endpointLabel))];
    const shown = affected.slice(0, 3).join(', ') + (affected.length > 3 ? ` and ${affected.length - 3} more` : '');
    const title = oneLine(groupTitle(items.map((f) => f.title), ruleId), 160);
    return {
      severity,
      ruleId: oneLine(ruleId, 100),
      title,
      affected,
      summary: `${title} on ${pluralize(affected.length, 'service')}: ${shown}.`,
      action: oneLine(worst.remediation, 400) || 'Review whether this service needs to be reachable from outside.',
    };
  });
  risks.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.affected.length - a.affected.length || compareText(a.title, b.title));
  return risks;
}

function notRechecked(input: ReportInput): ExecutiveView['notRechecked'] {
  const items = [...(input.notRechecked ?? [])].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareEndpoint(a, b));
  return { count: items.length, severity: countSeverities(items), items: items.map((f) => `${endpointLabel(f)} ${oneLine(f.title, 80)} (${f.severity})`) };
}

export function buildExecutiveView(input: ReportInput): ExecutiveView {
  const severity = countSeverities(input.findings);
  const riskLevel = worstSeverity(input.findings.map((f) => f.severity));
  const hosts = new Set([...input.openPorts.map((p) => p.ip), ...input.findings.map((f) => f.ip)]).size;
  const openPorts = input.openPorts.length;
  return {
    riskLevel,
    headline: headlineFor(riskLevel, severity, openPorts, hosts, input),
    severity,
    totals: { findings: input.findings.length, openPorts, hosts },
    topRisks: allRisks(input),
    notRechecked: notRechecked(input),
    changes: changesSince(input),
    trend: [...input.trend].sort((a, b) => a.run - b.run),
  };
}
