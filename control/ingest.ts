// `portcullis ingest`: applies what scanners stream (control/ — the control plane only). Each registered,
// unrevoked scanner has its own stream; this process leases some of them (stream-lease.ts), reads them
// with a consumer group (XREADGROUP; a dead consumer's pending entries are taken over with XAUTOCLAIM),
// parses every message as hostile input and applies it to PostgreSQL through the scan service's report
// side, which accepts a report only for an active run of the scanner's pool assigned to that scanner.
// An entry is acknowledged (XACK, then XDEL) once applied or refused; a database error leaves it pending.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { resultStreamKey } from '../core/events/scanner-keys.js';
import { parseScannerEntry, type IngestMessage, type ResultsBatch } from '../core/events/scanner-stream.js';
import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { createRedisClient } from '../core/redis.js';
import { tuneHeapForStreaming } from '../core/streaming-heap.js';
import type { createScannerReportSide, ReportingScanner, ReportOutcome } from '../core/scans/run-worker-side.js';
import { applyHeartbeat, listScanners } from '../db/repositories/scanner.repository.js';
import type { Database } from '../db/schema/database.js';
import { holdLease, leaseKey, releaseLease } from './stream-lease.js';

export const INGEST_GROUP = 'ingest';
/** Tries of one entry whose apply throws (database down) before it is dropped (~1 s apart). */
const MAX_TRIES = 120;
/** Entries read at a time per stream: a results entry holds up to 20,000 ports (about 2 MB as port lines), so this bounds memory. */
const READ_COUNT = 4;

type ReportSide = ReturnType<typeof createScannerReportSide>;

interface ParsedEntry {
  id: string;
  /** Null when the entry is not a message of ours (dropped, acknowledged). */
  message: IngestMessage | null;
}

const sameRun = (message: IngestMessage | null, runId: number) => message?.t === 'results' && message.runId === runId;

/** Parses entries as hostile input, one at a time, letting the event loop run between them (the database's answers). */
async function parseEntries(entries: ReadonlyArray<{ id: string; message: Record<string, string> }>): Promise<ParsedEntry[]> {
  const parsed: ParsedEntry[] = [];
  for (const entry of entries) {
    parsed.push({ id: entry.id, message: parseScannerEntry(entry.message) });
    await setImmediate();
  }
  return parsed;
}

export interface IngestOptions {
  db: Kysely<Database>;
  redisUrl: string;
  prefix: string;
  reports: ReportSide;
  logger: Logger;
  /** How long a finish may wait for its batches before the run ends without them (default 30 s). */
  finishWaitMs?: number;
  leaseMs?: number;
}

export interface RunningIngest {
  consumer: string;
  close(): Promise<void>;
}

interface HeldStream extends ReportingScanner {
  key: string;
  /** Entries were left pending (retry): read this consumer's pending entries before new ones. */
  pending: boolean;
  retryAt: number;
}

