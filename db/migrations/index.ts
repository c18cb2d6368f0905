// Every migration, listed by name. A static list (no filesystem globbing) so migrations run the same from
// the sources (vitest) and from dist/. Add new files here in timestamp order.
import type { Migration } from 'kysely';
import * as initial from './2026112201_initial.js';
import * as resultCascadeTrigger from './2026112202_result_cascade_trigger.js';
import * as scanActivity from './2026112203_scan_activity.js';
import * as openPortDiffs from './2026112204_open_port_diffs.js';
import * as vulnerabilityStore from './2026120110_vulnerability_store.js';
import * as remoteScanners from './2026120120_remote_scanners.js';
import * as runScanSet from './2026120130_run_scan_set.js';
import * as vulnerabilityCompression from './2026120140_vulnerability_compression.js';
import * as compactVulnerabilityMatches from './2026120150_compact_vulnerability_matches.js';
import * as virtualCveFindings from './2026120160_virtual_cve_findings.js';
import * as batchPortRows from './2026120170_batch_port_rows.js';

export const migrations: Record<string, Migration> = {
  '2026112201_initial': initial,
  '2026112202_result_cascade_trigger': resultCascadeTrigger,
  '2026112203_scan_activity': scanActivity,
  '2026112204_open_port_diffs': openPortDiffs,
  '2026120110_vulnerability_store': vulnerabilityStore,
  '2026120120_remote_scanners': remoteScanners,
  '2026120130_run_scan_set': runScanSet,
  '2026120140_vulnerability_compression': vulnerabilityCompression,
  '2026120150_compact_vulnerability_matches': compactVulnerabilityMatches,
  '2026120160_virtual_cve_findings': virtualCveFindings,
  '2026120170_batch_port_rows': batchPortRows,
};
