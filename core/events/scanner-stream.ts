// What a scanner sends to the control plane, one JSON message per stream entry (field `m`) on its own
// result stream: heartbeat, run started, progress, leveled logs, result batches, the end of a run, and
// refusals of orders. A results batch carries its open ports in the compact line form of port-lines.ts in
// the entry's fields p0, p1, … (whole lines joined by \n; `portLines` says how many in all), or — older scanners, tests — as JSON in `openPorts`.
// Everything here arrives from a host outside the trust boundary: ingest parses it with these schemas (the
// port lines with checkPortLines) and bounds every size before it reaches PostgreSQL.
import { z } from 'zod';
import { checkPortLines, portLinesOf, type PortLines } from './port-lines.js';

const text = (max: number) => z.string().max(max);
const runId = z.number().int().positive().max(2 ** 31 - 1);
const isoDate = z.string().datetime();

export const MAX_BATCH_PORTS = 20_000;
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
  z.object({
    t: z.literal('results'), runId, batchId: text(250), findings: z.array(wireFinding).max(MAX_BATCH_PORTS),
    // One of the two: ports as JSON, or the count of port lines in fields p0, p1, … A batch in line form has
    // no openPorts, so an ingest that predates port lines refuses it (loudly) instead of storing it empty.
    openPorts: z.array(wirePort).max(MAX_BATCH_PORTS).optional(),
    portLines: z.number().int().min(0).max(MAX_BATCH_PORTS).optional(),
  }),
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

/** A results batch as ingest applies it: its ports checked, in line form, whichever form they came in. */
export interface ResultsBatch {
  t: 'results';
  runId: number;
  batchId: string;
  ports: PortLines;
  findings: WireFinding[];
}
export type IngestMessage = Exclude<ScannerMessage, { t: 'results' }> | ResultsBatch;

/** The longest field of a stream entry ingest reads (a batch of 20,000 ports with long banners fits). */
const MAX_FIELD = 64 * 1024 * 1024;

/** Parses one stream entry (fields `m` and, for a results batch in line form, p0, p1, …); null when it is not a message of ours. */
export function parseScannerEntry(fields: Record<string, string>): IngestMessage | null {
  const message = parseScannerMessage(fields.m);
  if (message?.t !== 'results') return message;
  const { runId, batchId, findings } = message;
  if (message.portLines === undefined) return message.openPorts ? { t: 'results', runId, batchId, findings, ports: portLinesOf(message.openPorts) } : null;
  const parts: string[] = [];
  for (let k = 0; fields[`p${k}`] !== undefined; k++) parts.push(fields[`p${k}`]!);
  if (message.openPorts !== undefined || parts.some((p) => p.length > MAX_FIELD)) return null;
  const ports = checkPortLines(parts, message.portLines);
  return ports ? { t: 'results', runId, batchId, findings, ports } : null;
}

/** Parses one stream entry's `m` field; null when it is not a message of ours. */
export function parseScannerMessage(raw: string | undefined): ScannerMessage | null {
  if (raw === undefined || raw.length > MAX_FIELD) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (isRecord(value) && value.t === 'results') return resultsMessage(value);
    const result = scannerMessageSchema.safeParse(value);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

// The hot path: a million ports arrive as results batches, and a schema library spends 4× the JSON parse on
// them. Hand-written checks with exactly the bounds of the schemas above (a test holds them to the schema).
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isOptText = (v: unknown, max: number) => v === undefined || isText(v, max);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isProtocol = (v: unknown) => v === 'tcp' || v === 'udp';
const SEVERITY = new Set(['critical', 'high', 'medium', 'low', 'info']);
const PORT_KEYS = new Set(['ip', 'port', 'protocol', 'state', 'service', 'product', 'version', 'banner', 'ttl', 'scripts']);
const FINDING_KEYS = new Set(['ruleId', 'severity', 'title', 'ip', 'port', 'protocol', 'evidence', 'remediation']);

function isWirePort(p: unknown): p is WirePort {
  if (!isRecord(p) || !isText(p.ip, 64) || !isInt(p.port, 0, 65535) || !isProtocol(p.protocol) || !isText(p.state, 32)) return false;
  if (!isOptText(p.service, 200) || !isOptText(p.product, 500) || !isOptText(p.version, 500) || !isOptText(p.banner, 20_000)) return false;
  if (p.ttl !== undefined && !isInt(p.ttl, 0, 2 ** 31 - 1)) return false;
  if (p.scripts !== undefined && !(isRecord(p.scripts) && Object.entries(p.scripts).every(([k, v]) => k.length <= 200 && isText(v, 20_000)))) return false;
  for (const key in p) if (!PORT_KEYS.has(key)) delete p[key];
  return true;
}

function isWireFinding(f: unknown): f is WireFinding {
  if (!isRecord(f) || !isText(f.ruleId, 100) || !SEVERITY.has(f.severity as string) || !isText(f.title, 1000) || !isText(f.ip, 64)) return false;
  if (!isInt(f.port, 0, 65535) || !isProtocol(f.protocol) || !isText(f.evidence, 20_000) || !isText(f.remediation, 5000)) return false;
  for (const key in f) if (!FINDING_KEYS.has(key)) delete f[key];
  return true;
}

function resultsMessage(v: Record<string, unknown>): ScannerMessage | null {
  if (!isInt(v.runId, 1, 2 ** 31 - 1) || !isText(v.batchId, 250)) return null;
  if (v.portLines !== undefined && !isInt(v.portLines, 0, MAX_BATCH_PORTS)) return null;
  const { openPorts, findings } = v;
  if ((openPorts !== undefined && (!Array.isArray(openPorts) || openPorts.length > MAX_BATCH_PORTS)) || !Array.isArray(findings) || findings.length > MAX_BATCH_PORTS) return null;
  for (const p of openPorts ?? []) if (!isWirePort(p)) return null;
  for (const f of findings) if (!isWireFinding(f)) return null;
  return {
    t: 'results', runId: v.runId, batchId: v.batchId, findings: findings as WireFinding[],
    ...(openPorts !== undefined ? { openPorts: openPorts as WirePort[] } : {}), ...(v.portLines !== undefined ? { portLines: v.portLines as number } : {}),
  };
}
