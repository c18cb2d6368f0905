// Hybrid through the engine against a real test host: masscan discovery (0–75 %), nmap -sV on what it
// found (75–100 %), services identified and the exposed redis reported as a critical finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../../scanner/engine.js';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';
import { progressValues, requestFor, scannerProcessesFor, sortedPorts } from './engine-test-kit.js';

describe('hybrid runner', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await createTestHost({ servers: ['http', 'redis', 'ssh'] });
  });
  afterAll(async () => host?.destroy());

  it('finds exactly the open ports, identifies redis and ssh, and flags the exposed redis as critical', async () => {
    const request = requestFor(host, { scanner: 'hybrid' });
    const result = await runScan(request);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.warnings).toEqual([]);
    expect(sortedPorts(result.openPorts)).toEqual(host.openPorts);
    const services = Object.fromEntries(result.openPorts.map((p) => [p.port, p.service]));
    expect(services[6379]).toBe('redis');
    expect(services[22]).toBe('ssh');
    expect(result.openPorts.find((p) => p.port === 6379)?.ttl).toBe(64);
    const redis = result.findings.find((f) => f.port === 6379);
    expect(redis?.severity).toBe('critical');
    expect(redis?.ip).toBe(host.ip);
    const progress = progressValues(request.events);
    expect(progress).toContain(75);
    expect(progress.at(-1)).toBe(100);
    expect(await scannerProcessesFor(host)).toEqual([]);
  });
});
