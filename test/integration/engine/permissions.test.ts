// Without raw sockets (capabilities really dropped with capsh), masscan fails with the clear error and
// nmap falls back to a connect scan that still finds the open ports.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';
import { TEST_PORTS, scannerProcessesFor, sortedPorts } from './engine-test-kit.js';
import { runScanWithoutRawSockets, type SubprocessScanSpec } from './engine-subprocess.js';

describe('a worker without NET_RAW and NET_ADMIN', () => {
  let host: TestHost;
  let spec: SubprocessScanSpec;
  beforeAll(async () => {
    host = await createTestHost({ servers: ['http', 'ssh'] });
    spec = { targets: host.ip, allow: [host.subnet], ports: TEST_PORTS, scanner: 'masscan', rate: 500, timeoutSeconds: 60, portTimeoutMs: 1000, exclude: [], masscan: host.masscan };
  });
  afterAll(async () => host?.destroy());

  it('really lacks the capabilities under capsh', async () => {
    const status = await execa('capsh', ['--drop=cap_net_raw,cap_net_admin', '--', '-c', 'grep CapEff /proc/self/status']);
    const caps = BigInt(`0x${status.stdout.split(/\s+/)[1]}`);
    expect(caps & (1n << 13n)).toBe(0n);
  });

  it('fails a masscan run with "permission denied — the worker needs NET_RAW and NET_ADMIN", no stack trace', async () => {
    const { result } = await runScanWithoutRawSockets(spec);
    expect(result.status).toBe('failed');
    expect(result.error).toBe('masscan: permission denied — the worker needs NET_RAW and NET_ADMIN');
    expect(result.openPorts).toEqual([]);
    expect(await scannerProcessesFor(host)).toEqual([]);
  });

  it('fails a hybrid run the same way (its discovery is masscan)', async () => {
    const { result } = await runScanWithoutRawSockets({ ...spec, scanner: 'hybrid' });
    expect(result.status).toBe('failed');
    expect(result.error).toBe('masscan: permission denied — the worker needs NET_RAW and NET_ADMIN');
  });

  it('runs nmap as a connect scan (-sT) that still finds the open ports', async () => {
    const { result } = await runScanWithoutRawSockets({ ...spec, scanner: 'nmap' });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(sortedPorts(result.openPorts)).toEqual(host.openPorts);
    expect(await scannerProcessesFor(host)).toEqual([]);
  });
});
