// The real servers a test host runs inside its network namespace: python's http.server, redis-server and
// OpenSSH's sshd with a throw-away host key. Each is started with `ip netns exec` (which execs the server,
// so the pid we hold is the server's own) and bound to the test host's address only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export type TestServerKind = 'http' | 'redis' | 'ssh';

export const SERVER_PORTS: Record<TestServerKind, number> = { http: 8080, redis: 6379, ssh: 22 };

async function serverCommand(kind: TestServerKind, address: string, dir: string): Promise<string[]> {
  const port = String(SERVER_PORTS[kind]);
  if (kind === 'http') {
    mkdirSync(join(dir, 'www'), { recursive: true });
    return ['python3', '-m', 'http.server', port, '--bind', address, '--directory', join(dir, 'www')];
  }
  if (kind === 'redis') return ['redis-server', '--bind', address, '--port', port, '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--dir', dir];
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey], { stdin: 'ignore' });
  const config = [`ListenAddress ${address}`, `Port ${port}`, `HostKey ${hostKey}`, `PidFile ${join(dir, 'sshd.pid')}`, 'UsePAM no', 'PasswordAuthentication no'];
  writeFileSync(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  mkdirSync('/run/sshd', { recursive: true });
  return ['/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')];
}

export async function startServer(kind: TestServerKind, netns: string, address: string, dir: string): Promise<ChildProcess> {
  const command = await serverCommand(kind, address, dir);
  const child = spawn('ip', ['netns', 'exec', netns, ...command], { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}
