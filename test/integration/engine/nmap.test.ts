// nmap through the engine against a real test host: SYN discovery then service detection on what it found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../../scanner/engine.js';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';
import { logs, progressValues, requestFor, scannerProcessesFor, sortedPorts } from './engine-test-kit.js';

describe('nmap runner', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await createTestHost({ servers: ['http', 'redis', 'ssh'] });
  });
  afterAll(async () => host?.destroy());

  it('finds exactly the open ports and names their services', async () => {
    const request = requestFor(host, { scanner: 'nmap' });
    const result = await runScan(request);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(sortedPorts(result.openPorts)).toEqual(host.openPorts);
    const services = Object.fromEntries(result.openPorts.map((p) => [p.port, p.service]));
    expect(services[22]).toBe('ssh');
    expect(services[6379]).toBe('redis');
    expect(services[8080]).toMatch(/http/);
    expect(result.openPorts.find((p) => p.port === 22)?.product).toMatch(/OpenSSH/);
    const info = logs(request.events, 'info');
    expect(info.some((m) => m.startsWith('nmap -sS '))).toBe(true);
    expect(info.some((m) => m.startsWith('nmap -sV '))).toBe(true);
    const progress = progressValues(request.events);
    expect(progress).toContain(70);
    expect(progress.at(-1)).toBe(100);
    expect(await scannerProcessesFor(host)).toEqual([]);
  });

  it('cancels during discovery at once, status cancelled, no nmap left', async () => {
    const controller = new AbortController();
    const request = requestFor(host, { scanner: 'nmap', rate: 50, ports: (await import('../../../scanner/ports.js')).parsePortSpec('1-65535'), signal: controller.signal });
    setTimeout(() => controller.abort(), 2000);
    const result = await runScan(request);
    expect(result.status).toBe('cancelled');
    expect(result.progress).toBeLessThan(70);
    expect(await scannerProcessesFor(host)).toEqual([]);
  });
});
