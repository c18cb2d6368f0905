// `vulndb import` and every other way data gets in (sync, the bundled file): NVD records are upserted in
// batches of BATCH records per transaction, one batch written while the next is read (memory stays
// bounded whatever the feed's size), the KEV catalog in one, each source's state recorded, then stored
// ports are matched again and the new exposure named.
import type { Kysely } from 'kysely';
import { countKevEntries, recordSource, upsertKevEntries } from '../../db/repositories/kev.repository.js';
import { vulnerabilityLines, type VulnerabilityLines } from '../../db/repositories/vulnerability-lines.js';
import { countVulnerabilities, upsertVulnerabilities, type UpsertCounts } from '../../db/repositories/vulnerability.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { KevCatalog, VulnerabilityRecord } from '../../vulns/types.js';
import type { FeedDocument } from './feed-files.js';
import { kevRow, vulnerabilityRow } from './record-rows.js';
import { publishRefreshAlert, refreshVulnerabilityMatches, type PublishVulnerabilityAlert, type RefreshOutcome } from './refresh-matches.js';

export const BATCH = 5000;

export interface ImportSummary {
  files: number;
  nvd: UpsertCounts & { skipped: number };
  kev: UpsertCounts & { skipped: number; catalogVersion: string | null };
  refresh: RefreshOutcome | null;
  alerted: boolean;
}

const zero = (): UpsertCounts => ({ inserted: 0, updated: 0, unchanged: 0 });
const add = (a: UpsertCounts, b: UpsertCounts) => {
  a.inserted += b.inserted;
  a.updated += b.updated;
  a.unchanged += b.unchanged;
};

/** Loads documents into the store as they come; call finishImport afterwards. */
export class VulnerabilityImport {
  readonly summary: ImportSummary = { files: 0, nvd: { ...zero(), skipped: 0 }, kev: { ...zero(), skipped: 0, catalogVersion: null }, refresh: null, alerted: false };
  /** COPY text, not records: a record's parsed objects are garbage as soon as it is read (less for the GC to keep). */
  private pending: VulnerabilityLines[] = [];
  private pendingRecords = 0;
  private newestModified: string | null = null;
  private nvdSeen = false;
  private writing: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  async add(doc: FeedDocument): Promise<void> {
    this.summary.files += 1;
    if (doc.kind === 'kev') return this.addKev(doc.catalog, doc.skipped);
    this.nvdSeen = true;
    this.summary.nvd.skipped += doc.skipped;
    if (doc.kind === 'nvd-lines') {
      this.noteModified(doc.newestModified);
      return this.push(doc.lines);
    }
    for (const record of doc.records) this.noteModified(record.lastModified);
    return this.push(vulnerabilityLines(doc.records.map(vulnerabilityRow)));
  }

  private noteModified(lastModified: string | null): void {
    if (lastModified && (this.newestModified === null || lastModified > this.newestModified)) this.newestModified = lastModified;
  }

  private async push(lines: VulnerabilityLines): Promise<void> {
    this.pending.push(lines);
    this.pendingRecords += lines.ids.length;
    if (this.pendingRecords >= BATCH) await this.flush();
  }

  async addRecords(records: readonly VulnerabilityRecord[]): Promise<void> {
    await this.add({ kind: 'nvd', path: '', records: [...records], skipped: 0 });
    this.summary.files -= 1;
  }

  async addKev(catalog: KevCatalog, skipped = 0): Promise<void> {
    const counts = await this.db.transaction().execute(async (trx) => upsertKevEntries(trx, catalog.entries.map(kevRow)));
    add(this.summary.kev, counts);
    this.summary.kev.skipped += skipped;
    this.summary.kev.catalogVersion = catalog.catalogVersion;
    await recordSource(this.db, { source: 'kev', version: catalog.catalogVersion, record_count: await countKevEntries(this.db) });
  }

  /**
   * Starts writing what is pending and returns while PostgreSQL writes it, so the next documents are read
   * and parsed meanwhile; waits for the previous write first (one batch in flight: memory stays bounded).
   */
  private async flush(): Promise<void> {
    if (this.pendingRecords === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.pendingRecords = 0;
    await this.settle();
    const write = this.db.transaction().execute(async (trx) => upsertVulnerabilities(trx, rows)).then((counts) => add(this.summary.nvd, counts));
    write.catch(() => undefined); // rethrown by settle(); never an unhandled rejection meanwhile
    this.writing = write;
  }

  /** Waits for the batch in flight, if any (its error, if it failed). */
  private async settle(): Promise<void> {
    const write = this.writing;
    this.writing = null;
    await write;
  }

  /**
   * Writes what is pending, records the NVD state and, when anything changed, matches stored ports again;
   * `publish` gets the one alert naming the newly matched CVEs.
   */
  async finish(options: { source?: string; rematch?: boolean; publish?: PublishVulnerabilityAlert } = {}): Promise<ImportSummary> {
    await this.flush();
    await this.settle();
    if (this.nvdSeen) {
      await recordSource(this.db, {
        source: 'nvd', version: options.source ?? null, record_count: await countVulnerabilities(this.db),
        last_modified: this.newestModified ? new Date(this.newestModified) : null,
      });
    }
    const changed = this.summary.nvd.inserted + this.summary.nvd.updated + this.summary.kev.inserted + this.summary.kev.updated > 0;
    if (changed && options.rematch !== false) {
      this.summary.refresh = await refreshVulnerabilityMatches(this.db);
      this.summary.alerted = await publishRefreshAlert(this.summary.refresh, options.publish);
    }
    return this.summary;
  }
}

/** One line per source, for the CLI: `NVD: 40 records (40 new, 0 updated, 0 unchanged)`. */
export function describeImport(s: ImportSummary): string[] {
  const lines = [];
  const nvdTotal = s.nvd.inserted + s.nvd.updated + s.nvd.unchanged;
  if (nvdTotal > 0 || s.nvd.skipped > 0) lines.push(`NVD: ${nvdTotal} records (${s.nvd.inserted} new, ${s.nvd.updated} updated, ${s.nvd.unchanged} unchanged${s.nvd.skipped ? `, ${s.nvd.skipped} skipped: not CVE records` : ''})`);
  const kevTotal = s.kev.inserted + s.kev.updated + s.kev.unchanged;
  if (s.kev.catalogVersion !== null) lines.push(`KEV: ${kevTotal} entries, catalog ${s.kev.catalogVersion} (${s.kev.inserted} new, ${s.kev.updated} updated, ${s.kev.unchanged} unchanged${s.kev.skipped ? `, ${s.kev.skipped} skipped` : ''})`);
  if (s.refresh) lines.push(`matched again: ${s.refresh.runs} run(s), ${s.refresh.matches} CVE matches${s.refresh.alertCveIds.length ? `; new exposure: ${s.refresh.alertCveIds.slice(0, 10).join(', ')}${s.refresh.alertCveIds.length > 10 ? ' …' : ''}${s.alerted ? ' (alert sent)' : ''}` : ''}`);
  return lines;
}
