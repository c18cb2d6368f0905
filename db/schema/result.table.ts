// Row shapes of a run's results: `open_ports`, `findings`, the CVE finding templates and the
// `run_findings` view a run's findings are read from (migration 2026120160). All are written in bulk (see
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

/**
 * The CVE finding of every open port of the run whose detection columns equal the `seen_` ones ('' / '{}'
 * standing for NULL) on `port`/`protocol`: read through `run_findings`, one finding per such port.
 */
export interface CveFindingTemplateTable {
  run_id: number;
  seen_product: string;
  seen_version: string;
  seen_banner: string;
  seen_cpes: string[];
  port: number;
  protocol: string;
  rule_id: string;
  /** NVD `vendor:product` of the software (the software matches' `software`). */
  software: string;
  severity: string;
  title: string;
  /** With the host marker (cve-finding.repository.ts) where each port's address goes. */
  evidence: string;
  remediation: string;
  cve_ids: string[];
  /** How many ports of the run it stands for (the run's counters add it up). */
  ports: number;
  /** new | unchanged: the change of all its ports but the exceptions. */
  change: string;
}

/** A port whose CVE finding's change is not its template's. */
export interface CveFindingExceptionTable {
  run_id: number;
  rule_id: string;
  ip: string;
  port: number;
  protocol: string;
  change: string;
}

/** A view: `findings` and the virtual CVE findings of the templates, one per port. Read only. */
export type RunFindingView = FindingTable;

export type OpenPortRow = Selectable<OpenPortTable>;
export type NewOpenPortRow = Insertable<OpenPortTable>;
export type FindingRow = Selectable<FindingTable>;
export type NewFindingRow = Insertable<FindingTable>;
export type CveFindingTemplateRow = Selectable<CveFindingTemplateTable>;
export type NewCveFindingTemplateRow = Insertable<CveFindingTemplateTable>;
export type CveFindingExceptionRow = Selectable<CveFindingExceptionTable>;
