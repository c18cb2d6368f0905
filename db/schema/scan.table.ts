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
  created_by_platform: string;
  created_by: string;
  created_channel: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type ScanRow = Selectable<ScanTable>;
export type NewScanRow = Insertable<ScanTable>;
export type ScanRowUpdate = Updateable<ScanTable>;
