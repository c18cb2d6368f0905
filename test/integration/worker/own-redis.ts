// A redis-server of the test's own on a free port, so a test can stop it (Redis down) without touching
// the shared one at 6379.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { connectRedis } from '../../../core/redis.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface OwnRedis {
  url: string;
  port: number;
  /** The redis-server process id (SIGSTOP it to make a Redis that accepts and never answers). */
  pid: number;
  stop(): Promise<void>;
}

/** `options.port`: start again on the port of a stopped one (a Redis restart, without its data). */
export async function startOwnRedis(extraArgs: string[] = [], options: { port?: number } = {}): Promise<OwnRedis> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      const client = await connectRedis(url, { timeoutMs: 500 });
      await client.quit();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw error;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let stopped = false;
  return {
    url,
    port,
    pid: child.pid ?? 0,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
