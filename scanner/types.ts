// The scan engine's vocabulary: what goes into a scan and what comes out. Shared by the runners, the
// parsers, the rules, and everything above scanner/.

export type Protocol = 'tcp' | 'udp';
export type ScannerKind = 'masscan' | 'nmap' | 'hybrid';
export type ProtocolChoice = 'tcp' | 'udp' | 'both';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type LogLevel = 'info' | 'warning' | 'error';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** One open port on one host, as found by a tool (service fields filled by nmap -sV). */
export interface OpenPort {
  ip: string;
  port: number;
  protocol: Protocol;
  state: string;
  service?: string;
  product?: string;
  version?: string;
  banner?: string;
  ttl?: number;
  /** Output of nmap scripts (e.g. ssl-cert, ssh2-enum-algos), by script id. */
  scripts?: Record<string, string>;
  /** CPEs nmap -sV gave the service (`cpe:/a:openbsd:openssh:8.9p1`), as nmap wrote them (CPE 2.2 URIs). */
  cpes?: string[];
}

export interface Finding {
  /** Id of the rule in the rule table that produced it, e.g. `exposed-database`. */
  ruleId: string;
  severity: Severity;
  title: string;
  ip: string;
  port: number;
  protocol: Protocol;
  evidence: string;
  remediation: string;
}

/** Events streamed while a scan runs. */
export type ScanEvent =
  | { type: 'log'; level: LogLevel; message: string; at: Date }
  | { type: 'progress'; percent: number; phase: string; at: Date };

export type ScanEventSink = (event: ScanEvent) => void;

/** A single address range to scan, already validated against the safety policy. */
export interface TargetRange {
  /** As the user wrote it, normalised: `203.0.113.5`, `203.0.113.0/28`, `2001:db8::/120`. */
  cidr: string;
  family: 4 | 6;
  /** Number of addresses it covers (bigint: IPv6). */
  size: bigint;
}

/** A parsed port specification. Ranges are inclusive. */
export interface PortSpec {
  tcp: Array<[number, number]>;
  udp: Array<[number, number]>;
  /** Excluded ports (`!22`), already removed from tcp/udp; kept to pass to masscan as --exclude-ports. */
  excluded: { tcp: Array<[number, number]>; udp: Array<[number, number]> };
  /** The spec as written, for logs and display. */
  source: string;
}

export interface MasscanAdapter {
  adapter?: string;
  adapterIp?: string;
  routerMac?: string;
}

export interface ScanRequest {
  targets: TargetRange[];
  ports: PortSpec;
  scanner: ScannerKind;
  /** Packets per second (masscan --rate, nmap --max-rate). */
  rate: number;
  /** Whole-run timeout, seconds (default 3600, at most 7200). */
  timeoutSeconds: number;
  /** Per-port wait, milliseconds (default 1500). */
  portTimeoutMs: number;
  /** CIDRs never to be scanned (SCOPE_DENY), passed to the tools as exclusions. */
  exclude: string[];
  masscan?: MasscanAdapter;
  /** Aborting it cancels the run: tools killed, partial results kept, status `cancelled`. */
  signal?: AbortSignal;
  onEvent?: ScanEventSink;
  /**
   * Streaming mode: results delivered as the tools report them, in batches of at most a few thousand ports,
   * each awaited before the scan reads on (back-pressure). A later delivery of the same (ip, port, protocol)
   * port, or of the same (ruleId, ip, port, protocol) finding, replaces the earlier one (hybrid: masscan's
   * ports first, nmap -sV's richer ones later). A batch carries the findings of the ports in it. With it,
   * ScanResult.openPorts and findings are empty and memory stays flat with the scan's size.
   */
  onResults?: (batch: { openPorts: OpenPort[]; findings: Finding[] }) => Promise<void>;
  /** A host with more open ports than this is reported as one "answers everywhere" finding (default 1000). */
  tarpitPortThreshold?: number;
}

/** One delivery of streamed results (ScanRequest.onResults). */
export interface ResultBatch {
  openPorts: OpenPort[];
  findings: Finding[];
}

export type ScanOutcome = 'completed' | 'failed' | 'cancelled';

export interface ScanResult {
  status: ScanOutcome;
  /** Every open port (empty in streaming mode: onResults had them). */
  openPorts: OpenPort[];
  /** Every finding (empty in streaming mode). */
  findings: Finding[];
  /**
   * Distinct open ports found, in both modes (runScan always sets it; optional so results built elsewhere,
   * e.g. merged chunks, need not). Ports of hosts that answer everywhere are not in it (nor in openPorts):
   * their one finding summarises them.
   */
  openPortCount?: number;
  /** For failed runs: what went wrong and what to do. */
  error?: string;
  /** Non-fatal problems (e.g. hybrid's nmap phase failed, truncated XML). */
  warnings: string[];
  /** Last progress reached, 0–100. */
  progress: number;
  startedAt: Date;
  endedAt: Date;
}

export interface Capabilities {
  masscan: { available: boolean; version?: string; path?: string };
  nmap: { available: boolean; version?: string; path?: string };
  /** Raw sockets (NET_RAW/NET_ADMIN) can be opened by this process. */
  rawSockets: boolean;
  /** Why the host cannot scan, when it cannot. */
  problems: string[];
}
