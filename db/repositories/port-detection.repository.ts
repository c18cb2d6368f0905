// The distinct detections of a run's open ports per port and protocol: what CVE matching evaluates (a /16
// of one server version is one detection with its port count). From the stored rows (grouped by
// PostgreSQL), or from the ports an ingest is writing, normalized exactly as insertOpenPorts stores them,
// so a template built from either joins back to the same stored ports (run_findings, vulnerability_matches).
import { sql } from 'kysely';
import { stripNul } from '../copy-rows.js';
import type { Db } from '../schema/database.js';
import { cpesOf, isStorablePort, type OpenPortInput } from './open-port.repository.js';

/** One detection (open_ports' product, version, banner, CPEs; '' / [] for NULL) on one port and protocol. */
export interface PortDetection {
  product: string;
  version: string;
  banner: string;
  cpes: string[];
  port: number;
  protocol: string;
  /** How many ports of the run have it. */
  n: number;
}

/** Grouped by PostgreSQL. Give the planner hash plans first on a run just written (see match-run.ts). */
export async function storedDetectionsOfRun(db: Db, runId: number): Promise<PortDetection[]> {
  const { rows } = await sql<PortDetection>`
    SELECT coalesce(product, '') AS product, coalesce(version, '') AS version, coalesce(banner, '') AS banner, coalesce(cpes, '{}') AS cpes,
      port, protocol, count(*)::int AS n
    FROM open_ports
    WHERE run_id = ${runId} AND (product IS NOT NULL OR banner IS NOT NULL OR cpes IS NOT NULL OR version IS NOT NULL)
    GROUP BY 1, 2, 3, 4, 5, 6`.execute(db);
  return rows;
}

interface Seen {
  raw: OpenPortInput;
  detection: PortDetection;
}

function sameDetection(a: OpenPortInput, b: OpenPortInput): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol || a.product !== b.product || a.version !== b.version || a.banner !== b.banner) return false;
  const x = a.cpes;
  const y = b.cpes;
  if (x === y) return true;
  if (x == null || y == null || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** A cheap bucket for a port's detection: numbers only (hashing every port's fresh strings cost 20 ms a 100,000 ports). */
function bucketOf(p: OpenPortInput): number {
  let h = Math.imul(p.port, 31) + (p.protocol === 'udp' ? 1 : 0);
  h = Math.imul(h, 31) + (p.product?.length ?? -1);
  h = Math.imul(h, 31) + (p.version?.length ?? -1);
  h = Math.imul(h, 31) + (p.banner?.length ?? -1);
  h = Math.imul(h, 31) + (p.cpes?.length ?? -1);
  return h + (p.cpes?.[0]?.length ?? 0);
}

/** A lone surrogate goes to PostgreSQL as U+FFFD (UTF-8 has no encoding for it): so it is compared here. */
const asSent = (value: string) => value.replace(/\p{Cs}/gu, '\uFFFD');

function normalized(p: OpenPortInput): PortDetection {
  return {
    product: asSent(stripNul(p.product ?? '')), version: asSent(stripNul(p.version ?? '')), banner: asSent(stripNul(p.banner ?? '')),
    cpes: (cpesOf(p.cpes) ?? []).map(asSent), port: p.port, protocol: p.protocol, n: 1,
  };
}

/**
 * Grouped in memory, from the ports insertOpenPorts was given: ports are compared field by field within a
 * bucket, then the few distinct detections normalized as stored (NUL dropped, CPEs cut, lone surrogates
 * as U+FFFD) and merged where that made them equal. `allStored`: insertOpenPorts skipped none (else those it skips are skipped here:
 * checking every address cost 7 ms a 100,000 ports).
 */
export function detectionsOfPorts(ports: readonly OpenPortInput[], options: { allStored?: boolean } = {}): PortDetection[] {
  const buckets = new Map<number, Seen[]>();
  for (const p of ports) {
    if (p.product == null && p.version == null && p.banner == null && (p.cpes == null || p.cpes.length === 0)) continue;
    if (!options.allStored && !isStorablePort(p)) continue;
    const bucket = bucketOf(p);
    const seen = buckets.get(bucket);
    if (seen === undefined) {
      buckets.set(bucket, [{ raw: p, detection: normalized(p) }]);
      continue;
    }
    let found = false;
    for (const s of seen) {
      if (sameDetection(s.raw, p)) {
        s.detection.n += 1;
        found = true;
        break;
      }
    }
    if (!found) seen.push({ raw: p, detection: normalized(p) });
  }
  const merged = new Map<string, PortDetection>();
  for (const seen of buckets.values()) {
    for (const { detection: d } of seen) {
      const key = JSON.stringify([d.port, d.protocol, d.product, d.version, d.banner, d.cpes]);
      const same = merged.get(key);
      if (same) same.n += d.n;
      else merged.set(key, d);
    }
  }
  return [...merged.values()];
}
