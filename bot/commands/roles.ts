// Who may run what (DESIGN §4): viewer reads, operator runs scans, admin manages scope, roles, channels
// and deletes. Identities are the platform's immutable ids; console users (DESIGN §7) and configured
// ADMINS are admins; anyone else has the role granted in the database, or none (then only `help` is open).
import type { Actor, Role } from '../../core/scans/scan-model.js';
import type { CommandDef } from './definitions.js';
import type { CommandDeps } from './deps.js';

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export async function roleOfActor(actor: Actor, deps: Pick<CommandDeps, 'service' | 'admins'>): Promise<Role | null> {
  if (actor.platform === 'console') return 'admin';
  if (deps.admins?.some((a) => a.platform === actor.platform && a.id === actor.userId)) return 'admin';
  return deps.service.roleOf(actor.platform, actor.userId);
}

export function requiredRole(def: CommandDef, args: Record<string, unknown>): Role | null {
  return typeof def.role === 'function' ? def.role(args) : def.role;
}

export function roleAllows(has: Role | null, needs: Role | null): boolean {
  if (needs === null) return true;
  if (has === null) return false;
  return RANK[has] >= RANK[needs];
}
