// Runs one measured parse in a child process (parse-child.js or python3) and returns its figures.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ParseMeasurement {
  seconds: number;
  /** User + system CPU time of the parse process: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  bytes: number;
  hosts: number;
  openPorts: number;
  maxRssMb: number;
}

export function mbPerSecond(m: ParseMeasurement): number {
  return m.bytes / 1e6 / m.seconds;
}

export function mbPerCpuSecond(m: ParseMeasurement): number {
  return m.bytes / 1e6 / m.cpuSeconds;
}

function runJson(command: string, args: string[]): Promise<ParseMeasurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`${command} ${args[0] ?? ''} exited ${code}: ${out.slice(0, 300)}`));
      else resolve(JSON.parse(line) as ParseMeasurement);
    });
  });
}

const childScript = join(dirname(fileURLToPath(import.meta.url)), 'parse-child.js');

export type NodeParseMode = 'nmap-stream' | 'nmap-fxp-whole' | 'masscan-ndjson' | 'masscan-ndjson-collect' | 'masscan-ndjson-json-parse';

export function measureNode(mode: NodeParseMode, file: string): Promise<ParseMeasurement> {
  return runJson(process.execPath, ['--max-old-space-size=8192', childScript, mode, file]);
}

/** Python's streaming ElementTree.iterparse (expat), clearing each host, as ivre does. */
const PYTHON_ITERPARSE = `
import sys, os, time, json, resource
import xml.etree.ElementTree as ET
path = sys.argv[1]
start = time.perf_counter()
hosts = ports = 0
context = ET.iterparse(path, events=('start', 'end'))
_, root = next(context)
for event, el in context:
    if event != 'end':
        continue
    if el.tag == 'port':
        state = el.find('state')
        if state is not None and state.get('state') == 'open':
            ports += 1
    elif el.tag == 'host':
        hosts += 1
        el.clear()
        root.clear()
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'seconds': seconds, 'cpuSeconds': usage.ru_utime + usage.ru_stime, 'bytes': os.path.getsize(path), 'hosts': hosts, 'openPorts': ports, 'maxRssMb': usage.ru_maxrss / 1024}))
`;

export function measurePythonIterparse(file: string): Promise<ParseMeasurement> {
  return runJson('python3', ['-c', PYTHON_ITERPARSE, file]);
}
