// The safety policy applied again by the scanner, to the signed order itself, before any packet: public
// unicast only unless the order's signed allow list says otherwise, never the deny list (the order's and
// this scanner's own SCOPE_DENY), inside the registered scope the order was checked against, and a chunk
// only within its run's targets. What the control plane checked is checked again where packets leave.
import { isInsideScope } from '../../scanner/scope.js';
import { parseTargets } from '../../scanner/targets.js';
import type { TargetRange } from '../../scanner/types.js';
import type { ScanOrder } from './scan-order.js';

export class OrderPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderPolicyError';
  }
}

/** The targets a job of the order scans: the whole run, or one of its signed chunks. */
export function orderTargets(order: ScanOrder, chunk: number | null): string[] {
  if (chunk === null) return order.targets;
  const targets = order.chunks?.[chunk];
  if (!targets) throw new OrderPolicyError(`chunk ${chunk + 1} is not part of the signed order of run ${order.run} of ${order.scanId}: refused`);
  return targets;
}

/** Parses and checks the targets; throws OrderPolicyError with what was refused and why. */
export function checkOrderPolicy(order: ScanOrder, targets: string[], localDeny: readonly string[]): TargetRange[] {
  let ranges: TargetRange[];
  try {
    ranges = parseTargets(targets.join(','), { allow: order.allow, deny: [...order.deny, ...localDeny] });
  } catch (error) {
    throw new OrderPolicyError(`the order's targets are refused by this scanner's safety policy: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const range of ranges) {
    if (!isInsideScope(range, order.scope)) throw new OrderPolicyError(`target ${range.cidr} is outside the scope the order was checked against: refused`);
    if (!isInsideScope(range, order.targets)) throw new OrderPolicyError(`target ${range.cidr} is not one of the run's targets: refused`);
  }
  return ranges;
}
