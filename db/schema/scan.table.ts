// Row shape of `scans`: a scan's stored configuration. The public id (SCAN-1001) is derived from the
// numeric id, which comes from a sequence starting at 1001.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface ScanTable {
  id: Generated<number>;
  public_id: ColumnType<string, never, never>;
  name: string;
  targets: string[];
  ports: string;
  scanner: string;
  rate: number;
  timeout_seconds: number;
  port_timeout_ms: number;
  protocol: string;
  schedule: string | null;
  timezone: string | null;
  /** The scanner pool whose scanners run this scan (migration 2026120120). */
  pool: ColumnType<string, string | undefined, string>;
  created_by_platform: string;
  created_by: string;
  created_channel: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Kept by the runs_note_latest trigger (migration 2026112203): never written by the app. */
  latest_run_id: ColumnType<number | null, never, never>;
  /** When the newest run was created, else when the scan was: the order of `/scan list`. Trigger-kept. */
  activity_at: ColumnType<Date, never, never>;
}

export type ScanRow = Selectable<ScanTable>;
export type NewScanRow = Insertable<ScanTable>;
export type ScanRowUpdate = Updateable<ScanTable>;
