// masscan through the engine against a real test host: exact open ports, the timeout watcher (warning at
// 90 %, stop at 100 %, nothing left running) and cancellation that keeps what was found.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../../scanner/engine.js';
import { parsePortSpec } from '../../../scanner/ports.js';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';
import { logs, progressValues, requestFor, scannerProcessesFor, sortedPorts } from './engine-test-kit.js';

describe('masscan runner', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await createTestHost({ servers: ['http', 'redis', 'ssh'] });
  });
  afterAll(async () => host?.destroy());

  it('finds exactly the open ports, with progress up to 100 %', async () => {
    const request = requestFor(host);
    const result = await runScan(request);
    expect(result.status).toBe('completed');
    expect(sortedPorts(result.openPorts)).toEqual(host.openPorts);
    expect(result.openPorts.every((p) => p.ip === host.ip && p.protocol === 'tcp')).toBe(true);
    const progress = progressValues(request.events);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(logs(request.events, 'info').some((m) => m.startsWith('masscan ') && m.includes('--wait 1'))).toBe(true);
    expect(await scannerProcessesFor(host)).toEqual([]);
  });

  it('honours exclusions: an excluded port and an excluded address are not scanned', async () => {
    const request = requestFor(host, { ports: parsePortSpec('20-25,6370-6390,8075-8085,!6379') });
    const result = await runScan(request);
    expect(sortedPorts(result.openPorts)).toEqual(host.openPorts.filter((p) => p !== 6379));
    const excluded = requestFor(host, { exclude: [host.ip], targets: requestFor(host).targets });
    const none = await runScan(excluded);
    expect(none.openPorts).toEqual([]);
  });

  it('stops a run that reaches its timeout: warning at 90 %, failed with the partial results kept, no process left', async () => {
    const request = requestFor(host, { ports: parsePortSpec('1-65535'), rate: 300, timeoutSeconds: 4 });
    const result = await runScan(request);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^masscan timed out after 4s at \d+ %; \d+ open ports found before the stop are kept$/);
    expect(result.error).toContain(`; ${result.openPorts.length} open ports`);
    expect(result.progress).toBeLessThan(100);
    expect(logs(request.events, 'warning').some((m) => m.includes('90 %'))).toBe(true);
    expect(await scannerProcessesFor(host)).toEqual([]);
    // An interrupted masscan writes its resume file into its working directory: never ours.
    expect(existsSync(join(process.cwd(), 'paused.conf'))).toBe(false);
  });

  it('cancels at once through the AbortSignal and keeps what was found', async () => {
    const controller = new AbortController();
    // 10 s of --wait after the probes: the run is only waiting when it is cancelled, so every open port is in.
    const request = requestFor(host, { portTimeoutMs: 10_000, rate: 300, signal: controller.signal });
    let abortedAt = 0;
    const onEvent = request.onEvent!;
    request.onEvent = (event) => {
      onEvent(event);
      if (event.type === 'progress' && event.percent >= 100 && !abortedAt) {
        abortedAt = Date.now();
        controller.abort();
      }
    };
    const result = await runScan(request);
    const stoppedWithin = Date.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect(result.status).toBe('cancelled');
    expect(sortedPorts(result.openPorts)).toEqual(host.openPorts);
    // Far less than the 10 s masscan would still have waited: the stop did not wait for the tool.
    expect(stoppedWithin).toBeLessThan(5000);
    expect(await scannerProcessesFor(host)).toEqual([]);
  });
});
