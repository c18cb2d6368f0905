// `portcullis parse` of a big nmap XML file in two parts, each parsed, judged and rendered on a thread of
// its own (part-worker.ts) into spool files, joined by the main thread (parse-in-parts.ts) into the output
// one thread would print. These are the messages between them.
import type { NmapDocumentState } from '../../scanner/parsers/nmap-xml.js';
import type { Severity } from '../../scanner/types.js';
import type { HandedOverSpool } from '../output/line-spool.js';

export interface PartInput {
  file: string;
  /** The part's bytes: [start, end) of the file, cut right after a `</host>`. */
  start: number;
  end: number;
  /** 0: the first part (its text output measures the table's columns), 1: the second. */
  index: number;
  json: boolean;
  tarpitThreshold: number;
  /** Where the part spools its ports and findings; the main thread owns and removes it. */
  dir: string;
}

export type PartMessage =
  /** First part, text output: the column widths measured on its first rows (for the second part). */
  | { type: 'widths'; widths: number[] }
  | {
      type: 'done';
      state: NmapDocumentState;
      /** Its ports as printed, spooled. */
      ports: { spool: HandedOverSpool; count: number };
      /** Each severity's findings as printed after a separator. */
      findings: Array<{ severity: Severity; spool: HandedOverSpool }>;
    }
  | { type: 'failed'; message: string };

export type MainMessage = { type: 'widths'; widths: number[] };
