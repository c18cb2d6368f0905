// The one entry point of the command layer for every adapter: parse → role check → handler → Reply, and
// an audit entry (who, where, what, result) for every command, including refused and denied ones. Never
// throws: anything that goes wrong becomes a short reply; unexpected errors are logged under a reference.
import { toUserFacing } from '../../core/errors.js';
import type { Actor, Role } from '../../core/scans/scan-model.js';
import { countCommand } from '../http/metrics.js';
import { deniedReply, errorReply } from '../presenters/error.js';
import { commandDef, usageOf } from './catalog.js';
import type { CommandRequest, ParsedCommand } from './definitions.js';
import type { CommandDeps } from './deps.js';
import type { HandlerContext } from './handler.js';
import { HANDLERS } from './handlers/index.js';
import { parseCommandRequest, parseCommandText } from './parse.js';
import type { Reply } from './reply.js';
import { requiredRole, roleAllows, roleOfActor } from './roles.js';

export type CommandContext = { actor: Actor; text: string } | { actor: Actor; command: CommandRequest | ParsedCommand };

type AuditResult = 'ok' | 'denied' | 'refused' | 'error';

/** Refusals about the state of things, not the way the command was typed: no usage line. */
const NO_USAGE = new Set(['CONFLICT', 'ILLEGAL_TRANSITION', 'SUBMIT_FAILED', 'FORBIDDEN', 'TOOL_MISSING', 'PERMISSION_DENIED']);

export async function handleCommand(ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  const what = 'text' in ctx ? ctx.text.trim().slice(0, 500) : describeRequest(ctx.command);
  let parsed: ParsedCommand;
  try {
    parsed = 'text' in ctx ? parseCommandText(ctx.text) : parseCommandRequest(ctx.command as CommandRequest);
  } catch (error) {
    return finish(ctx.actor, what, 'invalid', 'refused', errorReply(toUserFacing(error)), deps, describeError(error));
  }

  let role: Role | null;
  try {
    role = await roleOfActor(ctx.actor, deps);
  } catch (error) {
    return unexpected(ctx.actor, what, 'unknown', error, deps);
  }
  const needs = requiredRole(commandDef(parsed.name), parsed.args);
  if (!roleAllows(role, needs)) {
    return finish(ctx.actor, what, parsed.name, 'denied', deniedReply(parsed.name, needs ?? 'viewer', role, ctx.actor), deps, `needs ${needs}, has ${role ?? 'none'}`);
  }

  const handlerContext: HandlerContext = { actor: ctx.actor, role, deps };
  try {
    const handler = HANDLERS[parsed.name] as (args: unknown, c: HandlerContext) => Promise<Reply>;
    const reply = await handler(parsed.args, handlerContext);
    return finish(ctx.actor, what, parsed.name, reply.failed ? 'refused' : 'ok', reply, deps);
  } catch (error) {
    const facing = toUserFacing(error);
    if (facing.reference) return unexpected(ctx.actor, what, parsed.name, error, deps, facing);
    const usage = facing.usage ?? (NO_USAGE.has(facing.code) ? undefined : usageLine(parsed));
    return finish(ctx.actor, what, parsed.name, 'refused', errorReply({ ...facing, ...(usage ? { usage } : {}) }), deps, describeError(error));
  }
}

function usageLine(parsed: ParsedCommand): string {
  return usageOf(commandDef(parsed.name));
}

async function unexpected(actor: Actor, what: string, name: string, error: unknown, deps: CommandDeps, facing = toUserFacing(error)): Promise<Reply> {
  deps.logger.error({ err: error, reference: facing.reference, command: what, user: actor.userId }, 'command failed');
  return finish(actor, what, name, 'error', errorReply(facing), deps, facing.reference);
}

async function finish(actor: Actor, command: string, name: string, result: AuditResult, reply: Reply, deps: CommandDeps, detail?: string): Promise<Reply> {
  countCommand(name, result);
  try {
    await deps.service.audit({ actor, command, result, ...(detail ? { detail: detail.slice(0, 500) } : {}) });
  } catch (error) {
    deps.logger.warn({ err: error, command }, 'audit log write failed');
  }
  return reply;
}

function describeRequest(command: CommandRequest | ParsedCommand): string {
  const args = Object.entries(command.args as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [command.name, ...args].join(' ').slice(0, 500);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
