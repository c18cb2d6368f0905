// masscan JSON (-oJ), which is known to be broken: trailing commas, `{finish: 1}` records with bare keys,
// missing brackets when masscan was stopped. Records are read one object at a time (json-objects.ts):
// `{ip, timestamp, ports: [{port, proto, status, ttl} | {port, proto, service: {name, banner}}]}`.
import { StringDecoder } from 'node:string_decoder';
import { JsonObjectScanner } from './json-objects.js';
import { MasscanPortTable, type MasscanParseResult } from './masscan-ports.js';
import type { MasscanParseOptions, PortsCallback } from './masscan-window.js';
import { sourceChunks, type ParserSource } from './source.js';

type JsonObject = Record<string, unknown>;

const FINISH_RECORD = /^\{\s*"?finish(ed)?"?\s*:\s*\d+\s*,?\s*\}$/;

function object(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** JSON.parse, retried without trailing commas (which masscan writes) when it fails. */
function parseLenient(text: string): JsonObject | undefined {
  try {
    return object(JSON.parse(text));
  } catch {
    try {
      return object(JSON.parse(text.replace(/,(\s*[\]}])/g, '$1')));
    } catch {
      return undefined;
    }
  }
}

function readPort(ip: unknown, entry: JsonObject, table: MasscanPortTable): void {
  const service = object(entry.service);
  if (service) return table.banner(ip, entry.port, entry.proto, service.name, service.banner);
  table.status(ip, entry.port, entry.proto, entry.status, entry.ttl);
}

function readObject(text: string, table: MasscanPortTable): void {
  if (FINISH_RECORD.test(text)) return;
  const record = parseLenient(text);
  const ports = record?.ports;
  if (!record || !Array.isArray(ports)) return void (table.malformed += 1);
  if ('finished' in record) return;
  for (const entry of ports) {
    const port = object(entry);
    if (port) readPort(record.ip, port, table);
    else table.malformed += 1;
  }
}

/** Parses masscan -oJ output; `onPorts` and `collect: false` as for parseMasscanNdjson. */
export async function parseMasscanJson(source: ParserSource, onPorts?: PortsCallback, options: MasscanParseOptions = {}): Promise<MasscanParseResult> {
  const table = new MasscanPortTable(onPorts, options);
  const scanner = new JsonObjectScanner();
  const decoder = new StringDecoder('utf8');
  let hadContent = false;
  for await (const chunk of sourceChunks(source)) {
    const text = decoder.write(chunk);
    hadContent ||= text.trim().length > 0;
    for (const objectText of scanner.push(text)) readObject(objectText, table);
    table.flush();
    if (options.afterBlock) await options.afterBlock();
  }
  table.malformed += scanner.junk + scanner.oversized + (scanner.unfinished() ? 1 : 0);
  return table.result('masscan JSON (-oJ)', hadContent && table.malformed > 0);
}
