// The feed parser thread: NVD files are parsed (JSON, records, store rows) in a worker thread while this
// thread and PostgreSQL store the previous file, so an import of a large feed uses both cores. The worker's
// young generation is sized for a 30 MB API page: parsed whole, a page's objects stay alive through every
// young collection, and with the default size those collections cost more than the parse itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { withDeadline } from '../deadline.js';
import { UserError, type ErrorCode } from '../errors.js';
import type { FeedDocument } from './feed-files.js';

/** Young generation of the worker (3 × its semi-space). */
const YOUNG_GENERATION_MB = 192;
/** Parsing one file takes well under a second per 30 MB; this only guards against a stuck worker. */
const PARSE_DEADLINE_MS = 5 * 60_000;

export interface ParseRequest {
  id: number;
  file: string;
}

export type ParseReply =
  | { id: number; doc: FeedDocument }
  | { id: number; error: { message: string; code?: ErrorCode } };

interface Waiter {
  resolve: (doc: FeedDocument) => void;
  reject: (error: Error) => void;
}

export class FeedParser {
  private nextId = 0;
  private readonly waiting = new Map<number, Waiter>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ParseReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiter) return;
      if ('doc' in reply) waiter.resolve(reply.doc);
      else waiter.reject(reply.error.code ? new UserError(reply.error.code, reply.error.message) : new Error(reply.error.message));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the feed parser thread ended (exit code ${code})`)));
  }

  /** A parser thread, or undefined where the compiled worker is not there (running from the sources). */
  static open(): FeedParser | undefined {
    const url = new URL('./feed-parse-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(url))) return undefined;
    return new FeedParser(new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }));
  }

  parse(file: string): Promise<FeedDocument> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const reply = new Promise<FeedDocument>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, file } satisfies ParseRequest);
    return withDeadline(reply, PARSE_DEADLINE_MS, `parsing ${file}`);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
