// masscan NDJSON (-oD): one JSON record a line, `rec_type` "status" (data.status, data.ttl) or "banner"
// (data.service_name, data.banner). The format the masscan runner writes, so it is the fast one: lines of
// masscan's own shape are read from the bytes by masscan-ndjson-fast.ts, anything else by JSON.parse here.
import { lineBlocks, type LineStats } from './line-batches.js';
import { readFastLine } from './masscan-ndjson-fast.js';
import { MasscanPortTable, type MasscanParseResult } from './masscan-ports.js';
import type { MasscanParseOptions, PortsCallback } from './masscan-window.js';
import { yieldToEventLoop, type ParserSource } from './source.js';

type JsonObject = Record<string, unknown>;

export interface MasscanNdjsonOptions extends MasscanParseOptions {
  /** false: read every line with JSON.parse (the test that compares both paths uses it). Default true. */
  fast?: boolean;
}

/** Lines read the slow way before the event loop gets a turn: hostile input cannot hold it for long. */
const SLOW_LINES_PER_TURN = 2048;

function object(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

const isJsonSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Could JSON.parse make an object of it? (Saves throwing an exception per line of junk.) */
function bracedObject(line: string): boolean {
  let from = 0;
  let to = line.length - 1;
  while (from <= to && isJsonSpace(line.charCodeAt(from))) from += 1;
  while (to > from && isJsonSpace(line.charCodeAt(to))) to -= 1;
  return to > from && line.charCodeAt(from) === 123 && line.charCodeAt(to) === 125;
}

function readRecord(line: string, table: MasscanPortTable): void {
  let record: JsonObject | undefined;
  try {
    record = bracedObject(line) ? object(JSON.parse(line)) : undefined;
  } catch {
    record = undefined;
  }
  const data = object(record?.data);
  if (!record || !data) return void (table.malformed += 1);
  if (record.rec_type === 'status') return table.status(record.ip, record.port, record.proto, data.status, data.ttl);
  if (record.rec_type === 'banner') return table.banner(record.ip, record.port, record.proto, data.service_name, data.banner);
  table.malformed += 1;
}

class NdjsonReader {
  hadContent = false;
  constructor(
    private readonly table: MasscanPortTable,
    private readonly fast: boolean,
  ) {}

  /** Reads the lines of `block` from `at`; returns where it stopped (the block's end, or early to yield). */
  read(block: Buffer, at: number): number {
    const table = this.table;
    let slow = 0;
    while (at < block.length) {
      if (this.fast && block[at] === 123) {
        const next = readFastLine(block, at, table);
        if (next !== -1) {
          this.hadContent = true;
          at = next;
          continue;
        }
      }
      let end = block.indexOf(10, at);
      if (end === -1) end = block.length;
      if (end > at) {
        const line = block.toString('utf8', at, end);
        if (line.trim().length > 0) {
          this.hadContent = true;
          readRecord(line, table);
        }
        if ((slow += 1) === SLOW_LINES_PER_TURN) return end + 1;
      }
      at = end + 1;
    }
    return at;
  }
}

/**
 * Parses masscan NDJSON output. `onPorts` receives the open ports in batches; with `collect: false` only
 * it sees them, as they leave a bounded window, so memory stays flat on output of any size (a port whose
 * banner comes after it left the window is delivered again: see masscan-window.ts).
 */
export async function parseMasscanNdjson(source: ParserSource, onPorts?: PortsCallback, options: MasscanNdjsonOptions = {}): Promise<MasscanParseResult> {
  const table = new MasscanPortTable(onPorts, options);
  const reader = new NdjsonReader(table, options.fast ?? true);
  const stats: LineStats = { oversized: 0 };
  for await (const block of lineBlocks(source, stats)) {
    for (let at = reader.read(block, 0); at < block.length; at = reader.read(block, at)) await yieldToEventLoop();
    table.flush();
    if (options.afterBlock) await options.afterBlock();
  }
  table.malformed += stats.oversized;
  return table.result('masscan NDJSON (-oD)', reader.hadContent);
}
