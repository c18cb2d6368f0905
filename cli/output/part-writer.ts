// Renders one part of an output whose parts are made on different threads (portcullis parse of a big
// file): its ports as the text they print as, handed to `out` in pieces of about PIECE_CHARS, and its
// findings by severity spooled (each rendered as a finding after the first) in a directory the caller
// owns. The first part renders its ports as the output's first; a later part renders each as a port
// after the first (ResultWriter.addRenderedPorts fixes the very first) and, in text, holds its rows until
// the first part's column widths arrive (useWidths).
import { SEVERITIES, type OpenPort, type Protocol, type ResultBatch, type Severity } from '../../scanner/types.js';
import { LineSpool, type HandedOverSpool } from './line-spool.js';
import type { ResultRenderer } from './renderer.js';
import type { TextRenderer } from './text-renderer.js';

/**
 * Text kept in memory before it goes on (to `out`, to a spool file): small, so rendered text dies young in
 * a part thread's small heap instead of being promoted and collected by costly full collections.
 */
export const PIECE_CHARS = 16 << 10;

type HeldRow = [string, number, Protocol, string | null, string | null, string | null];

export class PartWriter {
  private text = '';
  private ports = 0;
  private readonly findings: Map<Severity, LineSpool>;
  /** A later part's text rows while the widths are unknown. */
  private held: LineSpool | undefined;
  private widthsSent = false;

  constructor(
    private readonly renderer: ResultRenderer,
    /** Text renderer only: for the first part, called once with the widths it measured. */
    private readonly textRenderer: TextRenderer | undefined,
    private readonly first: boolean,
    private readonly out: (text: string) => Promise<void>,
    dir: string,
    name: string,
    private readonly onWidths?: (widths: number[]) => void,
  ) {
    this.findings = new Map(SEVERITIES.map((s) => [s, new LineSpool(`${name}-findings-${s}`, '', dir, PIECE_CHARS)]));
    if (!first && textRenderer && !textRenderer.measured()) this.held = new LineSpool(`${name}-held`, '\n', dir, PIECE_CHARS);
  }

  get portCount(): number {
    return this.ports;
  }

  async add(batch: ResultBatch): Promise<void> {
    for (const port of batch.openPorts) {
      if (this.held) await this.held.append(JSON.stringify([port.ip, port.port, port.protocol, port.service ?? null, port.product ?? null, port.version ?? null] satisfies HeldRow));
      else this.render(port);
      this.ports += 1;
      if (this.text.length >= PIECE_CHARS) await this.flush();
    }
    this.noteWidths();
    for (const finding of batch.findings) await this.findings.get(finding.severity)?.append(this.renderer.finding(finding, 1));
  }

  /** A later part, text: the widths the first part measured; the rows held so far are rendered now. */
  async useWidths(widths: readonly number[]): Promise<void> {
    const held = this.held;
    if (!held || !this.textRenderer) return;
    this.textRenderer.useWidths(widths);
    this.held = undefined;
    // Each as a port after the first (a later part): the index only tells the first from the others.
    for await (const line of held.lines()) {
      const [ip, port, protocol, service, product, version] = JSON.parse(line) as HeldRow;
      this.text += this.renderer.port({ ip, port, protocol, state: 'open', ...(service !== null ? { service } : {}), ...(product !== null ? { product } : {}), ...(version !== null ? { version } : {}) }, 1);
      if (this.text.length >= PIECE_CHARS) await this.flush();
    }
    await held.close();
  }

  /** Whether a later part still waits for the widths. */
  get waitingForWidths(): boolean {
    return this.held !== undefined;
  }

  private render(port: OpenPort): void {
    this.text += this.renderer.port(port, this.first ? this.ports : this.ports + 1);
  }

  private noteWidths(): void {
    const widths = this.first && !this.widthsSent ? this.textRenderer?.measured() : undefined;
    if (!widths) return;
    this.widthsSent = true;
    this.onWidths?.(widths);
  }

  private async flush(): Promise<void> {
    if (this.text.length === 0) return;
    const text = this.text;
    this.text = '';
    await this.out(text);
  }

  /** Renders what is held (the first part measures its columns now if it had too few rows), flushes, hands over. */
  async finish(): Promise<Array<{ severity: Severity; spool: HandedOverSpool }>> {
    if (this.first && this.textRenderer) {
      this.text += this.textRenderer.releaseHeld();
      if (!this.widthsSent) {
        this.widthsSent = true;
        this.onWidths?.(this.textRenderer.measured() ?? []);
      }
    }
    await this.flush();
    const handed: Array<{ severity: Severity; spool: HandedOverSpool }> = [];
    for (const [severity, spool] of this.findings) handed.push({ severity, spool: await spool.handOver() });
    return handed;
  }
}
