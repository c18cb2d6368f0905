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

  /** What was seen, to merge with the other parts of the same document (parsed on other threads). */
  state(): NmapDocumentState {
    return {
      hosts: this.hosts, malformedHosts: this.malformedHosts, hostsWithoutAddress: this.hostsWithoutAddress, oversizedHosts: this.oversizedHosts,
      openFiltered: this.openFiltered, truncatedFields: this.fieldStats.truncated, sawRoot: this.sawRoot, sawContent: this.sawContent,
      finished: this.finished, incompleteHost: this.incompleteHost, ...(this.progress ? { progress: this.progress } : {}),
    };
  }

  result(): { openPorts: OpenPort[]; hosts: number; finished: boolean; warnings: string[]; progress?: NmapProgress } {
    return { openPorts: this.openPorts, ...documentOutcome(this.state()) };
  }
}

/** The counts and flags of one document, or of one byte range of it. */
export interface NmapDocumentState {
  hosts: number;
  malformedHosts: number;
  hostsWithoutAddress: number;
  oversizedHosts: number;
  openFiltered: number;
  truncatedFields: number;
  sawRoot: boolean;
  sawContent: boolean;
  finished: boolean;
  incompleteHost: boolean;
  progress?: NmapProgress;
}

/** The states of consecutive parts of one document, as one: counts added, the end and progress of the last. */
export function mergeDocumentStates(parts: readonly NmapDocumentState[]): NmapDocumentState {
  const merged: NmapDocumentState = {
    hosts: 0, malformedHosts: 0, hostsWithoutAddress: 0, oversizedHosts: 0, openFiltered: 0, truncatedFields: 0,
    sawRoot: false, sawContent: false, finished: false, incompleteHost: false,
  };
  for (const part of parts) {
    merged.hosts += part.hosts;
    merged.malformedHosts += part.malformedHosts;
    merged.hostsWithoutAddress += part.hostsWithoutAddress;
    merged.oversizedHosts += part.oversizedHosts;
    merged.openFiltered += part.openFiltered;
    merged.truncatedFields += part.truncatedFields;
    merged.sawRoot ||= part.sawRoot;
    merged.sawContent ||= part.sawContent;
    merged.finished = part.finished;
    merged.incompleteHost = part.incompleteHost;
    if (part.progress) merged.progress = part.progress;
  }
  return merged;
}

function warningsOf(state: NmapDocumentState): string[] {
  const warnings: string[] = [];
  if (!state.sawContent) return ['nmap XML output is empty: nmap wrote nothing (was it stopped before it started?)'];
  if (!state.finished) {
    const lost = state.incompleteHost ? '; the host it was writing when it stopped is incomplete and left out' : '';
    warnings.push(`nmap XML output ends before </nmaprun> (nmap was stopped mid-run?): kept the ${state.hosts} host(s) completed so far${lost}`);
  }
  if (state.malformedHosts > 0) warnings.push(`${state.malformedHosts} malformed <host> element(s) skipped`);
  if (state.hostsWithoutAddress > 0) warnings.push(`${state.hostsWithoutAddress} <host> element(s) without an IP address skipped`);
  if (state.oversizedHosts > 0) warnings.push(`${state.oversizedHosts} <host> element(s) larger than 32 MiB skipped`);
  if (state.openFiltered > 0) warnings.push(`${state.openFiltered} port(s) open|filtered (no reply: open and filtered cannot be told apart) not counted as open`);
  return [...warnings, ...truncationWarning({ truncated: state.truncatedFields })];
}

/** What a whole document's state says: hosts, end, progress and the warnings; throws when it is not nmap XML. */
export function documentOutcome(state: NmapDocumentState): { hosts: number; finished: boolean; warnings: string[]; progress?: NmapProgress } {
  if (state.sawContent && !state.sawRoot && state.hosts === 0) {
    throw new ScannerError('PARSE_ERROR', 'This is not nmap XML output: no <nmaprun> element found. Give the file nmap writes with -oX.');
  }
  return { hosts: state.hosts, finished: state.finished, warnings: warningsOf(state), ...(state.progress ? { progress: state.progress } : {}) };
}
