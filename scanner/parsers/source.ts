// Parsers read scanner output from a stream, a string or a buffer alike. This turns any of them into a
// sequence of byte chunks, so the parsers never hold a whole file and yield to the event loop as they go.
import type { Readable } from 'node:stream';

/** Tool output: a stream (e.g. fs.createReadStream), or the whole text/bytes (a string is content, not a path). */
export type ParserSource = Readable | string | Buffer | AsyncIterable<Buffer | string>;

const SLICE_BYTES = 1 << 20;
const YIELD_EVERY_BYTES = 4 << 20;

/** Lets timers and I/O run between chunks of a long parse. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function toBuffer(chunk: Buffer | string | Uint8Array): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** The source as byte chunks (at most 1 MiB each for in-memory input), yielding the event loop every 4 MiB. */
export async function* sourceChunks(source: ParserSource): AsyncGenerator<Buffer> {
  let sinceYield = 0;
  if (typeof source === 'string' || Buffer.isBuffer(source)) {
    const bytes = toBuffer(source);
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      yield bytes.subarray(at, Math.min(bytes.length, at + SLICE_BYTES));
      sinceYield += SLICE_BYTES;
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
    return;
  }
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    const bytes = toBuffer(chunk);
    if (bytes.length === 0) continue;
    yield bytes;
    sinceYield += bytes.length;
    if (sinceYield >= YIELD_EVERY_BYTES) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
}

/** Chunks already read (e.g. to detect the format) followed by the rest of the source. */
export async function* prependChunks(head: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
