// Tells which scanner output a file holds from its first non-blank bytes, so `portcullis parse FILE` works
// without --format. Reads only the head of a stream and hands back a source that still starts at byte 0.
import { ScannerError } from '../errors.js';
import { prependChunks, sourceChunks, type ParserSource } from './source.js';

export type OutputFormat = 'nmap-xml' | 'masscan-ndjson' | 'masscan-json' | 'masscan-list';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['nmap-xml', 'masscan-ndjson', 'masscan-json', 'masscan-list'];

export const FORMAT_HELP = 'nmap-xml (nmap -oX), masscan-ndjson (masscan -oD), masscan-json (masscan -oJ), masscan-list (masscan -oL)';

const HEAD_BYTES = 4096;
const LIST_LINE = /^(open|closed|banner) (tcp|udp|sctp|icmp) \d+ /;

/** The format of output starting with `head`; undefined when it looks like none of them. */
export function formatOfHead(head: string): OutputFormat | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<')) return 'nmap-xml';
  if (text.startsWith('#masscan') || LIST_LINE.test(text)) return 'masscan-list';
  if (text.startsWith('[')) return 'masscan-json';
  if (!text.startsWith('{')) return undefined;
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (firstLine.includes('"rec_type"')) return 'masscan-ndjson';
  if (firstLine.includes('"ports"')) return 'masscan-json';
  return 'masscan-ndjson';
}

/** Detects the format, reading at most the first 4 KiB of non-blank content. */
export async function detectFormat(source: ParserSource): Promise<{ format: OutputFormat; source: ParserSource }> {
  const chunks = sourceChunks(source);
  const head: Buffer[] = [];
  let text = '';
  while (text.trimStart().length < HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    text = Buffer.concat(head).toString('utf8');
  }
  if (text.trim().length === 0) throw new ScannerError('PARSE_ERROR', 'The file is empty: there is no scanner output to parse.');
  const format = formatOfHead(text.trimStart().slice(0, HEAD_BYTES));
  if (!format) throw new ScannerError('PARSE_ERROR', `Unrecognised scanner output. Expected one of: ${FORMAT_HELP}. Pass --format to force one.`);
  return { format, source: prependChunks(head, chunks) };
}
