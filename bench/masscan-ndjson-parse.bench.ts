// masscan NDJSON (-oD) parsing speed and memory (issue 2) on a ≥ 200 MB file built from real masscan records,
// each parse in its own process. Measured mode: ports handed to a callback in batches, not collected (memory
// bounded by the window, so peak RSS is also measured on a 50 MB file: flat = not growing with the file).
// Beside it: the collecting mode the runner uses, and the same streaming parser reading every line with
// JSON.parse (the baseline). The machine is shared: three runs of the main figure, the median reported.
import { figure, report } from './figures.js';
import { mbPerCpuSecond, measureNode, mbPerSecond, type NodeParseMode, type ParseMeasurement } from './lib/measure.js';
import { masscanNdjsonFile } from './lib/scan-data.js';

const RUNS = 3;

const line = (name: string, m: ParseMeasurement) =>
  `${name.padEnd(36)} ${(m.bytes / 1e6).toFixed(0)} MB  ${mbPerSecond(m).toFixed(1)} MB/s (${mbPerCpuSecond(m).toFixed(1)} MB per CPU-s)  peak RSS ${m.maxRssMb.toFixed(0)} MB  open ports ${m.openPorts}\n`;

async function median(mode: NodeParseMode, file: string): Promise<ParseMeasurement> {
  const runs: ParseMeasurement[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureNode(mode, file));
  process.stdout.write(`  ${mode} runs: ${runs.map((m) => `${mbPerSecond(m).toFixed(1)} MB/s`).join(', ')}\n`);
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(RUNS / 2)] as ParseMeasurement;
}

const big = await masscanNdjsonFile(200e6);
const small = await masscanNdjsonFile(50e6);

const ours = await median('masscan-ndjson', big);
const oursSmall = await measureNode('masscan-ndjson', small);
const collecting = await measureNode('masscan-ndjson-collect', big);
const jsonParse = await measureNode('masscan-ndjson-json-parse', big);

process.stdout.write(line('streaming, median (200 MB)', ours) + line('streaming (50 MB)', oursSmall));
process.stdout.write(line('collecting every port (200 MB)', collecting) + line('streaming, JSON.parse per line (200 MB)', jsonParse));
for (const other of [collecting, jsonParse]) {
  if (other.openPorts !== ours.openPorts) process.stdout.write(`MISMATCH: ${ours.openPorts} ports streamed, ${other.openPorts} in another mode\n`);
}

report([
  figure('masscan_ndjson_parse_mb_per_s', mbPerSecond(ours), 'MB/s', { baseline: mbPerSecond(jsonParse), baselineName: 'same parser, every line through JSON.parse (200 MB file)', target: '>= 150' }),
  figure('masscan_ndjson_parse_mb_per_cpu_s', mbPerCpuSecond(ours), 'MB/CPU-s', { baseline: mbPerCpuSecond(jsonParse), baselineName: 'same parser, every line through JSON.parse; CPU time, steadier than wall time on a shared machine' }),
  figure('masscan_ndjson_parse_peak_rss_mb', ours.maxRssMb, 'MB', { baseline: collecting.maxRssMb, baselineName: 'collecting every port (the runner’s mode), same 200 MB file', target: 'bounded: flat between 50 and 200 MB files' }),
  figure('masscan_ndjson_parse_peak_rss_mb_50mb_file', oursSmall.maxRssMb, 'MB', { baseline: ours.maxRssMb, baselineName: 'same parser on the 200 MB file (flat = not growing)' }),
  figure('masscan_ndjson_parse_collect_mb_per_s', mbPerSecond(collecting), 'MB/s'),
]);
