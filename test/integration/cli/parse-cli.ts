// Runs the built `portcullis parse` as a user does, stdout to a file (`portcullis parse FILE > out`);
// `oneCpu` runs it on one CPU (taskset), where it parses on one thread.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'portcullis.js');

export async function parseTo(args: string[], outFile: string, options: { oneCpu?: boolean } = {}): Promise<{ code: number | null; stderr: string }> {
  const fd = openSync(outFile, 'w');
  try {
    const argv = [cli, 'parse', ...args];
    const child = options.oneCpu
      ? spawn('taskset', ['-c', '0', process.execPath, ...argv], { stdio: ['ignore', fd, 'pipe'] })
      : spawn(process.execPath, argv, { stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stderr };
  } finally {
    closeSync(fd);
  }
}
