// What `scan-now` and `parse` print, cut into the pieces a streaming writer emits in order: the status,
// each open port, the findings (most severe first) and the end (warnings, error). Two renderings: the one
// JSON object of DESIGN §8, and the text table for people.
import type { OpenPort, Severity } from '../../scanner/types.js';

/** A finding as printed (the fields DESIGN §8 and the text form use). */
export interface PrintedFinding {
  severity: Severity;
  title: string;
  ip: string;
  port: number;
  protocol: string;
}

export interface ResultEnd {
  error?: string;
  warnings: string[];
}

export interface ResultRenderer {
  start(status: string): string;
  /** `index`: 0 for the first port. May hold rows back (text: to measure the columns) until `portsEnd`. */
  port(port: OpenPort, index: number): string;
  portsEnd(portCount: number): string;
  /**
   * How ports rendered by a later part of the output (each as a port after the first) become the output's
   * first ports when no part before printed any: `drop` the text they start with, print `prefix` before
   * them (JSON drops the leading comma; text adds its heading).
   */
  laterPartLead(): { prefix: string; drop: string };
  findingsStart(findingCount: number): string;
  /** `index`: 0 for the first finding; any other index starts with `separator`. */
  finding(finding: PrintedFinding, index: number): string;
  /** What a finding after the first starts with (',' in JSON). */
  separator: string;
  end(end: ResultEnd): string;
}
