// What one run actually scanned — its targets, ports, protocol and scanner, as recorded on the run row
// when it was planned and started — and the questions a diff asks of it: did this run look at ip:port/proto
// at all, and do two runs detect services the same way. A port outside a run's scan set was not scanned in
// that run: it can be neither "gone" nor "new" there. A run from before scan sets were kept covers
// everything (nothing is known, so runs compare as they always did).
import { tryParseAddressRange, type AddressRange } from '../../scanner/address-ranges.js';
import type { PortRange } from '../../scanner/port-ranges.js';
import { parsePortSpec } from '../../scanner/ports.js';
import type { DiffScope } from '../../scanner/diff.js';
import type { Protocol, ProtocolChoice, ScannerKind } from '../../scanner/types.js';

export interface RunScanSetRow {
  number: number;
  scan_targets: string[] | null;
  scan_ports: string | null;
  scan_scanner: string | null;
  scan_protocol: string | null;
}

export interface ScanSet {
  run: number;
  /** The scanner the run used; null when the run predates recorded scan sets. */
  scanner: ScannerKind | null;
  /** Whether the run scanned this port of this address. */
  covers(port: { ip: string; port: number; protocol: string }): boolean;
}

function inRanges(ranges: readonly PortRange[], port: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = ranges[mid]!;
    if (port < first) hi = mid - 1;
    else if (port > last) lo = mid + 1;
    else return true;
  }
  return false;
}

function parsedPorts(row: RunScanSetRow): Record<Protocol, PortRange[]> | null {
  if (row.scan_ports === null) return null;
  try {
    const spec = parsePortSpec(row.scan_ports, (row.scan_protocol ?? 'tcp') as ProtocolChoice);
    return { tcp: spec.tcp, udp: spec.udp };
  } catch {
    return null; // a spec stored before today's grammar: unknown, so treated as covering everything
  }
}

function parsedTargets(row: RunScanSetRow): AddressRange[] | null {
  if (row.scan_targets === null) return null;
  const ranges = row.scan_targets.map((t) => tryParseAddressRange(t, { maskHostBits: true }));
  return ranges.every((r): r is AddressRange => r !== undefined) ? ranges : null;
}

export function scanSetOf(row: RunScanSetRow): ScanSet {
  const ports = parsedPorts(row);
  const targets = parsedTargets(row);
  const hostCovered = new Map<string, boolean>();
  const coversHost = (ip: string): boolean => {
    if (targets === null) return true;
    const known = hostCovered.get(ip);
    if (known !== undefined) return known;
    const address = tryParseAddressRange(ip);
    const covered = address !== undefined && targets.some((t) => t.family === address.family && t.first <= address.first && address.last <= t.last);
    hostCovered.set(ip, covered);
    return covered;
  };
  return {
    run: row.number,
    scanner: (row.scan_scanner as ScannerKind | null) ?? null,
    covers: (p) => {
      if (ports !== null) {
        const ranges = p.protocol === 'udp' ? ports.udp : ports.tcp;
        if (!inRanges(ranges, p.port)) return false;
      }
      return coversHost(p.ip);
    },
  };
}

/**
 * Whether service fields of the two runs can be compared: only when both used the same scanner (masscan
 * reports no service; nmap and hybrid run -sV), so a change of scanner is never a "changed service".
 */
export function servicesComparable(base: ScanSet, current: ScanSet): boolean {
  return base.scanner === null || current.scanner === null || base.scanner === current.scanner;
}

/** The DiffScope of scanner/diff.ts for a run compared with its base run. */
export function diffScopeOf<T extends { ip: string; port: number; protocol: string }>(base: RunScanSetRow, current: RunScanSetRow): DiffScope<T> & { base: ScanSet; current: ScanSet } {
  const baseSet = scanSetOf(base);
  const currentSet = scanSetOf(current);
  return {
    base: baseSet,
    current: currentSet,
    previousCovers: (item) => baseSet.covers(item),
    currentCovers: (item) => currentSet.covers(item),
    compareDetails: servicesComparable(baseSet, currentSet),
  };
}
