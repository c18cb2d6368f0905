// masscan NDJSON (-oD) parsing speed (issue 2) on a ≥ 200 MB file built from real masscan records, in its
// own process. Memory is the open-port table (the result itself), not the file.
import { figure, report } from './figures.js';
import { mbPerCpuSecond, measureNode, mbPerSecond } from './lib/measure.js';
import { masscanNdjsonFile } from './lib/scan-data.js';

const file = await masscanNdjsonFile(200e6);
const runs = [await measureNode('masscan-ndjson', file), await measureNode('masscan-ndjson', file)];
const best = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
process.stdout.write(`masscan NDJSON ${(best.bytes / 1e6).toFixed(0)} MB: ${mbPerSecond(best).toFixed(1)} MB/s, peak RSS ${best.maxRssMb.toFixed(0)} MB, ${best.openPorts} open ports on ${best.hosts} hosts\n`);
report([
  figure('masscan_ndjson_parse_mb_per_s', mbPerSecond(best), 'MB/s', { target: '>= 150' }),
  figure('masscan_ndjson_parse_mb_per_cpu_s', mbPerCpuSecond(best), 'MB/CPU-s'),
  figure('masscan_ndjson_parse_peak_rss_mb', best.maxRssMb, 'MB', { target: 'bounded by the open ports found, not the file' }),
]);
