// Low-level pieces of a test host: running `ip` commands, claiming a unique /24 in 198.18.0.0/15 for one
// test file (an atomic lock directory, so files running in parallel never share a network), and waiting
// until a TCP port answers.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export async function ip(args: string[], options: { ignoreErrors?: boolean } = {}): Promise<string> {
  const result = await execa('ip', args, { reject: false, stdin: 'ignore' });
  if (result.exitCode !== 0 && !options.ignoreErrors) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function lockPath(n: number): string {
  return join(tmpdir(), `pcl-testhost-${n}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Claims a free subnet number N in 20..250 for this process; release it with releaseSubnet(N). */
export function claimSubnet(): number {
  const start = 20 + ((process.pid * 7 + Math.floor(Math.random() * 1000)) % 231);
  for (let i = 0; i < 231; i += 1) {
    const n = 20 + ((start - 20 + i) % 231);
    const path = lockPath(n);
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      return n;
    } catch {
      // Taken; reclaim it only when the process that took it is gone.
      let owner: number;
      try {
        owner = Number(readFileSync(join(path, 'pid'), 'utf8'));
      } catch {
        continue;
      }
      if (owner && !alive(owner)) {
        rmSync(path, { recursive: true, force: true });
        i -= 1;
      }
    }
  }
  throw new Error('no free test subnet in 198.18.20.0–198.18.250.0');
}

export function releaseSubnet(n: number): void {
  rmSync(lockPath(n), { recursive: true, force: true });
}

function tryConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 500 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** Waits (bounded: 50 tries, ~10 s) until host:port accepts TCP connections. */
export async function waitForPort(host: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await tryConnect(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`test host server on ${host}:${port} did not start listening`);
}
