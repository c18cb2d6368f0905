// The run-to-run diff on a million open ports a side (issue 2: well under 2 s), 5 % of ports gone, 5 %
// new and 5 % with a changed version — the shape of a large perimeter rescanned.
import { diffPorts } from '../scanner/diff.js';
import type { OpenPort } from '../scanner/types.js';
import { figure, report } from './figures.js';

const SIZE = 1_000_000;

function portsOf(offset: number, version: (i: number) => string): OpenPort[] {
  const ports: OpenPort[] = new Array<OpenPort>(SIZE);
  for (let i = 0; i < SIZE; i += 1) {
    const n = i + offset;
    ports[i] = { ip: `44.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, port: 443, protocol: 'tcp', state: 'open', service: 'https', product: 'nginx', version: version(n) };
  }
  return ports;
}

const previous = portsOf(0, () => '1.24.0');
const current = portsOf(SIZE / 20, (n) => (n % 20 === 0 ? '1.25.3' : '1.24.0'));
// CPU time as well as wall time: on a shared 2-core machine the wall clock measures the neighbours.
const times: number[] = [];
const cpuTimes: number[] = [];
let changed = 0;
for (let round = 0; round < 3; round += 1) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const diff = diffPorts(previous, current);
  times.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
  changed = diff.changed.length;
  if (diff.new.length !== SIZE / 20 || diff.gone.length !== SIZE / 20) throw new Error('diff is wrong');
}
// Baseline: the least any Map-based diff does — index the previous ips, look up the current ones — so the
// ratio stays meaningful when the machine is busy.
const baselineTimes: number[] = [];
for (let round = 0; round < 3; round += 1) {
  const start = performance.now();
  const index = new Map<string, number>();
  previous.forEach((p, i) => index.set(p.ip, i));
  let hits = 0;
  for (const p of current) if (index.has(p.ip)) hits += 1;
  baselineTimes.push(performance.now() - start);
  if (hits === 0) throw new Error('baseline is wrong');
}
process.stderr.write(`bare Map index + lookup: ${baselineTimes.map((t) => t.toFixed(0)).join(', ')} ms\n`);
process.stderr.write(`diffPorts 1M/1M: wall ${times.map((t) => t.toFixed(0)).join(', ')} ms, cpu ${cpuTimes.map((t) => t.toFixed(0)).join(', ')} ms; ${changed} changed\n`);
report([
  figure('diff_ports_1m_ms', Math.min(...times), 'ms', {
    target: '< 2000 ms for 1,000,000 ports a side',
    baseline: Math.round(Math.min(...baselineTimes)),
    baselineName: 'bare Map index + lookup of the ips',
  }),
  figure('diff_ports_1m_cpu_ms', Math.min(...cpuTimes), 'ms', { target: '< 2000 ms for 1,000,000 ports a side' }),
]);
