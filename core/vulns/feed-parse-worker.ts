// The worker thread of FeedParser: reads and parses the files it is sent, one at a time, and answers with
// the document (NVD records as the COPY text of their store rows, its buffers transferred, not copied) or
// the error.
import { parentPort, type TransferListItem } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { readFeedFileAsLines } from './feed-files.js';
import type { ParseReply, ParseRequest } from './feed-parser.js';

const port = parentPort;
if (!port) throw new Error('feed-parse-worker runs as a worker thread');
let queue = Promise.resolve();
port.on('message', (request: ParseRequest) => {
  // One file at a time, answered in order.
  queue = queue.then(async () => {
    let reply: ParseReply;
    const transfer: TransferListItem[] = [];
    try {
      const doc = await readFeedFileAsLines(request.file);
      // Never shared memory: vulnerabilityLines allocates both (Buffer.allocUnsafeSlow, Uint32Array.from).
      if (doc.kind === 'nvd-lines') transfer.push(doc.lines.text.buffer as ArrayBuffer, doc.lines.ends.buffer as ArrayBuffer);
      reply = { id: request.id, doc };
    } catch (error) {
      reply = { id: request.id, error: error instanceof UserError ? { message: error.message, code: error.code } : { message: error instanceof Error ? error.message : String(error) } };
    }
    port.postMessage(reply, transfer);
  });
});
