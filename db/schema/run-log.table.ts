// Row shape of `run_logs`: timestamped log lines of a run, kept permanently (until the run is deleted).
import type { ColumnType, Insertable, Selectable } from 'kysely';

export interface RunLogTable {
  id: ColumnType<string, never, never>;
  run_id: number;
  at: Date;
  level: string;
  message: string;
}

export type RunLogRow = Selectable<RunLogTable>;
export type NewRunLogRow = Insertable<RunLogTable>;
