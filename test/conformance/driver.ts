// The adapter conformance suite's view of a chat adapter. Each adapter (console, Slack, Discord) provides
// a driver that sends command text the way its platform delivers it (console: text; Slack: a signed slash
// command; Discord: an interaction with typed options) and reports what the user saw, reduced to this
// neutral shape. All drivers run on the real scan service over a per-file test database.
import type { Role } from '../../core/scans/scan-model.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';

export interface ObservedReply {
  /** Every piece of visible text (headline, paragraphs, fields, table cells, button labels), joined by newlines, unescaped. */
  text: string;
  /** Only the sender sees it (Slack ephemeral, Discord ephemeral flag, console: always "true" for refusals). */
  ephemeral: boolean;
  /** The adapter reported the command as refused/failed (console: Reply.failed; chat platforms: an error reply). */
  failed: boolean;
  /** Action ids of the buttons offered, e.g. `scan.stop`. */
  buttons: Array<{ action: string; value: string; confirm: boolean }>;
  /** Names of the files attached/uploaded. */
  files: string[];
}

/** A user the driver can send as; `id` is the platform's immutable id. */
export interface DriverUser {
  id: string;
  role: Role | null;
}

export interface ConformanceDriver {
  readonly platform: 'console' | 'slack' | 'discord';
  /** The real service the adapter is wired to (the suite seeds runs and results through it). */
  readonly service: ScanService;
  /** A fresh user with this role (granted through the service), or with none. */
  user(role: Role | null): Promise<DriverUser>;
  /** Sends `/scan TEXT` as the user and resolves with what the user finally saw. */
  send(user: DriverUser, text: string): Promise<ObservedReply>;
  /** Clicks a button of an earlier reply (after the platform's confirm dialog, when there is one). */
  click(user: DriverUser, button: { action: string; value: string }): Promise<ObservedReply>;
  close(): Promise<void>;
}
