// What a scanner sends to the control plane, one JSON message per stream entry (field `m`) on its own
// result stream: heartbeat, run started, progress, leveled logs, result batches, the end of a run, and
// refusals of orders. Everything here arrives from a host outside the trust boundary: ingest parses it with
// these schemas and bounds every size before it reaches PostgreSQL.
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const runId = z.number().int().positive().max(2 ** 31 - 1);
const isoDate = z.string().datetime();

export const MAX_BATCH_PORTS = 5000;
export const MAX_LOG_LINES = 500;

const wirePort = z.object({
  ip: text(64),
  port: z.number().int().min(0).max(65535),
  protocol: z.enum(['tcp', 'udp']),
  state: text(32),
  service: text(200).optional(),
  product: text(500).optional(),
  version: text(500).optional(),
  banner: text(20_000).optional(),
  ttl: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  scripts: z.record(text(200), text(20_000)).optional(),
});

const wireFinding = z.object({
  ruleId: text(100),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  title: text(1000),
  ip: text(64),
  port: z.number().int().min(0).max(65535),
  protocol: z.enum(['tcp', 'udp']),
  evidence: text(20_000),
  remediation: text(5000),
});

/** The batches one execution (token) of a job shipped: the run ends only once all of them are applied. */
const shipped = z.object({ token: text(200), count: z.number().int().min(0).max(10_000_000) });

export const scannerMessageSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('heartbeat'), at: isoDate, workerId: text(200), host: text(200), version: text(100), runningJobs: z.number().int().min(0).max(10_000),
    capabilities: z.object({ masscan: text(200).nullable(), nmap: text(200).nullable(), rawSockets: z.boolean(), problems: z.array(text(500)).max(20) }),
  }),
  z.object({ t: z.literal('started'), at: isoDate, runId, workerId: text(200), chunk: z.number().int().min(0).nullable() }),
  z.object({ t: z.literal('progress'), at: isoDate, runId, percent: z.number().min(0).max(100), phase: text(200) }),
  z.object({ t: z.literal('logs'), runId, lines: z.array(z.object({ at: isoDate, level: z.enum(['info', 'warning', 'error']), message: text(10_000) })).max(MAX_LOG_LINES) }),
  z.object({ t: z.literal('results'), runId, batchId: text(250), openPorts: z.array(wirePort).max(MAX_BATCH_PORTS), findings: z.array(wireFinding).max(MAX_BATCH_PORTS) }),
  z.object({
    t: z.literal('finish'), runId, status: z.enum(['completed', 'failed', 'cancelled']), error: text(5000).optional(), warnings: z.array(text(2000)).max(100),
    progress: z.number().min(0).max(100), startedAt: isoDate, endedAt: isoDate, shipped: z.array(shipped).max(100_000),
  }),
  /** A job of the run failed for good (its scanner died more often than allowed, or the handler threw). */
  z.object({ t: z.literal('lost'), at: isoDate, runId, reason: text(2000) }),
  z.object({ t: z.literal('refused'), at: isoDate, runId: runId.optional(), reason: text(40), message: text(2000), verified: z.boolean() }),
]);

export type ScannerMessage = z.infer<typeof scannerMessageSchema>;
export type WirePort = z.infer<typeof wirePort>;
export type WireFinding = z.infer<typeof wireFinding>;
export type ShippedBatches = z.infer<typeof shipped>;

/** Parses one stream entry's `m` field; null when it is not a message of ours. */
export function parseScannerMessage(raw: string | undefined): ScannerMessage | null {
  if (raw === undefined || raw.length > 64 * 1024 * 1024) return null;
  try {
    const result = scannerMessageSchema.safeParse(JSON.parse(raw));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
