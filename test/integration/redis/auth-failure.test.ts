// A scanner whose Redis credential is refused, against a private redis-server with a real ACL user: revoked
// while connected (ACL DELUSER drops its connections), a scanner process (a client and a BullMQ worker, from
// dist/) logs the one actionable line — no stack trace, not the server's raw WRONGPASS — retries after 1 s,
// 2 s, 4 s …, and is back once the credential is valid again. A wrong key in a one-shot connect fails at once
// with the same words; NOPERM while connecting counts as a refused credential too.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_FAILED_MESSAGE, connectRedis, createRedisClient, type RedisClient } from '../../../core/redis.js';
import { captureLog } from '../../helpers/captured-log.js';
import { startOwnRedis, type OwnRedis } from '../worker/own-redis.js';

const PROBE = join(import.meta.dirname, 'auth-probe.mjs');
let own: OwnRedis;
let admin: RedisClient;

const grant = (user: string, password: string, ...rules: string[]) => admin.sendCommand(['ACL', 'SETUSER', user, 'reset', 'on', `>${password}`, '~*', '&*', '+@all', ...rules]);

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  own = await startOwnRedis();
  admin = await connectRedis(own.url);
});
afterAll(async () => {
  admin?.destroy();
  await own?.stop();
});

describe('a refused scanner credential', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('revoked mid-connection: one line per attempt, backoff 1 s → 2 s → 4 s, no stack trace, back when valid again', async () => {
    await grant('scanner-t', 'pw-t-1');
    const url = `redis://scanner-t:pw-t-1@127.0.0.1:${own.port}`;
    const stdout: string[] = [];
    const stderr: string[] = [];
    child = spawn(process.execPath, [PROBE, url, `auth-q-${process.pid}`], { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    await until('client and worker ready', () => stdout.includes('ready') && stdout.includes('worker ready'), 15_000);

    await admin.sendCommand(['ACL', 'DELUSER', 'scanner-t']);
    const authLines = () => stderr.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; time: number; retryInMs: number; reason: string }).filter((l) => l.msg === AUTH_FAILED_MESSAGE);
    await until('three failed attempts logged', () => authLines().length >= 3, 15_000);
    const lines = authLines();
    expect(lines.slice(0, 3).map((l) => l.retryInMs)).toEqual([1000, 2000, 4000]);
    expect(lines[1]!.time - lines[0]!.time).toBeGreaterThanOrEqual(950);
    expect(lines[2]!.time - lines[1]!.time).toBeGreaterThanOrEqual(1950);
    expect(lines[0]!.reason).toMatch(/^WRONGPASS/);
    // Whoever logs the client's errors writes one line each (the dropped connection, then the refusals in the
    // same words as above); nothing prints a stack, nor the server's raw WRONGPASS.
    const others = stderr.filter((l) => !l.startsWith('{'));
    for (const line of others) expect(line).toMatch(/^(listener|worker): \S/);
    expect(others).toContain(`listener: ${AUTH_FAILED_MESSAGE}`);
    expect(others).toContain(`worker: ${AUTH_FAILED_MESSAGE}`);
    expect(stderr.join('\n')).not.toMatch(/^\s+at /m);
    expect(others.join('\n')).not.toContain('WRONGPASS');

    await grant('scanner-t', 'pw-t-1');
    const readyBefore = stdout.filter((l) => l === 'ready').length;
    await until('reconnected with the credential valid again', () => stdout.filter((l) => l === 'ready').length > readyBefore, 20_000);
  }, 60_000);

  it('a wrong key in a one-shot connect fails at once with the same words', async () => {
    await grant('scanner-u', 'right');
    const started = Date.now();
    await expect(connectRedis(`redis://scanner-u:wrong@127.0.0.1:${own.port}`, { timeoutMs: 3000 })).rejects.toThrow(AUTH_FAILED_MESSAGE);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(connectRedis(`redis://scanner-u:wrong@127.0.0.1:${own.port}`)).rejects.not.toThrow(/WRONGPASS/);
  });

  it('NOPERM while connecting (a user not allowed the SELECT its URL asks for) is a refused credential', async () => {
    await grant('scanner-v', 'pw-v', '-select');
    const log = captureLog('info');
    const client = createRedisClient(`redis://scanner-v:pw-v@127.0.0.1:${own.port}/1`, { logger: log.logger });
    client.on('error', () => undefined);
    void client.connect().catch(() => undefined);
    try {
      await until('the auth failure logged', () => log.lines.some((l) => l.includes(AUTH_FAILED_MESSAGE)), 5000);
      const line = JSON.parse(log.lines.find((l) => l.includes(AUTH_FAILED_MESSAGE))!) as { reason: string; retryInMs: number; redis: string };
      expect(line.reason).toMatch(/^NOPERM/);
      expect(line.retryInMs).toBe(1000);
      expect(line.redis).toBe(`redis://scanner-v:***@127.0.0.1:${own.port}/1`);
    } finally {
      client.destroy();
    }
  });
});
