// masscan NDJSON (-oD): one JSON record a line, `rec_type` "status" (data.status, data.ttl) or "banner"
// (data.service_name, data.banner). The format the masscan runner writes, so it is the fast one.
import { lineBatches, type LineStats } from './line-batches.js';
import { readFastRecord } from './masscan-ndjson-fast.js';
import { MasscanPortTable, type MasscanParseResult } from './masscan-ports.js';
import type { ParserSource } from './source.js';

type JsonObject = Record<string, unknown>;

function object(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function readRecord(line: string, table: MasscanPortTable, fast: boolean): void {
  const quick = fast ? readFastRecord(line) : null;
  if (quick?.kind === 'status') return table.status(quick.ip, quick.port, quick.proto, quick.status, quick.ttl);
  if (quick?.kind === 'banner') return table.banner(quick.ip, quick.port, quick.proto, quick.name, quick.text);
  let record: JsonObject | undefined;
  try {
    record = object(JSON.parse(line));
  } catch {
    record = undefined;
  }
  const data = object(record?.data);
  if (!record || !data) return void (table.malformed += 1);
  if (record.rec_type === 'status') return table.status(record.ip, record.port, record.proto, data.status, data.ttl);
  if (record.rec_type === 'banner') return table.banner(record.ip, record.port, record.proto, data.service_name, data.banner);
  table.malformed += 1;
}

/** `fast: false` reads every line with JSON.parse (used by the test that compares both paths). */
export async function parseMasscanNdjson(source: ParserSource, options: { fast?: boolean } = {}): Promise<MasscanParseResult> {
  const fast = options.fast ?? true;
  const table = new MasscanPortTable();
  const stats: LineStats = { oversized: 0 };
  let hadContent = false;
  for await (const lines of lineBatches(source, stats)) {
    for (const line of lines) {
      if (line.length === 0 || line.trim().length === 0) continue;
      hadContent = true;
      readRecord(line, table, fast);
    }
  }
  table.malformed += stats.oversized;
  return table.result('masscan NDJSON (-oD)', hadContent);
}
