// A scan target of our own: a fresh network namespace joined to this machine by a veth pair, in its own
// 198.18.N.0/24 (host side .1, test host .2), running real servers. Stray probes to the rest of
// 198.18.0.0/15 drop at a blackhole route, so scans never leave the machine. Used by the engine, worker and
// bot integration tests:
//   const host = await createTestHost({ servers: ['http', 'redis', 'ssh'] });
//   host.ip, host.ports.redis, host.openPorts, host.masscan (adapter options); await host.destroy();
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MasscanAdapter } from '../../scanner/types.js';
import { claimSubnet, ip, releaseSubnet, waitForPort } from './netns.js';
import { SERVER_PORTS, startServer, type TestServerKind } from './test-servers.js';

export type { TestServerKind };

export interface TestHost {
  /** The test host's address, 198.18.N.2. */
  ip: string;
  /** This machine's address on the link, 198.18.N.1. */
  hostIp: string;
  /** A free address on the link for masscan --banners (so the kernel does not reset its connections). */
  spareIp: string;
  /** The /24 the test host lives in (to put in SCOPE_ALLOW). */
  subnet: string;
  netns: string;
  /** Port of each server started. */
  ports: Partial<Record<TestServerKind, number>>;
  /** Every TCP port open on the test host, ascending. */
  openPorts: number[];
  /** Options that make masscan send through the veth pair. */
  masscan: Required<MasscanAdapter>;
  destroy(): Promise<void>;
}

export interface TestHostOptions {
  servers?: TestServerKind[];
}

export async function createTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const n = claimSubnet();
  const netns = `pcl-t${n}-${process.pid % 100000}`;
  const hostIf = `pcl-h${n}`;
  const peerIf = `pcl-p${n}`;
  const address = `198.18.${n}.2`;
  const dir = mkdtempSync(join(tmpdir(), `pcl-host-${n}-`));
  const children: ChildProcess[] = [];

  const destroy = async () => {
    for (const child of children) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
    await ip(['netns', 'del', netns], { ignoreErrors: true });
    await ip(['link', 'del', hostIf], { ignoreErrors: true });
    rmSync(dir, { recursive: true, force: true });
    releaseSubnet(n);
  };

  try {
    await ip(['link', 'del', hostIf], { ignoreErrors: true });
    await ip(['netns', 'add', netns]);
    await ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', peerIf]);
    await ip(['link', 'set', peerIf, 'netns', netns]);
    await ip(['addr', 'add', `198.18.${n}.1/24`, 'dev', hostIf]);
    await ip(['link', 'set', hostIf, 'up']);
    await ip(['route', 'add', 'blackhole', '198.18.0.0/15'], { ignoreErrors: true });
    await ip(['netns', 'exec', netns, 'ip', 'addr', 'add', `${address}/24`, 'dev', peerIf]);
    await ip(['netns', 'exec', netns, 'ip', 'link', 'set', peerIf, 'up']);
    await ip(['netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up']);
    const routerMac = (await ip(['netns', 'exec', netns, 'cat', `/sys/class/net/${peerIf}/address`])).trim()
      || readFileSync(`/sys/class/net/${hostIf}/address`, 'utf8').trim();

    const ports: Partial<Record<TestServerKind, number>> = {};
    for (const kind of options.servers ?? []) {
      children.push(await startServer(kind, netns, address, dir));
      ports[kind] = SERVER_PORTS[kind];
    }
    for (const port of Object.values(ports)) await waitForPort(address, port);

    return {
      ip: address,
      hostIp: `198.18.${n}.1`,
      spareIp: `198.18.${n}.50`,
      subnet: `198.18.${n}.0/24`,
      netns,
      ports,
      openPorts: Object.values(ports).sort((a, b) => a - b),
      masscan: { adapter: hostIf, adapterIp: `198.18.${n}.1`, routerMac },
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}
