// Where a run's results go as the tools report them (ScanRequest.onResults): ports in bounded batches, each
// with the findings of its ports, the consumer awaited between batches (back-pressure). Open ports are
// counted per host on the way (HostPortTally); a host past the tarpit threshold becomes one finding with
// its ports summarised, and none of its further ports are delivered. The tally is what service detection
// is planned from, so no OpenPort record is held here beyond the batch being filled.
import { findingsOf, tarpitFinding } from '../rules/index.js';
import type { Finding, OpenPort, ResultBatch } from '../types.js';
import { HostPorts, HostPortTally, portKey } from './host-port-tally.js';

/** Ports per delivered batch at most. */
export const MAX_BATCH_PORTS = 4096;
export const DEFAULT_TARPIT_PORT_THRESHOLD = 1000;

/** How many distinct (port, protocol) pairs a host's ports hold. */
function distinctPorts(ports: readonly OpenPort[]): number {
  if (ports.length <= 32) {
    let count = 0;
    for (let i = 0; i < ports.length; i += 1) {
      const a = ports[i] as OpenPort;
      let repeated = false;
      for (let j = 0; j < i && !repeated; j += 1) repeated = ports[j]?.port === a.port && ports[j]?.protocol === a.protocol;
      if (!repeated) count += 1;
    }
    return count;
  }
  const host = new HostPorts();
  for (const port of ports) host.add(portKey(port.port, port.protocol));
  return host.count;
}

export class ResultStream {
  readonly tally = new HostPortTally();
  readonly threshold: number;
  /** Hosts that answered on more ports than the threshold, with their finding. */
  private readonly tarpits = new Map<string, Finding | undefined>();
  private pending: OpenPort[] = [];
  private pendingFindings: Finding[] = [];

  constructor(
    private readonly deliver: (batch: ResultBatch) => Promise<void>,
    threshold: number | undefined,
    private readonly onTarpit?: (ip: string, count: number, threshold: number) => void,
    /**
     * false when every host is reported whole, once (an nmap XML file being parsed): acceptHost then
     * forgets the host's ports once counted, and memory stays flat however many hosts there are.
     */
    private readonly retainHosts = true,
    /** Ports per delivered batch (at most MAX_BATCH_PORTS): a parse thread with a small heap uses small batches. */
    private readonly batchPorts = MAX_BATCH_PORTS,
  ) {
    this.threshold = threshold ?? DEFAULT_TARPIT_PORT_THRESHOLD;
  }

  /** Distinct open ports delivered so far (a re-delivered port counts once). */
  get openPortCount(): number {
    return this.tally.distinct;
  }

  isTarpit(ip: string): boolean {
    return this.tarpits.has(ip);
  }

  /** The findings of hosts that answer everywhere. */
  tarpitFindings(): Finding[] {
    return [...this.tarpits.values()].filter((f): f is Finding => f !== undefined);
  }

  /**
   * Marks `ip` as answering everywhere from the ports it answered on (a tally of its own when counted
   * before delivery, as the masscan runner does), and queues its one finding.
   */
  markTarpit(ip: string, ports: HostPorts): void {
    if (this.tarpits.has(ip)) return;
    const finding = tarpitFinding({ ip, count: ports.count, tcp: ports.ranges('tcp'), udp: ports.ranges('udp'), threshold: this.threshold });
    this.tarpits.set(ip, finding);
    this.onTarpit?.(ip, ports.count, this.threshold);
    if (finding) this.pendingFindings.push(finding);
    this.tally.remove(ip);
  }

  /** Takes ports the tools reported (sync: parsers call it); call `drain()` after to deliver full batches. */
  accept(ports: readonly OpenPort[]): void {
    for (const port of ports) {
      if (this.tarpits.has(port.ip)) continue;
      const known = this.tally.get(port.ip);
      if (known && known.count >= this.threshold && !known.has(portKey(port.port, port.protocol))) {
        // Found while streaming: the ports delivered before the host crossed the threshold stay delivered.
        known.add(portKey(port.port, port.protocol));
        this.markTarpit(port.ip, known);
        continue;
      }
      this.tally.add(port);
      const host = this.tally.get(port.ip) as HostPorts;
      this.pending.push(host.ttl !== undefined && port.ttl === undefined ? { ...port, ttl: host.ttl } : port);
    }
  }

  /** Takes the ports of one whole host (nmap reports a host at once): past the threshold, none is delivered. */
  acceptHost(ip: string, ports: readonly OpenPort[]): void {
    if (!this.retainHosts && !this.tarpits.has(ip) && ports.length <= this.threshold && !this.tally.get(ip)) {
      // A whole host seen once: no need to remember it, only to count its distinct ports.
      this.tally.distinct += distinctPorts(ports);
      for (const port of ports) this.pending.push(port);
      return;
    }
    if (!this.tarpits.has(ip) && this.tally.count(ip) + ports.length > this.threshold) {
      const all = new HostPorts();
      for (const key of this.tally.get(ip)?.keys() ?? []) all.add(key);
      for (const port of ports) all.add(portKey(port.port, port.protocol));
      if (all.count > this.threshold) return this.markTarpit(ip, all);
    }
    this.accept(ports);
    if (!this.retainHosts) this.tally.remove(ip);
  }

  /** Delivers full batches; what is left (less than a batch) waits for more or for `flush()`. */
  async drain(): Promise<void> {
    while (this.pending.length >= this.batchPorts) await this.send(this.batchPorts);
  }

  /** Delivers everything pending. */
  async flush(): Promise<void> {
    await this.drain();
    if (this.pending.length > 0 || this.pendingFindings.length > 0) await this.send(this.pending.length);
  }

  private async send(count: number): Promise<void> {
    const openPorts = this.pending.length === count ? this.pending : this.pending.splice(0, count);
    if (openPorts === this.pending) this.pending = [];
    const findings = this.pendingFindings.length > 0 ? [...this.pendingFindings, ...findingsOf(openPorts)] : findingsOf(openPorts);
    this.pendingFindings = [];
    await this.deliver({ openPorts, findings });
  }
}
