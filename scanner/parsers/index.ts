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
