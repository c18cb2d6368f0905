// Turns a stored scan configuration into the engine's ScanRequest, re-validating targets and ports on
// the worker (the safety policy is applied again where the packets leave, not only where the command came in).
import type { Config } from '../core/config.js';
import type { ScanConfig } from '../core/scans/scan-model.js';
import { parsePortSpec } from '../scanner/ports.js';
import { parseTargets } from '../scanner/targets.js';
import type { ScanRequest } from '../scanner/types.js';

export type PreparedScan = Omit<ScanRequest, 'signal' | 'onEvent'>;

/** Throws the scanner's coded error (its message says what to fix) when the configuration is unusable. */
export function buildScanRequest(scan: ScanConfig, config: Config, targetsSubset?: string[]): PreparedScan {
  const targets = parseTargets((targetsSubset ?? scan.targets).join(','), { allow: config.SCOPE_ALLOW, deny: config.SCOPE_DENY });
  const masscan = {
    ...(config.MASSCAN_ADAPTER ? { adapter: config.MASSCAN_ADAPTER } : {}),
    ...(config.MASSCAN_ADAPTER_IP ? { adapterIp: config.MASSCAN_ADAPTER_IP } : {}),
    ...(config.MASSCAN_ROUTER_MAC ? { routerMac: config.MASSCAN_ROUTER_MAC } : {}),
  };
  return {
    targets,
    ports: parsePortSpec(scan.ports, scan.protocol),
    scanner: scan.scanner,
    rate: scan.rate,
    timeoutSeconds: scan.timeoutSeconds,
    portTimeoutMs: scan.portTimeoutMs,
    exclude: config.SCOPE_DENY,
    ...(Object.keys(masscan).length > 0 ? { masscan } : {}),
  };
}

export function addressCount(request: PreparedScan): bigint {
  return request.targets.reduce((sum, t) => sum + t.size, 0n);
}
