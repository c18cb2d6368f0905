// INTERACTION_CREATE payloads as Discord sends them over the gateway: a `/scan` chat-input command
// (option types looked up in the registered command JSON, as Discord would type them) and a button
// click on a message. Each interaction gets a fresh id and token, like the real ones.
import { discordCommandJson } from '../../../bot/commands/discord-shape.js';
import { nextSnowflake } from './fake-discord-api.js';

export const GUILD_ID = '800000000000000001';
export const CHANNEL_ID = '800000000000000002';

export interface Member {
  id: string;
  username?: string;
}

let tokens = 0;

function base(applicationId: string, user: Member, type: number) {
  const u = { id: user.id, username: user.username ?? `user${user.id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
  return {
    id: nextSnowflake(), application_id: applicationId, type, token: `itok-${++tokens}-${'x'.repeat(40)}`, version: 1,
    guild_id: GUILD_ID, channel_id: CHANNEL_ID, channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'scans' },
    member: { user: u, roles: [], permissions: '2248473465835073', joined_at: '2024-01-01T00:00:00.000000+00:00', deaf: false, mute: false, flags: 0 },
    app_permissions: '2248473465835073', locale: 'en-US', guild_locale: 'en-US', entitlements: [], authorizing_integration_owners: { 0: GUILD_ID }, context: 0,
  };
}

/** `/scan <sub> name:value …` with each value typed as the generated command JSON says. */
export function chatInput(applicationId: string, user: Member, sub: string, args: Record<string, string | number> = {}) {
  const def = discordCommandJson().options.find((o) => o.name === sub);
  const options = Object.entries(args).map(([name, value]) => {
    const type = def?.options?.find((o) => o.name === name)?.type ?? 3;
    return { name, type, value };
  });
  return { ...base(applicationId, user, 2), data: { id: '700000000000000001', name: 'scan', type: 1, guild_id: GUILD_ID, options: [{ type: 1, name: sub, options }] } };
}

/** A click on button `customId` of `message` (a message object as the fake API returned it). */
export function buttonClick(applicationId: string, user: Member, customId: string, message: Record<string, unknown>) {
  return { ...base(applicationId, user, 3), message: { ...message, channel_id: CHANNEL_ID }, data: { custom_id: customId, component_type: 2 } };
}
