// `portcullis parse` of a big nmap XML file on two cores: the file is cut right after a `</host>` near its
// middle, each part is parsed, judged and rendered on a thread of its own (part-worker.ts), and this thread
// joins them into the writer: the first part's ports as they come, then the second's, then the findings of
// both by severity, then the warnings of the whole document. The output is the one a single thread prints.
import { mkdtemp, open, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { formatOfHead, type OutputFormat } from '../../scanner/parsers/detect-format.js';
import { nmapPartBoundary } from '../../scanner/parsers/nmap-part-boundary.js';
import { documentOutcome, mergeDocumentStates } from '../../scanner/parsers/nmap-xml.js';
import { handedOverBytes } from '../output/line-spool.js';
import type { ResultWriter } from '../output/result-writer.js';
import { FIRST_WINDOW, type TextRenderer } from '../output/text-renderer.js';
import type { MainMessage, PartInput, PartMessage } from './part-protocol.js';

/** Smaller files are parsed on one thread: starting two costs more than it saves. */
export const PARTS_MIN_BYTES = 16 << 20;
/**
 * Each part thread's heap: small semispaces and a capped old generation make V8 collect early, so two
 * heaps together stay smaller than one uncapped heap (a part that does not fit falls back, see below).
 */
const PART_YOUNG_GENERATION_MB = 12;
const PART_OLD_GENERATION_MB = 256;

type Done = Extract<PartMessage, { type: 'done' }>;

/** The part's `done` message; rejects when the thread fails or stops before it. `onWidths`: its widths message. */
function lastMessage(worker: Worker, onWidths?: (widths: number[]) => void): Promise<Done> {
  return new Promise((resolve, reject) => {
    worker.on('message', (message: PartMessage) => {
      if (message.type === 'widths') onWidths?.(message.widths);
      else if (message.type === 'done') resolve(message);
      else reject(new Error(`parsing failed: ${message.message}`));
    });
    worker.on('error', (error: Error & { code?: string }) => reject(new Error(error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? 'a part needs more memory than a part thread may use' : `parsing failed: ${error.message}`)));
    // After `done` this changes nothing (a promise settles once).
    worker.on('exit', (code) => reject(new Error(`a parse thread stopped (exit code ${code}) before the end of its part`)));
  });
}

async function headFormat(file: string): Promise<OutputFormat | undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return formatOfHead(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

export interface PartsOutcome {
  warnings: string[];
  /** Removes the parts' spool files: call after the writer has finished (it reads them). */
  cleanup(): Promise<void>;
}

/**
 * Parses `file` in two parts into `writer` (direct mode) when that pays: nmap XML, at least
 * PARTS_MIN_BYTES, two cores, a `</host>` near the middle. Undefined (nothing written) otherwise.
 */
export async function parseInParts(file: string, size: number, format: OutputFormat | undefined, writer: ResultWriter, text: TextRenderer | undefined, tarpitThreshold: number): Promise<PartsOutcome | undefined> {
  if (size < PARTS_MIN_BYTES || availableParallelism() < 2) return undefined;
  if ((format ?? (await headFormat(file))) !== 'nmap-xml') return undefined;
  const boundary = await nmapPartBoundary(file, Math.floor(size / 2));
  if (boundary <= 0 || boundary >= size) return undefined;

  const dir = await mkdtemp(join(tmpdir(), 'portcullis-parse-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const start = (index: number, from: number, to: number) => {
    const input: PartInput = { file, start: from, end: to, index, json: text === undefined, tarpitThreshold, dir };
    return new Worker(new URL('./part-worker.js', import.meta.url), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: PART_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: PART_OLD_GENERATION_MB } });
  };
  const second = start(1, boundary, size);
  const first = start(0, 0, boundary);
  let parts: [Done, Done];
  let widths: number[] | undefined;
  try {
    const secondEnd = lastMessage(second);
    secondEnd.catch(() => undefined);
    const firstEnd = lastMessage(first, (measured) => {
      widths = measured;
      second.postMessage({ type: 'widths', widths: measured } satisfies MainMessage);
    });
    parts = [await firstEnd, await secondEnd];
  } catch {
    // Nothing is written yet: the caller parses the file on its own thread instead, which has all the
    // memory it may need (a part thread's heap is capped: a part of enormous hosts may not fit).
    await cleanup();
    return undefined;
  } finally {
    await Promise.all([first.terminate(), second.terminate()]);
  }
  // Text whose first part printed too few rows to measure the columns on (FIRST_WINDOW): one thread
  // measures them on the rows after, so the output stays the same as one thread's.
  if (text && parts[0].ports.count < FIRST_WINDOW && parts[1].ports.count > 0) {
    await cleanup();
    return undefined;
  }
  try {
    const outcome = documentOutcome(mergeDocumentStates(parts.map((part) => part.state)));
    if (text && widths) text.useWidths(widths);
    for (const [index, part] of parts.entries()) await writer.addRenderedPorts(handedOverBytes(part.ports.spool), part.ports.count, index === 0);
    for (const part of parts) for (const { severity, spool } of part.findings) writer.addRenderedFindings(severity, spool);
    return { warnings: outcome.warnings, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
