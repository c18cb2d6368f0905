// The identification every report starts with (which scan, which run, when, what was scanned), in one
// shape for the JSON, the CSV file name and the facts block of the documents.
import type { RunStatus } from '../scans/scan-model.js';
import type { ReportInput } from './report-input.js';
import { capText, oneLine } from './safe-text.js';

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
}

export function buildScanHeader(input: ReportInput): ScanHeader {
  const { scan } = input;
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
  };
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** `2025-03-04 10:00 UTC`, or a dash. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Each value fits on about two lines of a PDF page; the JSON header holds the full values. */
const FACT_CAP = 150;

export function headerFacts(h: ScanHeader): Array<[string, string]> {
  const targets = h.targets.length > 6 ? `${h.targets.slice(0, 6).join(', ')} … (+${h.targets.length - 6})` : h.targets.join(', ');
  const facts: Array<[string, string]> = [
    ['Scan', `${h.scanId} · ${h.name}`],
    ['Run', h.run === 0 ? 'never run' : `${h.run} (${h.status ?? 'unknown'})`],
    ['Started', formatTime(h.startTime)],
    ['Duration', formatDuration(h.durationSeconds)],
    ['Targets', targets || '—'],
    ['Ports', `${h.ports} · ${h.scanner}`],
  ];
  return facts.map(([label, value]) => [label, capText(value, FACT_CAP)]);
}

export function documentSubtitle(h: ScanHeader): string {
  return `${h.scanId} · ${h.name} · ${h.run === 0 ? 'never run' : `run ${h.run}`}`;
}

export function documentFooter(h: ScanHeader): string {
  return `Portcullis · ${h.scanId} run ${h.run} · generated ${formatTime(h.generatedAt)} · confidential`;
}
