// The state of one nmap XML document being read: turns decoded text segments (each ending with a complete
// </host>) into hosts and open ports, notes the root element, </nmaprun> and the last <taskprogress>, and
// words the warnings at the end. nmap-xml.ts feeds it; this file never sees bytes.
import { ScannerError } from '../errors.js';
import type { OpenPort } from '../types.js';
import { openPortsOf, type NmapHost } from './nmap-host.js';
import { parseHostFast } from './nmap-host-fast.js';
import { parseHostWithFxp } from './nmap-host-fxp.js';
import { parseNmapProgressLine, type NmapProgress } from './nmap-progress.js';
import { truncationWarning, type FieldStats } from './text-limits.js';

export type HostParser = 'auto' | 'fxp';

/** Index of the next `<host` start tag (not `<hosthint>`, `<hostnames>`, `<hostscript>`) at or after `from`. */
function hostStart(text: string, from: number): number {
  let at = from;
  for (;;) {
    const found = text.indexOf('<host', at);
    if (found === -1) return -1;
    const next = text.charCodeAt(found + 5);
    if (next === 32 || next === 62 || next === 10 || next === 13 || next === 9) return found;
    at = found + 5;
  }
}

export class NmapDocument {
  hosts = 0;
  malformedHosts = 0;
  hostsWithoutAddress = 0;
  oversizedHosts = 0;
  openFiltered = 0;
  private sawRoot = false;
  private sawContent = false;
  private finished = false;
  private incompleteHost = false;
  private progress: NmapProgress | undefined;
  private readonly openPorts: OpenPort[] = [];
  private readonly fieldStats: FieldStats = { truncated: 0 };

  constructor(
    private readonly onHost: ((ports: OpenPort[], host: NmapHost) => void) | undefined,
    private readonly collect: boolean,
    private readonly hostParser: HostParser,
  ) {}

  /** Text that ends right after a `</host>` (or is the whole rest of the document, via readEnd). */
  readSegment(text: string): void {
    this.noteDocumentParts(text);
    let at = 0;
    for (;;) {
      const start = hostStart(text, at);
      if (start === -1) return;
      const end = text.indexOf('</host>', start);
      if (end === -1) {
        this.incompleteHost = true;
        return;
      }
      this.readHost(text, start, end + 7);
      at = end + 7;
    }
  }

  readEnd(text: string, insideOversizedHost: boolean): void {
    this.readSegment(text);
    if (insideOversizedHost) this.incompleteHost = true;
    if (text.indexOf('</nmaprun>') !== -1) this.finished = true;
  }

  private noteDocumentParts(text: string): void {
    if (!this.sawContent && text.trim().length > 0) this.sawContent = true;
    if (!this.sawRoot && text.indexOf('<nmaprun') !== -1) this.sawRoot = true;
    let task = -1;
    // The last one, found going forward: lastIndexOf walks the whole text backwards, several times slower.
    for (let next = text.indexOf('<taskprogress'); next !== -1; next = text.indexOf('<taskprogress', next + 13)) task = next;
    if (task !== -1) this.progress = parseNmapProgressLine(text.slice(task, text.indexOf('>', task) + 1)) ?? this.progress;
  }

  /** Reads the host element text[start, limit); only the full parser gets a copy of it. */
  private readHost(text: string, start: number, limit: number): void {
    let host: NmapHost | null;
    try {
      host = (this.hostParser === 'auto' ? parseHostFast(text, start, limit) : null) ?? parseHostWithFxp(text.slice(start, limit));
    } catch {
      this.malformedHosts += 1;
      return;
    }
    if (!host) {
      this.hostsWithoutAddress += 1;
      return;
    }
    this.hosts += 1;
    for (const port of host.ports) if (port.state === 'open|filtered') this.openFiltered += 1;
    const ports = openPortsOf(host, this.fieldStats);
    this.onHost?.(ports, host);
    if (this.collect) for (const port of ports) this.openPorts.push(port);
  }

  private warnings(): string[] {
    const warnings: string[] = [];
    if (!this.sawContent) return ['nmap XML output is empty: nmap wrote nothing (was it stopped before it started?)'];
    if (!this.finished) {
      const lost = this.incompleteHost ? '; the host it was writing when it stopped is incomplete and left out' : '';
      warnings.push(`nmap XML output ends before </nmaprun> (nmap was stopped mid-run?): kept the ${this.hosts} host(s) completed so far${lost}`);
    }
    if (this.malformedHosts > 0) warnings.push(`${this.malformedHosts} malformed <host> element(s) skipped`);
    if (this.hostsWithoutAddress > 0) warnings.push(`${this.hostsWithoutAddress} <host> element(s) without an IP address skipped`);
    if (this.oversizedHosts > 0) warnings.push(`${this.oversizedHosts} <host> element(s) larger than 32 MiB skipped`);
    if (this.openFiltered > 0) warnings.push(`${this.openFiltered} port(s) open|filtered (no reply: open and filtered cannot be told apart) not counted as open`);
    return [...warnings, ...truncationWarning(this.fieldStats)];
  }

  result(): { openPorts: OpenPort[]; hosts: number; finished: boolean; warnings: string[]; progress?: NmapProgress } {
    if (this.sawContent && !this.sawRoot && this.hosts === 0) {
      throw new ScannerError('PARSE_ERROR', 'This is not nmap XML output: no <nmaprun> element found. Give the file nmap writes with -oX.');
    }
    const warnings = this.warnings();
    return { openPorts: this.openPorts, hosts: this.hosts, finished: this.finished, warnings, ...(this.progress ? { progress: this.progress } : {}) };
  }
}