/** Starts applying scanners' streams; tunes the process's heap for it (core/streaming-heap.ts). */
export async function startIngest(options: IngestOptions): Promise<RunningIngest> {
  tuneHeapForStreaming();
  const { logger } = options;
  const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 10_000;
  const finishWaitMs = options.finishWaitMs ?? 30_000;
  const reader = createRedisClient(options.redisUrl, { name: 'portcullis-ingest-reader' });
  const writer = createRedisClient(options.redisUrl, { name: 'portcullis-ingest' });
  for (const c of [reader, writer]) c.on('error', (error: Error) => logger.warn({ err: error.message }, 'ingest: Redis error'));
  await Promise.all([reader.connect(), writer.connect()]);

  const held = new Map<string, HeldStream>();
  const firstSeen = new Map<string, number>();
  const failures = new Map<string, number>();
  let stopped = false;

  async function refresh(): Promise<void> {
    const scanners = (await listScanners(options.db)).filter((s) => s.revoked_at === null);
    const live = new Set(scanners.map((s) => s.id));
    for (const [name, stream] of held) {
      if (!live.has(name)) {
        held.delete(name);
        await releaseLease(writer, leaseKey(options.prefix, stream.name), consumer).catch(() => undefined);
      }
    }
    for (const s of scanners) {
      const lease = await holdLease(writer, leaseKey(options.prefix, s.id), consumer, leaseMs);
      if (!lease.held) {
        held.delete(s.id);
        continue;
      }
      const key = resultStreamKey(options.prefix, s.id);
      const current = held.get(s.id);
      if (current && !lease.fresh) {
        current.pool = s.pool;
        continue;
      }
      await writer.xGroupCreate(key, INGEST_GROUP, '0', { MKSTREAM: true }).catch((error: Error) => {
        if (!/BUSYGROUP/.test(error.message)) throw error;
      });
      // Entries a previous holder took but never acknowledged come first, in order.
      await writer.xAutoClaim(key, INGEST_GROUP, consumer, 0, '0-0', { COUNT: 10_000 });
      held.set(s.id, { name: s.id, pool: s.pool, key, pending: true, retryAt: 0 });
    }
  }

  async function apply(stream: HeldStream, id: string, message: IngestMessage): Promise<ReportOutcome> {
    const r = options.reports;
    switch (message.t) {
      case 'heartbeat': {
        const ok = await applyHeartbeat(options.db, stream.name, { worker_id: message.workerId, host: message.host, version: message.version, capabilities: message.capabilities, running_jobs: message.runningJobs });
        return ok ? { applied: true } : { applied: false, retry: false, reason: `scanner ${stream.name} is not registered or revoked` };
      }
      case 'started':
        return r.started(stream, message.runId, message.workerId);
      case 'progress':
        return r.progress(stream, message.runId, message.percent, message.phase);
      case 'logs':
        return r.logs(stream, message.runId, message.lines.map((l) => ({ at: new Date(l.at), level: l.level, message: l.message })));
      case 'results':
        return r.results(stream, message.runId, message.batchId, message.ports, message.findings);
      case 'finish': {
        const since = firstSeen.get(id) ?? Date.now();
        firstSeen.set(id, since);
        const end = { status: message.status, ...(message.error ? { error: message.error } : {}), warnings: message.warnings, progress: message.progress, startedAt: new Date(message.startedAt), endedAt: new Date(message.endedAt) };
        return r.finish(stream, message.runId, end, message.shipped, Date.now() - since > finishWaitMs);
      }
      case 'lost':
        return r.lost(stream, message.runId, message.reason);
      case 'refused':
        return r.refused(stream, message.runId, message.reason, message.message, message.verified);
    }
  }

  /**
   * Applies parsed entries in order; stops at the first one to retry. The entries applied or refused are
   * acknowledged (and deleted from the stream) together at the end.
   */
  async function applyEntries(stream: HeldStream, entries: readonly ParsedEntry[]): Promise<void> {
    const done: string[] = [];
    try {
      await applyInOrder(stream, entries, done);
    } finally {
      if (done.length > 0) await Promise.all([writer.xAck(stream.key, INGEST_GROUP, done), writer.xDel(stream.key, done)]);
    }
  }

  async function applyInOrder(stream: HeldStream, entries: readonly ParsedEntry[], done: string[]): Promise<void> {
    for (let i = 0; i < entries.length; ) {
      const { id, message } = entries[i]!;
      // Consecutive results batches of one run are applied in one transaction (one check, one commit).
      let group = 1;
      while (message?.t === 'results' && i + group < entries.length && sameRun(entries[i + group]!.message, message.runId)) group += 1;
      const ids = entries.slice(i, i + group).map((e) => e.id);
      let outcome: ReportOutcome;
      if (!message) outcome = { applied: false, retry: false, reason: 'malformed message dropped' };
      else {
        try {
          outcome = group > 1 && message.t === 'results'
            ? await options.reports.resultBatches(stream, message.runId, entries.slice(i, i + group).map((e) => e.message as ResultsBatch))
            : await apply(stream, id, message);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          const tries = (failures.get(id) ?? 0) + 1;
          failures.set(id, tries);
          // A refusal of the scan service (illegal transition, unknown run) will not change by retrying; a
          // database that is down will: retry, but never let one entry hold its stream up for good.
          const deterministic = error instanceof UserError || tries > MAX_TRIES;
          logger.warn({ scanner: stream.name, entry: id, entries: group, type: message.t, err: reason, tries }, deterministic ? 'ingest: report not applicable; dropped' : 'ingest: applying failed; retrying');
          outcome = deterministic ? { applied: false, retry: false, reason } : { applied: false, retry: true, reason: 'error' };
        }
      }
      if (!outcome.applied && outcome.retry) {
        stream.pending = true;
        stream.retryAt = Date.now() + (outcome.reason === 'error' ? 1000 : 250);
        return;
      }
      if (!outcome.applied) logger.warn({ scanner: stream.name, entry: id, entries: group, type: message?.t ?? 'unknown', reason: outcome.reason }, 'ingest: scanner report refused');
      for (const entryId of ids) {
        firstSeen.delete(entryId);
        failures.delete(entryId);
        done.push(entryId);
      }
      i += group;
    }
  }

  async function readPending(stream: HeldStream): Promise<void> {
    if (Date.now() < stream.retryAt) return;
    const batch = await writer.xReadGroup(INGEST_GROUP, consumer, [{ key: stream.key, id: '0' }], { COUNT: READ_COUNT });
    const entries = batch?.[0]?.messages ?? [];
    stream.pending = false;
    await applyEntries(stream, await parseEntries(entries));
    if (entries.length === READ_COUNT) stream.pending = true;
  }

  /** Reads new entries of these streams (blocking up to 500 ms) and parses them, yielding between entries. */
  async function readFresh(streams: HeldStream[]): Promise<Array<{ stream: HeldStream; entries: ParsedEntry[] }>> {
    const batch = await reader.xReadGroup(INGEST_GROUP, consumer, streams.map((s) => ({ key: s.key, id: '>' })), { COUNT: READ_COUNT, BLOCK: 500 });
    const parts: Array<{ stream: HeldStream; entries: ParsedEntry[] }> = [];
    for (const part of batch ?? []) {
      const stream = streams.find((s) => s.key === part.name);
      if (stream) parts.push({ stream, entries: await parseEntries(part.messages) });
    }
    return parts;
  }
  const sameStreams = (a: HeldStream[], b: HeldStream[]) => a.length === b.length && a.every((s, i) => s === b[i]);
  let next: { streams: HeldStream[]; reading: ReturnType<typeof readFresh> } | null = null;
  /**
   * A read ahead not used: once it is in (its entries are then pending for this consumer), its streams read
   * their pending entries first, in order.
   */
  async function dropNext(): Promise<void> {
    const dropped = next;
    next = null;
    if (!dropped) return;
    await dropped.reading.catch(() => undefined);
    for (const stream of dropped.streams) stream.pending = true;
  }

  let lastRefresh = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        if (Date.now() - lastRefresh > leaseMs / 3) {
          await refresh();
          lastRefresh = Date.now();
        }
        // A stream that turned pending reads its pending entries from the start: a read ahead that holds
        // some of them is dropped first, so no entry is applied twice (logs are not idempotent).
        if (next?.streams.some((s) => s.pending || held.get(s.name) !== s)) await dropNext();
        for (const stream of held.values()) if (stream.pending) await readPending(stream);
        const fresh = [...held.values()].filter((s) => !s.pending);
        if (fresh.length === 0) {
          await dropNext();
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        // While this read's entries are applied, the next read is already on its way and parsed (a
        // stream that had more than READ_COUNT entries waiting): PostgreSQL never waits for Redis or for
        // the checks of the next batch. Its entries are ours (pending) until acknowledged, like any read.
        const reading = next && sameStreams(next.streams, fresh) ? next.reading : (await dropNext(), readFresh(fresh));
        next = null;
        const batch = await reading;
        if (batch.some((part) => part.entries.length === READ_COUNT)) {
          next = { streams: fresh, reading: readFresh(fresh) };
          next.reading.catch(() => undefined);
        }
        for (const part of batch) {
          const stream = held.get(part.stream.name);
          // A stream that turned pending meanwhile reads these entries again, in order, from its pending list.
          if (stream === part.stream && !stream.pending) await applyEntries(stream, part.entries);
        }
      } catch (error) {
        if (stopped) break;
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'ingest: loop error; retrying in 1 s');
        // Entries read but not applied (or applied but not acknowledged) are pending: read them again first.
        await dropNext();
        for (const stream of held.values()) stream.pending = true;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();
  logger.info({ consumer }, 'ingest started');

  return {
    consumer,
    async close() {
      stopped = true;
      await loop;
      for (const stream of held.values()) await releaseLease(writer, leaseKey(options.prefix, stream.name), consumer).catch(() => undefined);
      reader.destroy();
      await writer.quit().catch(() => writer.destroy());
    },
  };
}
