// masscan list output (-oL): `open tcp 80 192.0.2.1 1690000000` and
// `banner tcp 80 192.0.2.1 1690000000 http HTTP/1.0 200 OK\x0d\x0a…`; `#` lines are comments. masscan
// writes non-printable banner bytes as \xNN; they are decoded so banners read the same as from -oD.
import { lineBatches, type LineStats } from './line-batches.js';
import { MasscanPortTable, type MasscanParseResult } from './masscan-ports.js';
import type { MasscanParseOptions, PortsCallback } from './masscan-window.js';
import type { ParserSource } from './source.js';

const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g;

function decodeBannerText(text: string): string {
  return text.indexOf('\\x') === -1 ? text : text.replace(HEX_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Splits off the first `count` space-separated fields; the rest of the line is the last element. */
function fields(line: string, count: number): string[] {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const space = line.indexOf(' ', at);
    if (space === -1) {
      out.push(line.slice(at));
      return out;
    }
    out.push(line.slice(at, space));
    at = space + 1;
  }
  out.push(line.slice(at));
  return out;
}

function readLine(line: string, table: MasscanPortTable): void {
  const [kind, proto, port, ip, , name, text] = fields(line, 6);
  if (kind === 'banner' && name !== undefined) return table.banner(ip, port, proto, name, decodeBannerText(text ?? ''));
  if (kind === 'open' || kind === 'closed') return table.status(ip, port, proto, kind, undefined);
  table.malformed += 1;
}

/** Parses masscan -oL output; `onPorts` and `collect: false` as for parseMasscanNdjson. */
export async function parseMasscanList(source: ParserSource, onPorts?: PortsCallback, options: MasscanParseOptions = {}): Promise<MasscanParseResult> {
  const table = new MasscanPortTable(onPorts, options);
  const stats: LineStats = { oversized: 0 };
  let hadContent = false;
  let sawHeader = false;
  for await (const lines of lineBatches(source, stats)) {
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim().length === 0) continue;
      if (line.startsWith('#')) {
        sawHeader ||= line.startsWith('#masscan');
        continue;
      }
      hadContent = true;
      readLine(line, table);
    }
    table.flush();
    if (options.afterBlock) await options.afterBlock();
  }
  table.malformed += stats.oversized;
  return table.result('masscan list (-oL)', hadContent && !sawHeader);
}
