// `portcullis parse` end to end as a user runs it (issue 11): `node bin/portcullis.js parse FILE` and
// `… --json`, output to /dev/null, on 200 MB and 50 MB nmap XML files, each in its own process with its
// peak RSS from wait4 (bench/measure_child.py). Baselines on the same 200 MB file: Python's streaming
// iterparse that only counts the open ports (bench/iterparse_count.py), and the one that builds the same
// records and writes them as JSON (bench/iterparse_records_json.py). Targets: peak RSS ≤ 150 MB and flat
// from 50 to 200 MB; speed ≥ 1.0× the counting iterparse and ≥ 3× the records + JSON one.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, report } from './figures.js';
import { nmapXmlFile, projectRoot } from './lib/scan-data.js';

interface ChildRun {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  exitCode: number;
  stderr: string;
}

const cli = join(projectRoot, 'bin', 'portcullis.js');
const script = (name: string) => join(projectRoot, 'bench', name);

function measured(outFile: string, command: string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script('measure_child.py'), outFile, '--', ...command], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const run = JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildRun;
      if (run.exitCode !== 0) reject(new Error(`${command.join(' ')} exited ${run.exitCode}: ${run.stderr}`));
      else resolve(run);
    });
  });
}

const ours = (file: string, json: boolean, out = '/dev/null') => measured(out, [process.execPath, cli, 'parse', file, ...(json ? ['--json'] : [])]);
const mb = (file: string) => statSync(file).size / 1e6;
const line = (name: string, file: string, run: ChildRun) =>
  `${name.padEnd(40)} ${mb(file).toFixed(0).padStart(4)} MB  ${run.seconds.toFixed(2).padStart(6)} s  ${(mb(file) / run.seconds).toFixed(1).padStart(6)} MB/s  peak RSS ${run.maxRssMb.toFixed(0).padStart(4)} MB\n`;

const big = await nmapXmlFile(200e6);
const small = await nmapXmlFile(50e6);

// Correctness first: the text output's count against Python's on the 50 MB file.
const textOut = join(tmpdir(), `pcl-parse-bench-${process.pid}.txt`);
await ours(small, false, textOut);
const counted = /^(\d+) open port\(s\)\.$/m.exec(readFileSync(textOut, 'utf8'))?.[1];
rmSync(textOut, { force: true });
const pythonSmall = await measured(textOut, ['python3', script('iterparse_count.py'), small]);
const pythonCount = (JSON.parse(readFileSync(textOut, 'utf8')) as { openPorts: number }).openPorts;
rmSync(textOut, { force: true });
if (Number(counted) !== pythonCount) process.stdout.write(`MISMATCH: portcullis parse counted ${counted} open ports, Python iterparse ${pythonCount}\n`);

const jsonBig = await ours(big, true);
const textBig = await ours(big, false);
const jsonSmall = await ours(small, true);
const textSmall = await ours(small, false);
const pythonBig = await measured('/dev/null', ['python3', script('iterparse_count.py'), big]);
const pythonRecords = await measured('/dev/null', ['python3', script('iterparse_records_json.py'), big]);

process.stdout.write(
  line('portcullis parse --json', big, jsonBig) + line('portcullis parse (text)', big, textBig)
  + line('portcullis parse --json', small, jsonSmall) + line('portcullis parse (text)', small, textSmall)
  + line('python iterparse, count only', big, pythonBig) + line('python iterparse, count only', small, pythonSmall)
  + line('python iterparse, records + json.dump', big, pythonRecords)
  + `open ports in the 50 MB file: ${pythonCount} (portcullis: ${counted})\n`,
);

const speed = (run: ChildRun) => mb(big) / run.seconds;
report([
  figure('parse_cli_json_mb_per_s', speed(jsonBig), 'MB/s', { baseline: speed(pythonBig), baselineName: 'Python iterparse counting open ports, same 200 MB file', target: 'ratio >= 1.0' }),
  figure('parse_cli_json_mb_per_s_vs_python_records', speed(jsonBig), 'MB/s', { baseline: speed(pythonRecords), baselineName: 'Python iterparse building the records + json.dump, same 200 MB file', target: 'ratio >= 3' }),
  figure('parse_cli_text_mb_per_s', speed(textBig), 'MB/s', { baseline: speed(pythonBig), baselineName: 'Python iterparse counting open ports, same 200 MB file', target: 'ratio >= 1.0' }),
  figure('parse_cli_json_peak_rss_mb', jsonBig.maxRssMb, 'MB', { baseline: pythonRecords.maxRssMb, baselineName: 'Python iterparse records + json.dump', target: '<= 150' }),
  figure('parse_cli_json_peak_rss_mb_50mb_file', jsonSmall.maxRssMb, 'MB', { baseline: jsonBig.maxRssMb, baselineName: 'same command on the 200 MB file (flat = ratio near 1)' }),
  figure('parse_cli_text_peak_rss_mb', textBig.maxRssMb, 'MB', { target: '<= 150' }),
  figure('parse_cli_text_peak_rss_mb_50mb_file', textSmall.maxRssMb, 'MB', { baseline: textBig.maxRssMb, baselineName: 'same command on the 200 MB file (flat = ratio near 1)' }),
]);
