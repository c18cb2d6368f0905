// docker-compose.yml, checked without a Docker engine: the trust boundary it promises (PostgreSQL with a
// password, never trust; Redis with ACLs and no password-less default user; a worker with no DATABASE_URL,
// raw-socket capabilities and the capability-bearing node), `docker-compose config` where it is installed,
// and the Redis service's own start script run outside Docker against a private redis-server: the default
// user is off, the control plane's password works (and is rotated at restart), a scanner user saved with
// ACL SAVE survives a restart.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../../core/redis.js';
import { freePort } from '../worker/own-redis.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

/** The text of one service, from its `  name:` line to the next service or top-level key. */
function service(name: string): string {
  const start = compose.indexOf(`\n  ${name}:\n`);
  expect(start).toBeGreaterThan(-1);
  const rest = compose.slice(start + 1);
  const end = rest.slice(1).search(/\n {2}[a-z-]+:\n|\n[a-z]/);
  return end === -1 ? rest : rest.slice(0, end + 1);
}

/** The Redis service's start script as a shell would get it ($$ is compose's escaped $), data under `dir`. */
function redisStartScript(dir: string, port: number): string {
  const block = /command:\n\s+- \|\n((?: {8}.*\n)+)/.exec(service('redis'))?.[1] ?? '';
  expect(block).toContain('exec redis-server');
  return block.replace(/^ {8}/gm, '').replaceAll('$$', '$').replaceAll('/data/', `${dir}/`)
    .replace('exec redis-server', `exec redis-server --port ${port} --bind 127.0.0.1 --save '' --dir ${dir}`);
}

async function composeInstalled(): Promise<boolean> {
  return run('docker-compose', ['version']).then(() => true, () => false);
}

describe('docker-compose.yml', () => {
  it('PostgreSQL needs a password; Redis has ACLs and its default user off', () => {
    expect(compose).not.toContain('POSTGRES_HOST_AUTH_METHOD');
    expect(compose).not.toMatch(/^[^#\n]*\btrust\b/m); // outside comments
    expect(service('postgres')).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
    expect(service('postgres')).toContain('--auth-host=scram-sha-256');
    expect(service('redis')).toContain('user default off');
    expect(service('redis')).toContain('--aclfile');
  });

  it('the worker has no DATABASE_URL, its own scanner credential, raw-socket capabilities and node-scanner', () => {
    const worker = service('worker');
    expect(worker).not.toMatch(/^\s+DATABASE_URL:/m); // as a variable (the comments may name it)
    expect(worker).not.toContain('control-plane-env');
    expect(worker).toMatch(/REDIS_URL: \$\{SCANNER_REDIS_URL:-/);
    expect(worker).toMatch(/cap_add:\n\s+- NET_RAW\n\s+- NET_ADMIN/);
    expect(worker).toContain('entrypoint: ["node-scanner", "bin/portcullis.js"]');
    expect(service('bot')).toContain('METRICS_TOKEN');
  });

  it('docker-compose config: refuses to run without the secrets, resolves with them', async ({ skip }) => {
    if (!(await composeInstalled())) skip('docker-compose is not installed (apt-get install docker-compose)');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const missing = await run('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config'], { env, cwd: tmpdir() }).then(() => '', (e: { stderr: string }) => e.stderr);
    expect(missing).toContain('set POSTGRES_PASSWORD');
    const { stdout } = await run('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config'], { env: { ...env, POSTGRES_PASSWORD: 'p0stgres', REDIS_PASSWORD: 'r3dis' }, cwd: tmpdir() });
    expect(stdout).toContain('DATABASE_URL: postgres://portcullis:p0stgres@postgres:5432/portcullis');
    const worker = stdout.slice(stdout.indexOf('\n  worker:'));
    expect(worker.slice(0, worker.indexOf('\nvolumes:'))).not.toContain('DATABASE_URL');
  });
});

describe("the Redis service's start script, outside Docker", () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-compose-redis-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(password: string, port: number): Promise<void> {
    child = spawn('sh', ['-ec', redisStartScript(dir, port)], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', REDIS_PASSWORD: password }, stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        (await connectRedis(`redis://portcullis:${password}@127.0.0.1:${port}`, { timeoutMs: 500 })).destroy();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async function stop(): Promise<void> {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGKILL');
    await exited;
  }

  it('no password-less access; control plane in; a saved scanner user and a new password survive a restart', async () => {
    const port = await freePort();
    await start('first-password', port);
    await expect(connectRedis(`redis://127.0.0.1:${port}`, { timeoutMs: 1000 }).then(async (c) => { try { return await c.ping(); } finally { c.destroy(); } })).rejects.toThrow(/NOAUTH|authentication failed/);
    const admin = await connectRedis(`redis://portcullis:first-password@127.0.0.1:${port}`);
    await admin.sendCommand(['ACL', 'SETUSER', 'scanner-a', 'on', '>scanner-pass', '~portcullis:*', '+@read']);
    expect(await admin.sendCommand(['ACL', 'SAVE'])).toBe('OK');
    admin.destroy();
    const acl = readFileSync(join(dir, 'users.acl'), 'utf8');
    expect(acl).not.toContain('first-password');
    await stop();

    await start('second-password', port);
    await expect(connectRedis(`redis://portcullis:first-password@127.0.0.1:${port}`, { timeoutMs: 1000 })).rejects.toThrow('authentication failed');
    const scanner = await connectRedis(`redis://scanner-a:scanner-pass@127.0.0.1:${port}`);
    try {
      expect(await scanner.get('portcullis:nothing')).toBeNull();
      await expect(scanner.sendCommand(['FLUSHALL'])).rejects.toThrow(/NOPERM/);
    } finally {
      scanner.destroy();
    }
    await stop();
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  it('copies every source folder the build compiles, and the bundled CVE data into the image', () => {
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    for (const folder of build.include) expect(dockerfile, `COPY ${folder}`).toMatch(new RegExp(`^COPY ${folder} \\./${folder}$`, 'm'));
    expect(dockerfile).toMatch(/^COPY data \.\/data$/m);
  });
});
