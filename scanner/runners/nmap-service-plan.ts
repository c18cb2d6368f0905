// Which nmap -sV runs cover the ports discovery found: hosts sharing the same open ports go in one run
// (per address family), at most IPS_PER_RUN hosts and PORT_LIST_CHARS of port list per run, ports written
// as ranges. Command lines stay far below the kernel's limits (E2BIG: 128 KiB per argument, 2 MiB in all)
// whatever was found. Hosts that answer everywhere are not in the tally, so no -sV is wasted on them.
import type { PortRange } from '../port-ranges.js';
import { rangesOfKeys, type HostPortTally } from '../results/host-port-tally.js';

export interface ServiceRun {
  ips: string[];
  tcp: PortRange[];
  udp: PortRange[];
  family: 4 | 6;
  /** Open ports this run covers, all hosts together. */
  portCount: number;
}

export const IPS_PER_RUN = 256;
/** Port list characters per run (one -p argument); a host with a longer list is split over several runs. */
export const PORT_LIST_CHARS = 16_384;

const rangeChars = ([a, b]: PortRange): number => (a === b ? String(a).length : String(a).length + String(b).length + 1) + 1;
const rangePorts = ([a, b]: PortRange): number => b - a + 1;

/** The tcp/udp ranges cut into pieces of at most `maxChars` characters of port list each. */
export function splitPortLists(tcp: PortRange[], udp: PortRange[], maxChars = PORT_LIST_CHARS): Array<{ tcp: PortRange[]; udp: PortRange[] }> {
  const pieces: Array<{ tcp: PortRange[]; udp: PortRange[] }> = [];
  let piece = { tcp: [] as PortRange[], udp: [] as PortRange[] };
  let chars = 0;
  for (const [protocol, ranges] of [['tcp', tcp], ['udp', udp]] as const) {
    for (const range of ranges) {
      if (chars + rangeChars(range) > maxChars && chars > 0) {
        pieces.push(piece);
        piece = { tcp: [], udp: [] };
        chars = 0;
      }
      piece[protocol].push(range);
      chars += rangeChars(range);
    }
  }
  if (chars > 0) pieces.push(piece);
  return pieces;
}

/** The -sV runs for every host in the tally. */
export function planServiceRuns(tally: HostPortTally, limits = { ipsPerRun: IPS_PER_RUN, portListChars: PORT_LIST_CHARS }): ServiceRun[] {
  const groups = new Map<string, { ips: string[]; tcp: PortRange[]; udp: PortRange[]; family: 4 | 6 }>();
  for (const [ip, ports] of tally.entries()) {
    if (ports.count === 0) continue;
    const keys = ports.keys();
    const family = ip.includes(':') ? 6 : 4;
    const signature = `${family}|${keys.join(',')}`;
    const group = groups.get(signature);
    if (group) group.ips.push(ip);
    else groups.set(signature, { ips: [ip], tcp: rangesOfKeys(keys, 'tcp'), udp: rangesOfKeys(keys, 'udp'), family });
  }
  const runs: ServiceRun[] = [];
  for (const group of groups.values()) {
    for (const piece of splitPortLists(group.tcp, group.udp, limits.portListChars)) {
      const perHost = piece.tcp.reduce((n, r) => n + rangePorts(r), 0) + piece.udp.reduce((n, r) => n + rangePorts(r), 0);
      for (let at = 0; at < group.ips.length; at += limits.ipsPerRun) {
        const ips = group.ips.slice(at, at + limits.ipsPerRun);
        runs.push({ ips, tcp: piece.tcp, udp: piece.udp, family: group.family, portCount: perHost * ips.length });
      }
    }
  }
  return runs;
}
