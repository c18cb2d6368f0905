// Collecting mode (no ScanRequest.onResults): the streamed batches gathered into one ScanResult, as the
// engine returned results before it streamed them. A re-delivered port replaces the earlier record, keeping
// what only the earlier one knew (masscan's TTL, a banner); findings are derived once from the final ports.
import { deriveFindings } from '../rules/index.js';
import { SEVERITIES, type Finding, type OpenPort, type ResultBatch } from '../types.js';

function key(port: Pick<OpenPort, 'ip' | 'port' | 'protocol'>): string {
  return `${port.ip}|${port.protocol}|${port.port}`;
}

/** A later record of a port over an earlier one: the later wins, the earlier fills in banner and TTL. */
export function mergePort(earlier: OpenPort, later: OpenPort): OpenPort {
  return {
    ...earlier,
    ...later,
    ...(earlier.banner && !later.banner ? { banner: earlier.banner } : {}),
    ...(earlier.ttl !== undefined && later.ttl === undefined ? { ttl: earlier.ttl } : {}),
  };
}

/** `found` with the records of `detected` merged in (mergePort); ports `detected` lacks keep their record. */
export function mergeServices(found: OpenPort[], detected: OpenPort[]): OpenPort[] {
  const byKey = new Map(detected.map((p) => [key(p), p]));
  return found.map((port) => {
    const later = byKey.get(key(port));
    return later ? mergePort(port, later) : port;
  });
}

const rank = (finding: Finding): number => SEVERITIES.indexOf(finding.severity);

export class ResultCollector {
  private readonly ports = new Map<string, OpenPort>();

  readonly add = async (batch: ResultBatch): Promise<void> => {
    for (const port of batch.openPorts) {
      const k = key(port);
      const earlier = this.ports.get(k);
      this.ports.set(k, earlier ? mergePort(earlier, port) : port);
    }
  };

  openPorts(): OpenPort[] {
    return [...this.ports.values()];
  }

  /** The findings of the final ports plus the host findings (tarpits), most severe first. */
  findings(openPorts: OpenPort[], hostFindings: Finding[]): Finding[] {
    const findings = deriveFindings(openPorts);
    if (hostFindings.length === 0) return findings;
    // Stable: the host findings go before the port findings of the same severity.
    return [...hostFindings, ...findings].sort((a, b) => rank(a) - rank(b));
  }
}
