// One parse measured in its own process, so its peak RSS is its own: `node parse-child.js MODE FILE`
// prints one JSON line { seconds, cpuSeconds, bytes, hosts, openPorts, maxRssMb }. Modes: nmap-stream (our parser,
// ports delivered per host, not collected), nmap-fxp-whole (fast-xml-parser on the whole document, the
// baseline), masscan-ndjson (our NDJSON parser, ports delivered in batches, not collected),
// masscan-ndjson-collect (the same, collecting every port as the runner does), masscan-ndjson-json-parse
// (streaming, every line through JSON.parse: the baseline). masscan modes report hosts as 0: counting
// distinct addresses would take memory that grows with the file.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { resourceUsage } from 'node:process';
import { XMLParser } from 'fast-xml-parser';
import { parseMasscanNdjson } from '../../scanner/parsers/masscan.js';
import { parseNmapXml } from '../../scanner/parsers/nmap-xml.js';

type Counts = { hosts: number; openPorts: number };

async function nmapStream(file: string): Promise<Counts> {
  let openPorts = 0;
  const result = await parseNmapXml(createReadStream(file, { highWaterMark: 1 << 20 }), (ports) => (openPorts += ports.length), { collect: false });
  return { hosts: result.hosts, openPorts };
}

function nmapFxpWhole(file: string): Counts {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: false, isArray: (name) => name === 'host' || name === 'port' });
  const doc = parser.parse(readFileSync(file, 'utf8')) as { nmaprun: { host: Array<{ ports?: { port?: Array<{ state?: { state?: string } }> } }> } };
  const hosts = doc.nmaprun.host;
  const openPorts = hosts.reduce((n, h) => n + (h.ports?.port ?? []).filter((p) => p.state?.state === 'open').length, 0);
  return { hosts: hosts.length, openPorts };
}

async function masscanNdjson(file: string, collect: boolean, fast: boolean): Promise<Counts> {
  let delivered = 0;
  const source = createReadStream(file, { highWaterMark: 4 << 20 });
  const result = await parseMasscanNdjson(source, (ports) => (delivered += ports.length), { collect, fast });
  if (collect && result.openPorts.length !== delivered) throw new Error(`collected ${result.openPorts.length} ports but delivered ${delivered}`);
  return { hosts: 0, openPorts: delivered };
}

function measured(mode: string | undefined, file: string): Promise<Counts> | Counts {
  if (mode === 'nmap-stream') return nmapStream(file);
  if (mode === 'nmap-fxp-whole') return nmapFxpWhole(file);
  if (mode === 'masscan-ndjson') return masscanNdjson(file, false, true);
  if (mode === 'masscan-ndjson-collect') return masscanNdjson(file, true, true);
  if (mode === 'masscan-ndjson-json-parse') return masscanNdjson(file, false, false);
  throw new Error(`unknown mode ${mode ?? ''}`);
}

const [mode, file] = process.argv.slice(2);
if (!file) throw new Error('usage: parse-child.js MODE FILE');
const started = process.hrtime.bigint();
const counts = await measured(mode, file);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const usage = resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(`${JSON.stringify({ mode, seconds, bytes: statSync(file).size, ...counts, cpuSeconds, maxRssMb: usage.maxRSS / 1024 })}\n`);
