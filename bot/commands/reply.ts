// The platform-neutral reply every command handler returns. Renderers (bot/slack, bot/discord,
// bot/console) turn it into Block Kit, embeds/components, or terminal text, each within its platform's
// limits. Text that comes from scans (banners, hostnames) is carried raw here and escaped by renderers.
import type { Severity } from '../../scanner/types.js';

export type ReplyTone = 'info' | 'success' | 'warning' | 'error';

export interface ReplyField {
  label: string;
  value: string;
  inline?: boolean;
}

export interface ReplyTable {
  columns: string[];
  rows: string[][];
}

export interface ReplyButton {
  /** Action id, e.g. `scan.stop`; the value carries the scan id. */
  action: 'scan.stop' | 'scan.rerun' | 'scan.logs' | 'scan.report' | 'scan.delete' | 'scan.show';
  label: string;
  value: string;
  style?: 'primary' | 'danger';
  /** Mutating buttons ask first. */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export interface ReplyFile {
  name: string;
  mime: string;
  data: Buffer;
  title?: string;
}

export interface Reply {
  /** Short headline, always present (notification fallback text). */
  title: string;
  tone: ReplyTone;
  /** Free text paragraphs (markdown-light: *bold*, `code`). */
  text?: string[];
  fields?: ReplyField[];
  table?: ReplyTable;
  buttons?: ReplyButton[];
  files?: ReplyFile[];
  /** Highest severity concerned, for colours. */
  severity?: Severity;
  /** Only the person who asked sees it. */
  ephemeral?: boolean;
  /** The record for `portcullis chat --json` (DESIGN §8). */
  data?: unknown;
  /** The command was refused or failed: the CLI exits non-zero. */
  failed?: boolean;
  /**
   * Set when this reply is the status message of a run (create, rerun): the adapter posts it publicly and
   * calls `service.rememberStatusMessage(runId, platform, channelId, messageId, threadId?)` so the
   * notification router edits it in place as the run progresses.
   */
  statusOf?: { scanId: string; runId: number; run: number };
}
