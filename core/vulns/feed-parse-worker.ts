// The worker thread of FeedParser: reads and parses the files it is sent, one at a time, and answers with
// the document (NVD records as store rows) or the error.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { readFeedFileAsRows } from './feed-files.js';
import type { ParseReply, ParseRequest } from './feed-parser.js';

const port = parentPort;
if (!port) throw new Error('feed-parse-worker runs as a worker thread');
let queue = Promise.resolve();
port.on('message', (request: ParseRequest) => {
  // One file at a time, answered in order.
  queue = queue.then(async () => {
    let reply: ParseReply;
    try {
      reply = { id: request.id, doc: await readFeedFileAsRows(request.file) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof UserError ? { message: error.message, code: error.code } : { message: error instanceof Error ? error.message : String(error) } };
    }
    port.postMessage(reply);
  });
});
