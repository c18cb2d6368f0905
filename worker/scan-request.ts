// Turns a verified order into the engine's ScanRequest: its targets already passed the safety policy in
// order-intake.ts; the ports are parsed here, and this host's masscan adapter settings are added.
import type { ScanOrder } from '../core/orders/scan-order.js';
import { parsePortSpec } from '../scanner/ports.js';
import type { ScanRequest, TargetRange } from '../scanner/types.js';
import type { ScannerConfig } from './worker-context.js';

export type PreparedScan = Omit<ScanRequest, 'signal' | 'onEvent' | 'onResults'>;

/** Throws the scanner's coded error (its message says what to fix) when the order is unusable. */
export function buildScanRequest(order: ScanOrder, ranges: TargetRange[], config: ScannerConfig): PreparedScan {
  const masscan = {
    ...(config.MASSCAN_ADAPTER ? { adapter: config.MASSCAN_ADAPTER } : {}),
    ...(config.MASSCAN_ADAPTER_IP ? { adapterIp: config.MASSCAN_ADAPTER_IP } : {}),
    ...(config.MASSCAN_ROUTER_MAC ? { routerMac: config.MASSCAN_ROUTER_MAC } : {}),
  };
  return {
    targets: ranges,
    ports: parsePortSpec(order.ports, order.protocol),
    scanner: order.scanner,
    rate: order.rate,
    timeoutSeconds: order.timeoutSeconds,
    portTimeoutMs: order.portTimeoutMs,
    exclude: [...new Set([...order.deny, ...config.SCOPE_DENY])],
    ...(Object.keys(masscan).length > 0 ? { masscan } : {}),
  };
}

export function addressCount(request: PreparedScan): bigint {
  return request.targets.reduce((sum, t) => sum + t.size, 0n);
}
