// Splits a source into lines, a block of complete lines at a time (each block decoded once and split), so
// line-oriented parsers (masscan -oD, -oL) run at memory speed. A line longer than the cap is dropped
// (and counted) instead of being buffered without end.
import { sourceChunks, type ParserSource } from './source.js';

export const MAX_LINE_BYTES = 32 << 20;

export interface LineStats {
  /** Lines dropped because they were longer than MAX_LINE_BYTES. */
  oversized: number;
}

const NEWLINE = 10;

/** Batches of lines (without their `\n`; a trailing `\r` is kept for the caller to trim), decoded as UTF-8. */
export async function* lineBatches(source: ParserSource, stats: LineStats): AsyncGenerator<string[]> {
  for await (const block of lineBlocks(source, stats)) {
    const end = block.length > 0 && block[block.length - 1] === NEWLINE ? block.length - 1 : block.length;
    yield block.toString('utf8', 0, end).split('\n');
  }
}

/**
 * Blocks of complete lines as bytes, for parsers that read fields straight from the bytes and decode only
 * what they keep. A block holds at most about `maxBlockBytes` (more only for a single longer line); a line
 * split across chunks comes as a block of its own. The last line of the input may lack its `\n`.
 */
export async function* lineBlocks(source: ParserSource, stats: LineStats, maxBlockBytes = 1 << 20): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  for await (const chunk of sourceChunks(source)) {
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) {
      if (skipping) continue;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > MAX_LINE_BYTES) {
        stats.oversized += 1;
        pending = [];
        pendingBytes = 0;
        skipping = true;
      }
      continue;
    }
    let from = 0;
    if (skipping || pendingBytes > 0) {
      if (!skipping) yield Buffer.concat([...pending, chunk.subarray(0, first + 1)]);
      skipping = false;
      from = first + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    for (let at = from; at <= last; ) {
      let end = at + maxBlockBytes >= last ? last : chunk.lastIndexOf(NEWLINE, at + maxBlockBytes - 1);
      if (end < at) end = chunk.indexOf(NEWLINE, at + maxBlockBytes);
      yield chunk.subarray(at, end + 1);
      at = end + 1;
    }
    const rest = chunk.subarray(last + 1);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
  }
  if (!skipping && pendingBytes > 0) yield Buffer.concat(pending);
}
