// The feed parser threads: NVD files are parsed (JSON, records, the COPY text of store rows) in worker
// threads, one file each, while this thread and PostgreSQL store the previous files, so an import of a
// large feed uses every core (parsing is most of its work). Records are parsed one at a time, so little
// outlives a young collection; the workers' young generation is a little larger than V8's default (48 MB:
// 120,000 records imported as fast as with 192 MB, peak RSS 384 MB instead of 490 MB).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { withDeadline } from '../deadline.js';
import { UserError, type ErrorCode } from '../errors.js';
import type { FeedDocument } from './feed-files.js';

/** Young generation of the worker (3 × its semi-space). */
const YOUNG_GENERATION_MB = 48;
/** At most this many parser threads (this thread and PostgreSQL need a share of the cores too). */
const MAX_THREADS = 2;
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

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) this.listen(worker);
  }

  /** How many files are best parsed at once: one per parser thread. */
  get threads(): number {
    return this.workers.length;
  }

  private listen(worker: Worker): void {
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

  /** Parser threads, or undefined where the compiled worker is not there (running from the sources). */
  static open(threads = Math.min(MAX_THREADS, availableParallelism())): FeedParser | undefined {
    const url = new URL('./feed-parse-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(url))) return undefined;
    const count = Math.max(1, threads);
    return new FeedParser(Array.from({ length: count }, () => new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })));
  }

  parse(file: string): Promise<FeedDocument> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const reply = new Promise<FeedDocument>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    // Round robin: with files of about one size, each thread has one in hand while the others parse theirs.
    this.workers[id % this.workers.length]!.postMessage({ id, file } satisfies ParseRequest);
    return withDeadline(reply, PARSE_DEADLINE_MS, `parsing ${file}`);
  }

  async close(): Promise<void> {
    for (const worker of this.workers) worker.removeAllListeners('exit');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
