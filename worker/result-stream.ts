// The Redis-backed WorkerScanService: everything the scanner reports — heartbeat, run started, progress,
// leveled logs, result batches, the end of a run, refused orders — is one XADD on the scanner's own
// stream (resultStreamKey), which the control plane's ingest applies to PostgreSQL. The scanner never
// talks to the database. Each XADD is awaited (back-pressure on a slow Redis) and has a deadline.
import { resultStreamKey } from '../core/events/scanner-keys.js';
import { joinPortLines } from '../core/events/port-lines.js';
import type { ScannerMessage } from '../core/events/scanner-stream.js';
import type { RedisClient } from '../core/redis.js';
import type { WorkerScanService } from './worker-context.js';
import { withDeadline } from '../core/deadline.js';
import { tuneHeapForStreaming } from '../core/streaming-heap.js';

/** Longest an XADD may wait (Redis reconnecting) before the caller hears about it. */
const XADD_DEADLINE_MS = 30_000;

/**
 * A batch's port lines as the entry fields p0, p1, … of about 32 KiB each (whole lines, joined by \n): strings
 * that small live and die in V8's young generation on both sides, where one string of the whole batch
 * would land in the large-object space and pile up until a full GC (peak RSS growing with the run's size).
 */
function portLineFields(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(joinPortLines(lines).map((part, k) => [`p${k}`, part]));
}

/** The scanner's reports as XADDs; tunes the process's heap for streaming results (core/streaming-heap.ts). */
export function createStreamScanService(client: RedisClient, prefix: string, scanner: string): WorkerScanService {
  tuneHeapForStreaming();
  const key = resultStreamKey(prefix, scanner);
  const send = async (message: ScannerMessage): Promise<void> => {
    await withDeadline(client.xAdd(key, '*', { m: JSON.stringify(message) }), XADD_DEADLINE_MS, `send ${message.t} to ${key}`);
  };
  const at = () => new Date().toISOString();
  return {
    send,
    started: (runId, workerId, chunk) => send({ t: 'started', at: at(), runId, workerId, chunk }),
    recordProgress: (runId, percent, phase) => send({ t: 'progress', at: at(), runId, percent: Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0)), phase: phase.slice(0, 200) }),
    appendLogs: async (runId, lines) => {
      for (let i = 0; i < lines.length; i += 500) {
        await send({ t: 'logs', runId, lines: lines.slice(i, i + 500).map((l) => ({ at: l.at.toISOString(), level: l.level, message: l.message.slice(0, 10_000) })) });
      }
    },
    shipResults: async (runId, batchId, portLines, findings) => {
      const message: ScannerMessage = { t: 'results', runId, batchId, findings, portLines: portLines.length };
      await withDeadline(client.xAdd(key, '*', { m: JSON.stringify(message), ...portLineFields(portLines) }), XADD_DEADLINE_MS, `send results to ${key}`);
    },
    finishRun: (runId, final) => send({ t: 'finish', runId, ...final }),
    heartbeat: (beat) => send({ t: 'heartbeat', at: at(), ...beat }),
  };
}
