// Ships a scan's open ports and findings to the control plane in bounded batches, each with an id
// (`<token>:<seq>`, token = one execution of one job) so ingest applies a batch delivered twice once and
// the run ends only when every batch of its executions is in. Ports travel as port lines (db/port-lines.ts:
// no object or JSON per port); fields are cut to the sizes ingest accepts.
import { randomBytes } from 'node:crypto';
import { MAX_BATCH_PORTS, type ShippedBatches, type WireFinding } from '../core/events/scanner-stream.js';
import { encodePortLine } from '../core/events/port-lines.js';
import type { Finding, OpenPort, ScanResult } from '../scanner/types.js';
import type { WorkerScanService } from './worker-context.js';

function wireFinding(f: Finding): WireFinding {
  return {
    ruleId: f.ruleId.slice(0, 100), severity: f.severity, title: f.title.slice(0, 1000), ip: f.ip, port: f.port, protocol: f.protocol,
    evidence: f.evidence.slice(0, 20_000), remediation: f.remediation.slice(0, 5000),
  };
}

export interface ResultShipper {
  /** The engine's onResults: splits the batch to the wire limit and ships each part (awaited). */
  ship(batch: { openPorts: OpenPort[]; findings: Finding[] }): Promise<void>;
  /** How many batches were shipped, under this execution's token. */
  shipped(): ShippedBatches;
  /** Open ports shipped in all. */
  openPortCount(): number;
}

export function createResultShipper(service: Pick<WorkerScanService, 'shipResults'>, runId: number, jobId: string): ResultShipper {
  const token = `${jobId}:${randomBytes(6).toString('hex')}`;
  let seq = 0;
  let ports = 0;
  return {
    async ship(batch) {
      if (batch.openPorts.length === 0 && batch.findings.length === 0) return;
      // A port's findings travel in the same wire batch as the port (ingest replaces the findings of a
      // re-delivered port with those of its batch); findings of no port in the batch go with the last part.
      const parts = Math.max(1, Math.ceil(batch.openPorts.length / MAX_BATCH_PORTS));
      const findingsOf: Finding[][] = Array.from({ length: parts }, () => []);
      if (batch.findings.length > 0) {
        const partOf = new Map<string, number>();
        batch.openPorts.forEach((p, i) => partOf.set(`${p.ip}|${p.port}|${p.protocol}`, Math.floor(i / MAX_BATCH_PORTS)));
        for (const f of batch.findings) findingsOf[partOf.get(`${f.ip}|${f.port}|${f.protocol}`) ?? parts - 1]!.push(f);
      }
      for (let part = 0; part < parts; part += 1) {
        const end = Math.min(batch.openPorts.length, (part + 1) * MAX_BATCH_PORTS);
        const portLines: string[] = [];
        for (let i = part * MAX_BATCH_PORTS; i < end; i++) portLines.push(encodePortLine(batch.openPorts[i]!));
        const partFindings = findingsOf[part]!;
        for (let i = 0; i < Math.max(1, partFindings.length); i += MAX_BATCH_PORTS) {
          const findings = partFindings.slice(i, i + MAX_BATCH_PORTS).map(wireFinding);
          if (i > 0 && findings.length === 0) break;
          await service.shipResults(runId, `${token}:${seq}`, i === 0 ? portLines : [], findings);
          seq += 1;
          if (i === 0) ports += portLines.length;
        }
      }
    },
    shipped: () => ({ token, count: seq }),
    openPortCount: () => ports,
  };
}

/**
 * Fallback while the engine does not stream (it ignored onResults and returned everything): ships what it
 * collected in batches and empties the result, as the engine's streaming mode would. Drop once it streams.
 */
export async function shipCollectedResults(result: ScanResult, shipper: ResultShipper): Promise<ScanResult> {
  if (result.openPorts.length === 0 && result.findings.length === 0) return result;
  await shipper.ship({ openPorts: result.openPorts, findings: result.findings });
  return { ...result, openPorts: [], findings: [], openPortCount: (result.openPortCount ?? 0) + result.openPorts.length };
}
