// `npm run bench`: runs every compiled bench script (dist/bench/*.bench.js) in its own process, so each
// measures its own memory, and writes all figures to bench/results.json.
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './figures.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = join(here, '..', '..');
const only = process.argv.slice(2);

function runScript(file: string): Promise<BenchFigure[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', join(here, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_FIGURES '));
      if (code !== 0 || !line) process.stderr.write(`bench: ${file} exited ${code} without figures\n`);
      resolve(line ? (JSON.parse(line.slice('BENCH_FIGURES '.length)) as BenchFigure[]) : []);
    });
  });
}

const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const figures: BenchFigure[] = [];
for (const script of scripts) {
  process.stdout.write(`\n== ${script}\n`);
  figures.push(...(await runScript(script)));
}
const out = join(projectRoot, 'bench', 'results.json');
writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
process.stdout.write(`\n${figures.map((f) => `${f.name.padEnd(34)} ${String(f.value).padStart(10)} ${f.unit}${f.ratio !== undefined ? `  (×${f.ratio} vs ${f.baselineName ?? 'baseline'})` : ''}`).join('\n')}\nwritten to ${out}\n`);
