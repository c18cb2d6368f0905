// `portcullis parse FILE [--format F] [--json]`: reads an existing nmap or masscan output file and prints
// the open ports and findings exactly as `scan-now` does, without scanning anything. The output streams
// as the file is read (flat memory on files of any size); hosts answering on more than
// TARPIT_PORT_THRESHOLD ports are one finding, as in a scan. Exit codes: 0 parsed, 1 the file could not
// be parsed, 2 usage errors (bad options, unreadable or missing file, invalid configuration).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isScannerError } from '../../scanner/errors.js';
import { FORMAT_HELP, OUTPUT_FORMATS, streamScanOutput, type OutputFormat } from '../../scanner/parsers/index.js';
import { DEFAULT_TARPIT_PORT_THRESHOLD, ResultStream } from '../../scanner/results/result-stream.js';
import { parseInParts, type PartsOutcome } from '../parallel-parse/parse-in-parts.js';
import { jsonRenderer } from '../output/json-renderer.js';
import { ResultWriter } from '../output/result-writer.js';
import { textRenderer } from '../output/text-renderer.js';

const USAGE = `Usage: portcullis parse FILE [--format nmap-xml|masscan-ndjson|masscan-json|masscan-list] [--json]

Parses an nmap or masscan output file and prints its open ports and findings.
Formats: ${FORMAT_HELP}. Detected from the content when --format is not given.
`;

interface ParseOptions {
  file: string;
  format?: OutputFormat;
  json: boolean;
}

function usageError(message: string): number {
  process.stderr.write(`portcullis parse: ${message}\n\n${USAGE}`);
  return 2;
}

function readOptions(args: string[]): ParseOptions | string {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { format: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (parsed.values.help) return 'help';
  const format = parsed.values.format;
  if (format !== undefined && !OUTPUT_FORMATS.includes(format as OutputFormat)) return `unknown format "${format}"; use one of ${OUTPUT_FORMATS.join(', ')}`;
  if (parsed.positionals.length !== 1) return parsed.positionals.length === 0 ? 'give the FILE to parse' : `give exactly one FILE (got ${parsed.positionals.length})`;
  return { file: parsed.positionals[0] ?? '', json: parsed.values.json ?? false, ...(format ? { format: format as OutputFormat } : {}) };
}

/** The file's size, or what is wrong with it. */
async function fileSize(file: string): Promise<number | string> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : `${file} is not a file`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${file}: no such file` : `cannot read ${file} (${code ?? 'error'})`;
  }
}

export async function run(args: string[]): Promise<number> {
  const options = readOptions(args);
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof options === 'string') return usageError(options);
  const size = await fileSize(options.file);
  if (typeof size === 'string') return usageError(size);
  let threshold = DEFAULT_TARPIT_PORT_THRESHOLD;
  // The configuration (and the schema library it loads: a third of a second) only when it says something here.
  if (process.env.TARPIT_PORT_THRESHOLD) {
    try {
      threshold = (await import('../../core/config.js')).loadConfig().TARPIT_PORT_THRESHOLD;
    } catch (error) {
      return usageError(error instanceof Error ? error.message : String(error));
    }
  }
  const text = options.json ? undefined : textRenderer();
  const writer = new ResultWriter(process.stdout, text ?? jsonRenderer, 'completed');
  let parts: PartsOutcome | undefined;
  try {
    // A big nmap file is parsed in two parts on two cores; anything else here, on this thread.
    parts = await parseInParts(options.file, size, options.format, writer, text, threshold);
    const warnings = parts ? parts.warnings : await parseHere(options, writer, threshold);
    await writer.finish({ status: 'completed', warnings });
    return 0;
  } catch (error) {
    if (!isScannerError(error)) {
      await writer.close();
      throw error;
    }
    process.stderr.write(`portcullis parse: ${options.file}: ${error.message}\n`);
    if (options.json) await writer.finish({ status: 'failed', error: error.message, warnings: [] });
    else await writer.close();
    return 1;
  } finally {
    await parts?.cleanup();
  }
}

/** Parses the file on this thread into `writer`; returns the parser's warnings. */
async function parseHere(options: ParseOptions, writer: ResultWriter, threshold: number): Promise<string[]> {
  // nmap reports each host whole and once (acceptHost): the stream need not remember hosts it has counted.
  const stream = new ResultStream((batch) => writer.add(batch), threshold, undefined, false);
  const parsed = await streamScanOutput(createReadStream(options.file, { highWaterMark: 1 << 20 }), {
    ports: (ports) => stream.accept(ports),
    host: (ip, ports) => stream.acceptHost(ip, ports),
    afterBlock: () => stream.drain(),
  }, options.format);
  await stream.flush();
  return parsed.warnings;
}
