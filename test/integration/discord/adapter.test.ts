// The real discord.js client against the fake Discord REST API and gateway, on the real scan service:
// command registration generated from the definitions, deferred replies and edits with embeds, the
// severity chart as a multipart attachment, buttons with confirmation, denied commands, hostile text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordCommandJson } from '../../../bot/commands/discord-shape.js';
import { buttonClick, CHANNEL_ID, chatInput, GUILD_ID } from '../../fakes/discord/interactions.js';
import type { RecordedRequest } from '../../fakes/discord/fake-discord-api.js';
import { consoleActor } from '../../../bot/console/session.js';
import { seedScanWithResults } from '../../conformance/seed.js';
import { APP_ID, startHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
let seeded: string;
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
  await h.service.scopeAdd(consoleActor(), '198.18.1.0/24');
  seeded = await seedScanWithResults(h.service, consoleActor(), 'discord-seeded');
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

  it('/scan create: deferred reply (type 5) at once, then the edit with an embed, and a status message in the channel', async () => {
    const payload = chatInput(APP_ID, operator, 'create', { name: 'dc-web', targets: '198.18.1.2', ports: '80,443', rate: 500 });
    const [callback, edit] = await interact(payload, 2);
    expect(callback!.route).toBe('POST /interactions/:id/:token/callback');
    expect(callback!.body).toMatchObject({ type: 5 });
    expect(edit!.route).toBe(`PATCH /webhooks/:id/:token/messages/@original`);
    expect(edit!.path.startsWith(`/webhooks/${APP_ID}/`)).toBe(true);
    const embed = (edit!.body.embeds as Array<{ title: string; color: number }>)[0]!;
    expect(embed.title).toMatch(/^SCAN-\d+ created: dc-web$/);
    expect(edit!.body.allowed_mentions).toEqual({ parse: [] });
    const ids = (edit!.body.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((r) => r.components.map((c) => c.custom_id));
    const scanId = /SCAN-\d+/.exec(embed.title)![0];
    expect(ids).toEqual([`pcl:ask:scan.stop:${scanId}`, `pcl:do:scan.logs:${scanId}`, `pcl:do:scan.report:${scanId}`]);
    await h.api.waitFor((all) => all.some((r) => r.route === 'POST /channels/:id/messages' && JSON.stringify(r.body).includes(scanId)));
    const summary = await h.service.show(scanId);
    expect(summary.config.rate).toBe(500);
    const status = h.api.requests.find((r) => r.route === 'POST /channels/:id/messages' && JSON.stringify(r.body).includes(scanId))!;
    expect(status.path).toBe(`/channels/${CHANNEL_ID}/messages`);
    const remembered = () => h.database.db.selectFrom('chat_messages').select(['platform', 'channel_id']).where('platform', '=', 'discord').execute();
    await expect.poll(remembered).toEqual([{ platform: 'discord', channel_id: CHANNEL_ID }]);
    expect(h.api.problems).toEqual([]);
  });

  it('/scan show: the edit carries the embed with the severity colour and the chart as a multipart attachment', async () => {
    const [callback, edit] = await interact(chatInput(APP_ID, viewer, 'show', { id: seeded }), 2);
    expect(callback!.body).toMatchObject({ type: 5 });
    const embed = (edit!.body.embeds as Array<{ title: string; color: number; fields: Array<{ name: string }> }>)[0]!;
    expect(embed.title).toContain(seeded);
    expect(embed.color).toBe(0x8b0000); // critical: PostgreSQL exposed
    expect(embed.fields.map((f) => f.name)).toContain('Findings');
    expect(edit!.files).toHaveLength(1);
    expect(edit!.files[0]!.name).toBe(`${seeded}-severity.png`);
    expect(edit!.files[0]!.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(edit!.body.attachments).toEqual([expect.objectContaining({ id: '0', description: `${seeded} findings by severity` })]);
    expect(h.api.problems).toEqual([]);
  });

  it('a Rerun button runs the command publicly; Stop asks first (ephemeral) and acts on the confirmation', async () => {
    const shown = await interact(chatInput(APP_ID, operator, 'show', { id: seeded }), 2);
    const message = { id: '1300000000000000001', type: 0, flags: 0, content: '', embeds: shown[1]!.body.embeds, components: shown[1]!.body.components, author: { id: '900000000000000001', username: 'Portcullis', discriminator: '0', avatar: null, bot: true }, timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false, attachments: [] };
    const rerun = await interact(buttonClick(APP_ID, operator, `pcl:do:scan.rerun:${seeded}`, message), 2);
    expect(rerun[0]!.body).toMatchObject({ type: 5 });
    expect(JSON.stringify(rerun[1]!.body.embeds)).toContain(`${seeded}: run 3`);

    const ask = await interact(buttonClick(APP_ID, operator, `pcl:ask:scan.stop:${seeded}`, message), 1);
    expect(ask[0]!.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const confirmIds = ((ask[0]!.body.data as { components: Array<{ components: Array<{ custom_id: string }> }> }).components[0]!.components).map((c) => c.custom_id);
    expect(confirmIds).toEqual([`pcl:do:scan.stop:${seeded}`, `pcl:no:scan.stop:${seeded}`]);
    expect((await h.service.show(seeded)).status).toBe('planned');

    const question = { ...message, id: '1300000000000000002', flags: 64, components: (ask[0]!.body.data as { components: unknown }).components };
    const stop = await interact(buttonClick(APP_ID, operator, confirmIds[0]!, question), 2);
    expect(stop[0]!.body).toMatchObject({ type: 6 });
    expect(stop[1]!.route).toBe('PATCH /webhooks/:id/:token/messages/@original');
    expect(JSON.stringify(stop[1]!.body.embeds)).toContain('Cancelled');
    expect((await h.service.show(seeded)).status).toBe('cancelled');
    expect(h.api.problems).toEqual([]);
  });

  it('a denied command becomes an ephemeral message naming the role needed', async () => {
    const requests = await interact(chatInput(APP_ID, viewer, 'create', { name: 'nope', targets: '198.18.1.2' }), 3);
    expect(requests.map((r) => r.route)).toEqual([
      'POST /interactions/:id/:token/callback', 'DELETE /webhooks/:id/:token/messages/@original', 'POST /webhooks/:id/:token',
    ]);
    const followUp = requests[2]!.body;
    expect(followUp.flags).toBe(64);
    expect(JSON.stringify(followUp.embeds)).toContain('needs the **operator** role');
    expect(JSON.stringify(followUp.embeds)).toContain('role grant');
    expect(h.api.problems).toEqual([]);
  });

  it('hostile scan text (a 10,000-character banner with <!channel>, @everyone, <@…>) reaches Discord neutralised and within limits', async () => {
    const banner = `<!channel> @everyone @here <@123456789012345678> <@&223456789012345678> <#323456789012345678> [click](https://evil.example) **bold** ${'A'.repeat(10_000)}`;
    const before = h.api.requests.length;
    const id = await h.adapter.notifier.postMessage('800000000000000002', {
      title: `Banner on 198.18.1.2:80 @everyone`, tone: 'warning', severity: 'high',
      text: [banner], fields: [{ label: 'Banner', value: banner }], table: { columns: ['port', 'banner'], rows: [['80', banner]] },
    });
    expect(id).toMatch(/^\d+$/);
    const posts = h.api.requests.slice(before).filter((r) => r.route === 'POST /channels/:id/messages');
    expect(posts.length).toBeGreaterThan(1);
    const sent = JSON.stringify(posts.map((p) => p.body));
    expect(sent).not.toMatch(/@(everyone|here)/);
    expect(sent).not.toMatch(/<@|<#|<@&/);
    expect(sent).not.toContain('[click](');
    for (const post of posts) expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(h.api.problems).toEqual([]);
  });
});
