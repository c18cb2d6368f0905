// Row shapes of a run's results: `open_ports` and `findings`. Both are written in bulk (see
// open-port.repository.ts), never row by row.
import type { Insertable, Selectable } from 'kysely';

export interface OpenPortTable {
  run_id: number;
  ip: string;
  port: number;
  protocol: string;
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  banner: string | null;
  ttl: number | null;
  scripts: Record<string, string> | null;
  /** CPEs nmap -sV reported for the service (`cpe:/a:openbsd:openssh:8.9p1`). */
  cpes: string[] | null;
}

export interface FindingTable {
  run_id: number;
  rule_id: string;
  severity: string;
  title: string;
  ip: string;
  port: number;
  protocol: string;
  evidence: string;
  remediation: string;
  /** new | gone | changed | unchanged, against the previous completed run. */
  change: string;
}

export type OpenPortRow = Selectable<OpenPortTable>;
export type NewOpenPortRow = Insertable<OpenPortTable>;
export type FindingRow = Selectable<FindingTable>;
export type NewFindingRow = Insertable<FindingTable>;
