// Whether a command must be answered privately, decided before it runs: Discord's deferral is either
// public or ephemeral and cannot change afterwards, so a reply holding a credential (`/scan scanners add`)
// must be deferred ephemeral from the start rather than turned private later.
import { findCommand } from './catalog.js';
import type { CommandRequest } from './definitions.js';

export function answersPrivately(request: CommandRequest): boolean {
  const rule = findCommand(request.name)?.privateReply;
  if (rule === undefined) return false;
  return typeof rule === 'function' ? rule(request.args) : rule;
}
