// Streams a scan result to stdout as the engine or a parser delivers it (ResultBatch), in text or as the
// DESIGN §8 JSON object, with flat memory: ports are written as they come when the status is known up
// front (`parse`), else spooled to a temp file until the run ends (`scan-now`: the status comes first in
// the output but is known last); findings are spooled by severity so they come out most severe first.
// A port delivered again (hybrid: masscan, then nmap -sV) replaces the earlier record and its findings.
import { HostPortTally } from '../../scanner/results/host-port-tally.js';
import { SEVERITIES, type Finding, type OpenPort, type Protocol, type ResultBatch, type Severity } from '../../scanner/types.js';
import { LineSpool } from './line-spool.js';
import type { PrintedFinding, ResultEnd, ResultRenderer } from './renderer.js';

export interface OutputSink {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

const WRITE_CHARS = 1 << 16;
/** Warnings printed at most (each is one line; a hostile file cannot make thousands). */
const MAX_WARNINGS = 50;

const keyOf = (p: { ip: string; port: number; protocol: string }): string => `${p.ip}|${p.port}|${p.protocol}`;

export class ResultWriter {
  private buffer = '';
  private started = false;
  private ports = 0;
  private seq = 0;
  /**
   * By severity. Direct mode: each finding already rendered as it will be printed (after a separator), so
   * the end is a straight copy. Spool mode: JSON lines with the delivery of the finding's port.
   */
  private readonly findings: Map<Severity, LineSpool>;
  /** Spool mode only: the ports, the keys seen, and the last delivery of each key delivered more than once. */
  private readonly spool: LineSpool | undefined;
  private readonly seen = new HostPortTally();
  private readonly redelivered = new Map<string, number>();

  constructor(
    private readonly out: OutputSink,
    private readonly renderer: ResultRenderer,
    /** The status, when known before the results (then ports are written at once). */
    private readonly status?: string,
  ) {
    this.spool = status === undefined ? new LineSpool('ports') : undefined;
    this.findings = new Map(SEVERITIES.map((s) => [s, new LineSpool(`findings-${s}`, this.spool ? '\n' : '')]));
  }

  private async emit(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= WRITE_CHARS) await this.flushBuffer();
  }

  private async flushBuffer(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = '';
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  async add(batch: ResultBatch): Promise<void> {
    const delivered = new Map<string, number>();
    for (const port of batch.openPorts) {
      if (!this.spool) {
        if (!this.started) await this.start(this.status as string);
        await this.emit(this.renderer.port(port, this.ports));
        this.ports += 1;
        continue;
      }
      const seq = this.seq++;
      if (!this.seen.add(port)) this.redelivered.set(keyOf(port), seq);
      delivered.set(keyOf(port), seq);
      await this.spool.append(`${seq}\t${JSON.stringify([port.ip, port.port, port.protocol, port.service ?? null, port.product ?? null, port.version ?? null])}`);
    }
    for (const finding of batch.findings) await this.addFinding(finding, delivered.get(keyOf(finding)) ?? -1);
  }

  private async addFinding(f: Finding, portSeq: number): Promise<void> {
    const spool = this.findings.get(f.severity);
    if (!this.spool) await spool?.append(this.renderer.finding(f, 1));
    else await spool?.append(JSON.stringify([f.title, f.ip, f.port, f.protocol, portSeq]));
  }

  /** Direct mode: the rendered findings copied out, most severe first, the first one without its separator. */
  private async copyFindings(): Promise<void> {
    let first = true;
    for (const severity of SEVERITIES) {
      for await (const chunk of this.findings.get(severity)?.chunks() ?? []) {
        if (chunk.length === 0) continue;
        await this.emit(first ? chunk.slice(this.renderer.separator.length) : chunk);
        first = false;
      }
    }
  }

  private async start(status: string): Promise<void> {
    this.started = true;
    await this.emit(this.renderer.start(status));
  }

  /** A finding stays when its port was delivered once, or it came with the port's last delivery. */
  private current(finding: PrintedFinding, portSeq: number): boolean {
    if (portSeq < 0 || this.redelivered.size === 0) return true;
    const last = this.redelivered.get(keyOf(finding));
    return last === undefined || last === portSeq;
  }

  private async *printedFindings(severity: Severity): AsyncGenerator<PrintedFinding> {
    for await (const line of this.findings.get(severity)?.lines() ?? []) {
      const [title, ip, port, protocol, portSeq] = JSON.parse(line) as [string, string, number, Protocol, number];
      const finding = { severity, title, ip, port, protocol };
      if (this.current(finding, portSeq)) yield finding;
    }
  }

  private async writeSpooledPorts(): Promise<void> {
    for await (const line of this.spool?.lines() ?? []) {
      const tab = line.indexOf('\t');
      const seq = Number(line.slice(0, tab));
      const [ip, port, protocol, service, product, version] = JSON.parse(line.slice(tab + 1)) as [string, number, Protocol, string | null, string | null, string | null];
      const last = this.redelivered.get(keyOf({ ip, port, protocol }));
      if (last !== undefined && last !== seq) continue;
      const record: OpenPort = { ip, port, protocol, state: 'open', ...(service !== null ? { service } : {}), ...(product !== null ? { product } : {}), ...(version !== null ? { version } : {}) };
      await this.emit(this.renderer.port(record, this.ports));
      this.ports += 1;
    }
  }

  /** Writes what is left: the status (when not yet), spooled ports, the findings by severity, the end. */
  async finish(end: ResultEnd & { status: string }): Promise<void> {
    try {
      if (!this.started) await this.start(end.status);
      await this.writeSpooledPorts();
      await this.emit(this.renderer.portsEnd(this.ports));
      if (!this.spool) {
        let count = 0;
        for (const spool of this.findings.values()) count += spool.count;
        await this.emit(this.renderer.findingsStart(count));
        await this.copyFindings();
      } else {
        let count = 0;
        for (const severity of SEVERITIES) for await (const _ of this.printedFindings(severity)) count += 1;
        await this.emit(this.renderer.findingsStart(count));
        let index = 0;
        for (const severity of SEVERITIES) {
          for await (const finding of this.printedFindings(severity)) await this.emit(this.renderer.finding(finding, index++));
        }
      }
      const warnings = end.warnings.length > MAX_WARNINGS ? [...end.warnings.slice(0, MAX_WARNINGS), `… and ${end.warnings.length - MAX_WARNINGS} more warning(s)`] : end.warnings;
      await this.emit(this.renderer.end({ warnings, ...(end.error !== undefined ? { error: end.error } : {}) }));
      await this.flushBuffer();
    } finally {
      await this.close();
    }
  }

  /** Removes the temp files (also when the output is abandoned). */
  async close(): Promise<void> {
    await this.spool?.close();
    for (const spool of this.findings.values()) await spool.close();
  }
}
