// The test-host harness itself: its servers answer on the test host's address, and destroy() removes the
// namespace, the veth pair and the server processes.
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';

describe('createTestHost', () => {
  let host: TestHost | undefined;
  afterAll(async () => host?.destroy());

  it('runs real http, redis and ssh servers in a fresh namespace and removes everything on destroy', async () => {
    host = await createTestHost({ servers: ['http', 'redis', 'ssh'] });
    expect(host.ip).toMatch(/^198\.18\.\d+\.2$/);
    expect(host.openPorts).toEqual([22, 6379, 8080]);
    expect(host.masscan.routerMac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const ping = await execa('redis-cli', ['-h', host.ip, '-p', '6379', 'PING'], { reject: false });
    expect(ping.stdout.trim()).toBe('PONG');

    const { netns } = host;
    await host.destroy();
    host = undefined;
    const namespaces = await execa('ip', ['netns', 'list']);
    expect(namespaces.stdout).not.toContain(netns);
    const leftovers = await execa('pgrep', ['-f', `198.18.*${netns}`], { reject: false });
    expect(leftovers.stdout).toBe('');
  });
});
