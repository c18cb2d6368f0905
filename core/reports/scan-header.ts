// The identification every report starts with (which scan, which run, when, what was scanned), in one
// shape for the JSON, the CSV file name and the facts block of the documents.
import type { RunStatus } from '../scans/scan-model.js';
import type { ReportBlock } from './report-document.js';
import type { ReportInput } from './report-input.js';
import { describeStanding } from './report-standing.js';
import { formatDuration, formatTime } from './report-time.js';
import { capText, oneLine } from './safe-text.js';

export { formatDuration, formatTime } from './report-time.js';

export interface ScanHeader {
  scanId: string;
  name: string;
  /** Run number reported on; 0 when the scan never ran. */
  run: number;
  status: RunStatus | null;
  startTime: string | null;
  durationSeconds: number | null;
  targets: string[];
  ports: string;
  scanner: string;
  error: string | null;
  generatedAt: string;
  /** Which run the results are from and what happened since (report-standing.ts). */
  standing: string;
  /** Short form for the Run fact. */
  runFact: string;
  /** The reported run completed: an empty result is a real "nothing found". */
  complete: boolean;
  /** No run completed yet: the report holds no results. */
  noResults: boolean;
  /** A newer run than the reported one exists. */
  newer: boolean;
}

export function buildScanHeader(input: ReportInput): ScanHeader {
  const { scan } = input;
  const standing = describeStanding(input);
  return {
    scanId: oneLine(scan.id, 64),
    name: oneLine(scan.name, 200),
    run: scan.run ?? 0,
    status: scan.status,
    startTime: scan.startTime,
    durationSeconds: scan.durationSeconds,
    targets: scan.config.targets.map((t) => oneLine(t, 100)),
    ports: oneLine(scan.config.ports, 500),
    scanner: scan.config.scanner,
    error: scan.error === null ? null : oneLine(scan.error, 500),
    generatedAt: input.generatedAt.toISOString(),
    standing: standing.statement,
    runFact: standing.runFact,
    complete: standing.complete,
    noResults: standing.noResults,
    newer: standing.newer,
  };
}

/** The standing sentence, first thing under the title: prominent when the results are not a completed run's. */
export function standingBlock(h: ScanHeader): ReportBlock {
  return h.complete && !h.newer
    ? { type: 'paragraph', tone: 'muted', text: h.standing }
    : { type: 'paragraph', tone: 'notice', text: h.standing };
}

/** Each value fits on about two lines of a PDF page; the JSON header holds the full values. */
const FACT_CAP = 150;

export function headerFacts(h: ScanHeader): Array<[string, string]> {
  const targets = h.targets.length > 6 ? `${h.targets.slice(0, 6).join(', ')} … (+${h.targets.length - 6})` : h.targets.join(', ');
  const facts: Array<[string, string]> = [
    ['Scan', `${h.scanId} · ${h.name}`],
    ['Run', h.runFact],
    ['Started', formatTime(h.startTime)],
    ['Duration', formatDuration(h.durationSeconds)],
    ['Targets', targets || '—'],
    ['Ports', `${h.ports} · ${h.scanner}`],
  ];
  return facts.map(([label, value]) => [label, capText(value, FACT_CAP)]);
}

export function documentSubtitle(h: ScanHeader): string {
  return `${h.scanId} · ${h.name} · ${h.noResults ? 'no completed run yet' : `run ${h.run}`}`;
}

export function documentFooter(h: ScanHeader): string {
  return `Portcullis · ${h.scanId} run ${h.run} · generated ${formatTime(h.generatedAt)} · confidential`;
}
