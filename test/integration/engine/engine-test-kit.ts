// Shared pieces of the engine integration tests: a scan request against a test host, the events a run
// emitted, and the check that no scanner process outlived its run.
import { execa } from 'execa';
import { parsePortSpec } from '../../../scanner/ports.js';
import { parseTargets } from '../../../scanner/targets.js';
import type { ScanEvent, ScanRequest } from '../../../scanner/types.js';
import type { TestHost } from '../../helpers/test-host.js';

/** The open ports of a test host plus closed neighbours, so "exactly the open ports" means something. */
export const TEST_PORTS = '20-25,6370-6390,8075-8085';

export function requestFor(host: TestHost, overrides: Partial<ScanRequest> = {}): ScanRequest & { events: ScanEvent[] } {
  const events: ScanEvent[] = [];
  return {
    targets: parseTargets(host.ip, { allow: [host.subnet], deny: [] }),
    ports: parsePortSpec(TEST_PORTS),
    scanner: 'masscan',
    rate: 500,
    timeoutSeconds: 120,
    portTimeoutMs: 1000,
    exclude: [],
    masscan: host.masscan,
    onEvent: (event) => events.push(event),
    events,
    ...overrides,
  };
}

export function logs(events: ScanEvent[], level?: 'info' | 'warning' | 'error'): string[] {
  return events.flatMap((e) => (e.type === 'log' && (!level || e.level === level) ? [e.message] : []));
}

export function progressValues(events: ScanEvent[]): number[] {
  return events.flatMap((e) => (e.type === 'progress' ? [e.percent] : []));
}

/** masscan/nmap processes whose command line names the test host (there must be none after a run). */
export async function scannerProcessesFor(host: TestHost): Promise<string[]> {
  const result = await execa('pgrep', ['-af', `(masscan|nmap) .*${host.ip.replace(/\./g, '\\.')}`], { reject: false });
  return result.stdout.split('\n').filter((line) => line.trim() !== '' && !line.includes('pgrep'));
}

export function sortedPorts(openPorts: Array<{ port: number }>): number[] {
  return openPorts.map((p) => p.port).sort((a, b) => a - b);
}
