// Progress of a running nmap, read from its stdout: the `--stats-every` lines ("SYN Stealth Scan Timing:
// About 45.32% done; ETC: …") and, when XML goes to stdout, <taskprogress> elements.
import { decodeXmlText } from './xml-text.js';

export interface NmapProgress {
  /** 0–100, of the current phase. */
  percent: number;
  /** nmap's name for the phase, e.g. "SYN Stealth Scan", "Service scan". */
  phase: string;
}

const TIMING_LINE = /^\s*(.+?) Timing: About (\d{1,3}(?:\.\d+)?)% done/;
const TASK_PROGRESS = /<taskprogress\s([^>]*)>/;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g;

function progressOf(phase: string, percentText: string | undefined): NmapProgress | null {
  const percent = Number(percentText);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100 || phase.length === 0) return null;
  return { percent, phase };
}

/** Progress from one line of nmap's stdout; null when the line carries none. */
export function parseNmapProgressLine(line: string): NmapProgress | null {
  const timing = TIMING_LINE.exec(line);
  if (timing) return progressOf(timing[1] ?? '', timing[2]);
  const element = TASK_PROGRESS.exec(line);
  if (!element) return null;
  const attrs: Record<string, string> = {};
  for (const match of (element[1] ?? '').matchAll(ATTRIBUTE)) attrs[match[1] ?? ''] = decodeXmlText(match[2] ?? '');
  return progressOf(attrs.task ?? '', attrs.percent);
}
