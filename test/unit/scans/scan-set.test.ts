// What a run scanned, from the scan set recorded on its row, and the diff within what both runs scanned:
// a port outside a run's set is "not scanned" there, never gone or new; another scanner is not a changed service.
import { describe, expect, it } from 'vitest';
import { diffScopeOf, scanSetOf, type RunScanSetRow } from '../../../core/scans/scan-set.js';
import { diffPortsWithin } from '../../../scanner/diff.js';
import type { OpenPort } from '../../../scanner/types.js';

const row = (number: number, set: Partial<RunScanSetRow> = {}): RunScanSetRow => ({
  number, scan_targets: ['198.18.90.0/28'], scan_ports: '1-10000', scan_scanner: 'nmap', scan_protocol: 'tcp', ...set,
});
const port = (n: number, extra: Partial<OpenPort> = {}): OpenPort => ({ ip: '198.18.90.2', port: n, protocol: 'tcp', state: 'open', ...extra });

describe('scanSetOf', () => {
  it('covers the ports, protocol and targets the run scanned, exclusions removed', () => {
    const set = scanSetOf(row(2, { scan_ports: '1-10000,!6379' }));
    expect(set.covers(port(22))).toBe(true);
    expect(set.covers(port(6379))).toBe(false);
    expect(set.covers(port(10001))).toBe(false);
    expect(set.covers(port(53, { protocol: 'udp' }))).toBe(false);
    expect(set.covers({ ...port(22), ip: '198.18.91.2' })).toBe(false);
    expect(scanSetOf(row(2, { scan_protocol: 'both', scan_ports: '53' })).covers(port(53, { protocol: 'udp' }))).toBe(true);
    expect(scanSetOf(row(2, { scan_targets: ['2001:db8::/120'] })).covers({ ...port(22), ip: '2001:db8::5' })).toBe(true);
  });

  it('covers everything for a run from before scan sets were kept', () => {
    const set = scanSetOf(row(1, { scan_targets: null, scan_ports: null, scan_scanner: null, scan_protocol: null }));
    expect(set.covers({ ...port(65000), ip: '203.0.113.9' })).toBe(true);
    expect(set.scanner).toBeNull();
  });
});

describe('diffPortsWithin', () => {
  it('an excluded port is "not scanned now", never gone; a port the base did not scan is not new', () => {
    const scope = diffScopeOf<OpenPort>(row(1, { scan_ports: '1-1000' }), row(2, { scan_ports: '1-10000,!6379' }));
    const d = diffPortsWithin([port(22), port(6379), port(80)], [port(22), port(8080), port(443)], scope);
    expect(d.gone.map((p) => p.port)).toEqual([80]);
    expect(d.notScannedNow.map((p) => p.port)).toEqual([6379]);
    expect(d.new.map((p) => p.port)).toEqual([443]);
    expect(d.notScannedBefore.map((p) => p.port)).toEqual([8080]);
  });

  it('a change of scanner or a side without service detection is not a changed service', () => {
    const masscan = diffScopeOf<OpenPort>(row(1, { scan_scanner: 'masscan' }), row(2, { scan_scanner: 'nmap' }));
    expect(masscan.compareDetails).toBe(false);
    const switched = diffPortsWithin([port(8080)], [port(8080, { service: 'http', product: 'SimpleHTTPServer' })], masscan);
    expect(switched.changed).toEqual([]);
    const same = diffScopeOf<OpenPort>(row(1), row(2));
    expect(diffPortsWithin([port(8080)], [port(8080, { service: 'http' })], same).changed).toEqual([]);
    const upgraded = diffPortsWithin([port(22, { service: 'ssh', version: '8.9' })], [port(22, { service: 'ssh', version: '9.6' })], same);
    expect(upgraded.changed.map((c) => [c.before.version, c.after.version])).toEqual([['8.9', '9.6']]);
  });
});
