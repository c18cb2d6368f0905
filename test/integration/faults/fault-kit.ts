// Shared pieces of the fault tests: a Redis of the test's own that can be stopped, restarted on the same
// port (without its data) or frozen (SIGSTOP: accepts connections, never answers); a TCP server that
// accepts and never answers (a hung PostgreSQL); and the environment for in-process `portcullis chat`.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { vi } from 'vitest';
import { startOwnRedis, type OwnRedis } from '../worker/own-redis.js';

export class SwitchableRedis {
  private current: OwnRedis | null;

  private constructor(readonly port: number, first: OwnRedis) {
    this.current = first;
  }

  static async start(): Promise<SwitchableRedis> {
    const first = await startOwnRedis();
    return new SwitchableRedis(first.port, first);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.current?.pid ?? 0;
  }

  async stop(): Promise<void> {
    await this.current?.stop();
    this.current = null;
  }

  /** Starts again on the same port: an empty Redis, as after a restart without persistence. */
  async start(): Promise<void> {
    if (this.current) return;
    this.current = await startOwnRedis([], { port: this.port });
  }

  freeze(): void {
    if (this.current) process.kill(this.current.pid, 'SIGSTOP');
  }

  thaw(): void {
    if (this.current) process.kill(this.current.pid, 'SIGCONT');
  }
}

/** Accepts TCP connections and never answers: what a hung PostgreSQL or Redis looks like to a client. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function randomPrefix(): string {
  return `pcl-fault-${randomUUID().slice(0, 8)}`;
}

/** Captures what the code under test writes to stderr while `work` runs. */
export async function capturingStderr<T>(work: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    return { value: await work(), stderr };
  } finally {
    spy.mockRestore();
  }
}
