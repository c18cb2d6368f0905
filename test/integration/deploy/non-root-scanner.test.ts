// The image's way of scanning without root (Dockerfile), tried outside Docker: as an unprivileged user,
// nmap and a copy of node carrying cap_net_raw,cap_net_admin as file capabilities get their raw sockets —
// nmap's SYN scan finds a port on loopback, the worker's capability probe sees raw sockets — where the plain
// binaries get none; and the capability-bearing node refuses to start where NET_ADMIN is not granted (so
// the bot, without cap_add, runs on plain node). Needs root to setcap and to switch users; loopback only.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
let dir: string;
let listener: Server;
let port: number;

async function which(tool: string): Promise<string> {
  return (await run('sh', ['-c', `command -v ${tool}`])).stdout.trim();
}

async function asNobody(file: string, args: string[], options: { bounding?: string; env?: Record<string, string> } = {}) {
  const setpriv = [...(options.bounding ? [`--bounding-set=${options.bounding}`] : []), ...NOBODY, file, ...args];
  return run('setpriv', setpriv, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env }, timeout: 60_000 }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
}

async function capped(source: string, name: string): Promise<string> {
  const target = join(dir, name);
  copyFileSync(source, target);
  chmodSync(target, 0o755);
  await run('setcap', ['cap_net_raw,cap_net_admin+eip', target]);
  return target;
}

const probe = `import(${JSON.stringify(join(ROOT, 'dist/scanner/capabilities.js'))}).then((m) => m.probeCapabilities()).then((c) => console.log(JSON.stringify({ raw: c.rawSockets })))`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pcl-nonroot-'));
  chmodSync(dir, 0o755);
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => listener?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scanning as a non-root user with file capabilities', () => {
  it('nmap -sS works with the capabilities on the binary, not without', async () => {
    const nmap = await which('nmap');
    const withCaps = await capped(nmap, 'nmap');
    const args = ['-sS', '-n', '-Pn', '-p', String(port), '127.0.0.1'];
    const ok = await asNobody(withCaps, args, { env: { NMAP_PRIVILEGED: '1' } });
    expect(ok.out).toMatch(new RegExp(`${port}/tcp\\s+open`));
    const plain = await asNobody(nmap, args, { env: { NMAP_PRIVILEGED: '1' } });
    expect(plain.out).toMatch(/Couldn't open a raw socket|Operation not permitted/);
  });

  it('the worker\'s capability probe sees raw sockets on node-scanner, none on plain node', async () => {
    const nodeScanner = await capped(process.execPath, 'node-scanner');
    expect(JSON.parse((await asNobody(nodeScanner, ['-e', probe])).out.trim().split('\n').pop()!)).toEqual({ raw: true });
    expect(JSON.parse((await asNobody(process.execPath, ['-e', probe])).out.trim().split('\n').pop()!)).toEqual({ raw: false });
  });

  it('node-scanner does not even start where NET_ADMIN is not granted (a container without cap_add)', async () => {
    const nodeScanner = await capped(process.execPath, 'node-scanner-2');
    const refused = await asNobody(nodeScanner, ['-e', 'console.log("started")'], { bounding: '-net_admin' });
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('Operation not permitted');
    const plain = await asNobody(process.execPath, ['-e', 'console.log("started")'], { bounding: '-net_admin' });
    expect(plain.out.trim()).toBe('started');
  });
});
