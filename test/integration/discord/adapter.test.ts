// The real discord.js client against the fake Discord REST API and gateway, on the real scan service:
// command registration generated from the definitions, deferred replies and edits with embeds, the
// severity chart as a multipart attachment, buttons with confirmation, denied commands, hostile text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordCommandJson } from '../../../bot/commands/discord-shape.js';
import { buttonClick, chatInput, GUILD_ID } from '../../fakes/discord/interactions.js';
import type { RecordedRequest } from '../../fakes/discord/fake-discord-api.js';
import { APP_ID, startHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
const operator = { id: '300000000000000001' };
const viewer = { id: '300000000000000002' };

/** Sends an interaction and waits until `count` requests carrying its token reached the fake. */
async function interact(payload: { token: string }, count: number): Promise<RecordedRequest[]> {
  h.gateway.dispatch('INTERACTION_CREATE', payload);
  const mine = () => h.api.requests.filter((r) => r.path.includes(payload.token));
  await h.api.waitFor(() => mine().length >= count);
  return mine();
}

beforeAll(async () => {
  h = await startHarness();
  await h.grant(operator.id, 'operator');
  await h.grant(viewer.id, 'viewer');
});

afterAll(async () => {
  await h?.close();
});

describe('discord adapter', () => {
  it('registers /scan per guild with sub-commands and typed options generated from the definitions', () => {
    const puts = h.api.calls('PUT /applications/:id/guilds/:id/commands');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    const [command] = puts[0]!.body as unknown as Array<{ name: string; options: Array<{ name: string; type: number; options: Array<{ name: string; type: number; required?: boolean; choices?: unknown[] }> }> }>;
    expect(command).toEqual(discordCommandJson());
    const create = command!.options.find((o) => o.name === 'create')!;
    expect(create.type).toBe(1);
    expect(create.options.slice(0, 2).map((o) => [o.name, o.type, o.required])).toEqual([['name', 3, true], ['targets', 3, true]]);
    expect(create.options.find((o) => o.name === 'rate')?.type).toBe(4);
    expect(create.options.find((o) => o.name === 'scanner')?.choices).toEqual([{ name: 'masscan', value: 'masscan' }, { name: 'nmap', value: 'nmap' }, { name: 'hybrid', value: 'hybrid' }]);
    expect(h.gateway.identifies[0]?.intents).toBe(1);
  });
});
