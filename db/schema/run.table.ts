// Row shape of `runs`: one execution of a scan, with its status, progress and result counters (kept on
// the run so that list/show never aggregate millions of open-port rows).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface RunTable {
  id: Generated<number>;
  scan_id: number;
  number: number;
  status: string;
  trigger: string;
  progress: Generated<number>;
  phase: string | null;
  worker_id: string | null;
  /** Names of the scanners the run was assigned to (its reports are accepted from those scanners only). */
  scanners: ColumnType<string[], string[] | undefined, string[]>;
  attempt: Generated<number>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  started_at: Date | null;
  ended_at: Date | null;
  error_message: string | null;
  cancelled_by: string | null;
  /** Set when results were ingested; the counters below are meaningful from then on. */
  results_at: Date | null;
  open_port_count: Generated<number>;
  finding_count: Generated<number>;
  critical_count: Generated<number>;
  high_count: Generated<number>;
  medium_count: Generated<number>;
  low_count: Generated<number>;
  info_count: Generated<number>;
  /** The scan set the run used (copied from the scan by a trigger when planned and when started); NULL on older runs. */
  scan_targets: ColumnType<string[] | null, never, never>;
  scan_ports: ColumnType<string | null, never, never>;
  scan_scanner: ColumnType<string | null, never, never>;
  scan_protocol: ColumnType<string | null, never, never>;
}

export type RunRow = Selectable<RunTable>;
export type NewRunRow = Insertable<RunTable>;
export type RunRowUpdate = Updateable<RunTable>;
