// One entry point for parsing any supported scanner output, with the format given or detected.
import type { OpenPort } from '../types.js';
import { detectFormat, type OutputFormat } from './detect-format.js';
import { parseMasscanJson, parseMasscanList, parseMasscanNdjson } from './masscan.js';
import { parseNmapXml } from './nmap-xml.js';
import type { ParserSource } from './source.js';

export { OUTPUT_FORMATS, FORMAT_HELP, detectFormat, formatOfHead, type OutputFormat } from './detect-format.js';
export { parseNmapXml, parseNmapProgressLine, type NmapParseResult, type NmapHost } from './nmap-xml.js';
export { parseMasscanJson, parseMasscanList, parseMasscanNdjson, type MasscanParseResult } from './masscan.js';
export type { ParserSource } from './source.js';

export interface ScanOutputParseResult {
  format: OutputFormat;
  openPorts: OpenPort[];
  warnings: string[];
}

const PARSERS: Record<OutputFormat, (source: ParserSource) => Promise<{ openPorts: OpenPort[]; warnings: string[] }>> = {
  'nmap-xml': (source) => parseNmapXml(source),
  'masscan-ndjson': parseMasscanNdjson,
  'masscan-json': parseMasscanJson,
  'masscan-list': parseMasscanList,
};

/** Parses nmap or masscan output; throws ScannerError('PARSE_ERROR') on input that is none of them. */
export async function parseScanOutput(source: ParserSource, format?: OutputFormat): Promise<ScanOutputParseResult> {
  const chosen = format ? { format, source } : await detectFormat(source);
  const { openPorts, warnings } = await PARSERS[chosen.format](chosen.source);
  return { format: chosen.format, openPorts, warnings };
}

/** Where streamed parse results go: `host` for formats that report a host at once (nmap), else `ports`. */
export interface ParseSink {
  ports(ports: OpenPort[]): void;
  host(ip: string, ports: OpenPort[]): void;
  /** Awaited between blocks of input (back-pressure). */
  afterBlock(): Promise<void>;
}

/**
 * Parses nmap or masscan output without collecting it: ports go to `sink` as they are read, so memory
 * stays flat on files of any size. Throws ScannerError('PARSE_ERROR') like parseScanOutput.
 */
export async function streamScanOutput(source: ParserSource, sink: ParseSink, format?: OutputFormat): Promise<{ format: OutputFormat; warnings: string[] }> {
  const chosen = format ? { format, source } : await detectFormat(source);
  const options = { collect: false, afterBlock: () => sink.afterBlock() };
  const onPorts = (ports: OpenPort[]) => sink.ports(ports);
  if (chosen.format === 'nmap-xml') {
    const parsed = await parseNmapXml(chosen.source, (ports) => {
      const first = ports[0];
      if (first) sink.host(first.ip, ports);
    }, { collect: false, afterHosts: () => sink.afterBlock() });
    return { format: chosen.format, warnings: parsed.warnings };
  }
  const parse = chosen.format === 'masscan-ndjson' ? parseMasscanNdjson : chosen.format === 'masscan-json' ? parseMasscanJson : parseMasscanList;
  const parsed = await parse(chosen.source, onPorts, options);
  return { format: chosen.format, warnings: parsed.warnings };
}
