// Streams a scan result to stdout as the engine or a parser delivers it (ResultBatch), in text or as the
// DESIGN §8 JSON object, with flat memory: ports are written as they come when the status is known up
// front (`parse`), else spooled to a temp file until the run ends (`scan-now`: the status comes first in
// the output but is known last); findings are spooled by severity so they come out most severe first.
// A port delivered again (hybrid: masscan, then nmap -sV) replaces the earlier record and its findings.
import { HostPortTally } from '../../scanner/results/host-port-tally.js';
import { SEVERITIES, type Finding, type OpenPort, type Protocol, type ResultBatch, type Severity } from '../../scanner/types.js';
import { handedOverBytes, LineSpool, type HandedOverSpool } from './line-spool.js';
import type { PrintedFinding, ResultEnd, ResultRenderer } from './renderer.js';

export interface OutputSink {
  write(chunk: string | Uint8Array): boolean;
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
  /** Direct mode: findings rendered by parts of the output on other threads, copied after this one's. */
  private readonly partFindings = new Map<Severity, HandedOverSpool[]>();

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

  /** Bytes already rendered (spooled text), written as they are after what is buffered. */
  private async emitBytes(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    await this.flushBuffer();
    if (!this.out.write(bytes)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
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

  /**
   * Direct mode: ports rendered elsewhere (a part of the output parsed on another thread), as UTF-8 bytes,
   * `count` of them. `asFirst`: rendered as the output's first ports (the first part); else as ports after
   * the first, which become the first ones (renderer.laterPartLead) when nothing was printed before.
   */
  async addRenderedPorts(chunks: AsyncIterable<Buffer>, count: number, asFirst: boolean): Promise<void> {
    if (this.spool) throw new Error('addRenderedPorts: only when the status is known up front');
    let lead = !asFirst && this.ports === 0 ? this.renderer.laterPartLead() : undefined;
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      if (!this.started) await this.start(this.status as string);
      if (lead) {
        await this.emit(lead.prefix);
        await this.emitBytes(chunk.subarray(Buffer.byteLength(lead.drop)));
        lead = undefined;
      } else await this.emitBytes(chunk);
    }
    this.ports += count;
  }

  /** Direct mode: findings of one severity rendered elsewhere (each after a separator), printed after these. */
  addRenderedFindings(severity: Severity, spool: HandedOverSpool): void {
    if (spool.count === 0) return;
    const list = this.partFindings.get(severity) ?? [];
    list.push(spool);
    this.partFindings.set(severity, list);
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
      const sources = [this.findings.get(severity)?.bytes() ?? [], ...(this.partFindings.get(severity) ?? []).map(handedOverBytes)];
      for (const source of sources) {
        for await (const chunk of source) {
          if (chunk.length === 0) continue;
          await this.emitBytes(first ? chunk.subarray(Buffer.byteLength(this.renderer.separator)) : chunk);
          first = false;
        }
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
        for (const parts of this.partFindings.values()) for (const part of parts) count += part.count;
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
