// The administrative side of the scan service: scope, roles, channel subscriptions, audit, status
// message locations and scanners.
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/repositories/audit.repository.js';
import { chatMessagesOfRun, rememberChatMessage } from '../../db/repositories/chat-message.repository.js';
import { applyHeartbeat, listScanners } from '../../db/repositories/scanner.repository.js';
import { addScope, listScope, removeScope } from '../../db/repositories/scope.repository.js';
import { addSubscription, removeSubscription, subscribersOf } from '../../db/repositories/subscription.repository.js';
import { roleOfUser, setUserRole } from '../../db/repositories/user-role.repository.js';
import type { Database } from '../../db/schema/database.js';
import { isScannerError } from '../../scanner/errors.js';
import { normaliseCidr } from '../../scanner/scope.js';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import type { Actor, Platform, Role, ScannerView, ScopeEntry, SubscriptionKind } from './scan-model.js';

export const actorName = (actor: Pick<Actor, 'platform' | 'userId'>): string => `${actor.platform}:${actor.userId}`;

function canonicalCidr(text: string): string {
  try {
    return normaliseCidr(text.trim());
  } catch (error) {
    if (isScannerError(error)) throw new UserError('BAD_INPUT', error.message, { cause: error });
    throw error;
  }
}

export function createScanAdmin(db: Kysely<Database>, config: Pick<Config, 'ADMINS' | 'HEARTBEAT_INTERVAL_SECONDS'>) {
  return {
    async scopeList(): Promise<ScopeEntry[]> {
      return (await listScope(db)).map((r) => ({ cidr: r.cidr, addedBy: r.added_by, addedAt: r.added_at.toISOString() }));
    },
    async scopeAdd(actor: Actor, cidr: string): Promise<ScopeEntry> {
      const row = await addScope(db, canonicalCidr(cidr), actorName(actor));
      return { cidr: row.cidr, addedBy: row.added_by, addedAt: row.added_at.toISOString() };
    },
    async scopeRemove(_actor: Actor, cidr: string): Promise<void> {
      const canonical = canonicalCidr(cidr);
      if (!(await removeScope(db, canonical))) throw new UserError('NOT_FOUND', `${canonical} is not in the scope; /scan scope list shows it.`);
    },
    async scanners(): Promise<ScannerView[]> {
      const now = Date.now();
      return (await listScanners(db)).map((r) => ({
        id: r.id, pool: r.pool, host: r.host, version: r.version, capabilities: r.capabilities, runningJobs: r.running_jobs,
        lastSeen: r.last_seen?.toISOString() ?? null, revoked: r.revoked_at !== null,
        online: r.revoked_at === null && r.last_seen !== null && now - r.last_seen.getTime() <= 2 * config.HEARTBEAT_INTERVAL_SECONDS * 1000,
      }));
    },
    /** A heartbeat of a registered scanner (by name); one of an unknown or revoked scanner is dropped. */
    async heartbeat(scanner: Pick<ScannerView, 'id' | 'host' | 'version' | 'capabilities' | 'runningJobs'> & { workerId?: string }): Promise<void> {
      await applyHeartbeat(db, scanner.id, { worker_id: scanner.workerId ?? scanner.id, host: scanner.host, version: scanner.version, capabilities: scanner.capabilities, running_jobs: scanner.runningJobs });
    },
    /** ADMINS from the configuration and console users are admins; others have the role stored for them. */
    async roleOf(platform: Platform, userId: string): Promise<Role | null> {
      if (platform === 'console') return 'admin';
      if (config.ADMINS.some((a) => a.platform === platform && a.id === userId)) return 'admin';
      return ((await roleOfUser(db, platform, userId)) as Role | undefined) ?? null;
    },
    async grantRole(actor: Actor, platform: Platform, userId: string, role: Role): Promise<void> {
      await setUserRole(db, platform, userId, role, actorName(actor));
    },
    async subscribe(actor: Actor, kind: SubscriptionKind | 'all', enabled: boolean): Promise<void> {
      const kinds: SubscriptionKind[] = kind === 'all' ? ['alerts', 'reports'] : [kind];
      for (const k of kinds) {
        if (enabled) await addSubscription(db, actor.platform, actor.channelId, k, actorName(actor));
        else await removeSubscription(db, actor.platform, actor.channelId, k);
      }
    },
    async subscribers(kind: SubscriptionKind): Promise<Array<{ platform: Platform; channelId: string }>> {
      return (await subscribersOf(db, kind)).map((r) => ({ platform: r.platform as Platform, channelId: r.channel_id }));
    },
    async audit(entry: { actor: Actor; command: string; result: 'ok' | 'denied' | 'refused' | 'error'; detail?: string }): Promise<void> {
      await appendAudit(db, {
        platform: entry.actor.platform, user_id: entry.actor.userId, channel_id: entry.actor.channelId,
        command: entry.command.slice(0, 2000), result: entry.result, detail: entry.detail ?? null,
      });
    },
    async rememberStatusMessage(runId: number, platform: Platform, channelId: string, messageId: string, threadId?: string): Promise<void> {
      await rememberChatMessage(db, runId, { platform, channel_id: channelId, message_id: messageId, thread_id: threadId ?? null });
    },
    async statusMessages(runId: number): Promise<Array<{ platform: Platform; channelId: string; messageId: string; threadId: string | null }>> {
      return (await chatMessagesOfRun(db, runId)).map((r) => ({ platform: r.platform as Platform, channelId: r.channel_id, messageId: r.message_id, threadId: r.thread_id }));
    },
  };
}
