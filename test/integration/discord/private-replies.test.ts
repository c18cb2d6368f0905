// Private (ephemeral) answers on Discord, against the real discord.js client and the fake REST API: a
// command whose reply holds a credential is deferred ephemeral from the start, its answer and every
// follow-up carry the Ephemeral flag, nothing of it is posted in the channel, and its text never reaches a
// log line — not even when Discord refuses the answer (discord.js errors carry the body they sent).
import { Events, type ChatInputCommandInteraction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleActor } from '../../../bot/console/session.js';
import type { Reply } from '../../../bot/commands/reply.js';
import { answerCommand } from '../../../bot/discord/interactions/chat-input.js';
import type { DiscordContext } from '../../../bot/discord/interactions/context.js';
import type { RecordedRequest } from '../../fakes/discord/fake-discord-api.js';
import { chatInput } from '../../fakes/discord/interactions.js';
import { captureLog, type CapturedLog } from '../../helpers/captured-log.js';
import { APP_ID, startHarness, type DiscordHarness } from './harness.js';

const SECRET = 'redis://scanner-edge-1:Zq8vT3kLm9PwX2rY@redis.example.net:6380';
const admin = { id: '300000000000000009' };
let h: DiscordHarness;
let log: CapturedLog;
let ctx: DiscordContext;
const probes = new Map<string, () => Promise<Reply>>();

function credentialReply(extraParagraphs = 0): Reply {
  return {
    title: 'Scanner edge-1 added', tone: 'success', ephemeral: true,
    text: [`REDIS_URL=${SECRET}`, 'Shown once: copy it now.', ...Array.from({ length: extraParagraphs }, (_, i) => `${i} ${'word '.repeat(800)}`)],
  };
}

/** An interaction for a command the adapter does not handle (`probe`), answered here by answerCommand. */
async function probe(reply: () => Promise<Reply>, count: number): Promise<RecordedRequest[]> {
  const base = chatInput(APP_ID, admin, 'help');
  const payload = { ...base, data: { ...base.data, name: 'probe' } };
  probes.set(payload.token, reply);
  return interact(payload, count);
}

async function interact(payload: { token: string }, count: number): Promise<RecordedRequest[]> {
  h.gateway.dispatch('INTERACTION_CREATE', payload);
  const mine = () => h.api.requests.filter((r) => r.path.includes(payload.token));
  await h.api.waitFor(() => mine().length >= count);
  await new Promise((resolve) => setTimeout(resolve, 150)); // nothing more arrives
  return mine();
}

function channelPosts(): RecordedRequest[] {
  return h.api.requests.filter((r) => r.route.includes('/channels/'));
}

beforeAll(async () => {
  log = captureLog('trace');
  h = await startHarness({ logger: log.logger });
  await h.grant(admin.id, 'admin');
  ctx = { commands: { service: h.service, logger: log.logger, admins: [] }, notifier: h.adapter.notifier, logger: log.logger };
  h.adapter.client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand() || interaction.commandName !== 'probe') return;
    const reply = probes.get(interaction.token);
    if (reply) void answerCommand(interaction as ChatInputCommandInteraction, true, reply, ctx);
  });
});

afterAll(async () => {
  await h?.close();
});

describe('discord private replies', () => {
  it('a credential reply: deferred ephemeral (type 5, flags 64), then the edit of that private message; nothing in the channel', async () => {
    const before = channelPosts().length;
    const requests = await probe(async () => credentialReply(), 2);
    expect(requests.map((r) => r.route)).toEqual(['POST /interactions/:id/:token/callback', 'PATCH /webhooks/:id/:token/messages/@original']);
    expect(requests[0]!.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(JSON.stringify(requests[1]!.body)).toContain(SECRET);
    expect(channelPosts().length).toBe(before);
    expect(log.text()).not.toContain('Zq8vT3kLm9PwX2rY');
    expect(h.api.problems).toEqual([]);
  });

  it('a long credential reply: every follow-up is ephemeral too', async () => {
    const requests = await probe(async () => credentialReply(12), 3);
    const followUps = requests.filter((r) => r.route === 'POST /webhooks/:id/:token');
    expect(followUps.length).toBeGreaterThan(0);
    for (const followUp of followUps) expect(followUp.body.flags).toBe(64);
    expect(requests.some((r) => r.route.startsWith('DELETE'))).toBe(false);
    expect(log.text()).not.toContain('Zq8vT3kLm9PwX2rY');
    expect(h.api.problems).toEqual([]);
  });

  it('Discord refusing the private answer: the failure is logged without the text sent, and the note is ephemeral', async () => {
    h.api.failNext('PATCH /webhooks/:id/:token/messages/@original', 400, { message: 'Invalid Form Body', code: 50035, errors: { embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } });
    const requests = await probe(async () => credentialReply(), 3);
    const note = requests.find((r) => r.route === 'POST /webhooks/:id/:token');
    expect(note?.body.flags).toBe(64);
    expect(log.text()).toContain('discord reply could not be delivered');
    expect(log.text()).toContain('Invalid Form Body');
    expect(log.text()).not.toContain('Zq8vT3kLm9PwX2rY');
    // The interaction token is a credential too: it is not in the log line either.
    expect(log.text()).not.toContain(requests[0]!.path.split('/')[3]);
  });

  it('/scan help (privateReply in the definitions) is deferred ephemeral: no public "thinking…" to delete', async () => {
    const requests = await interact(chatInput(APP_ID, admin, 'help'), 2);
    expect(requests[0]!.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(requests.map((r) => r.route)).not.toContain('DELETE /webhooks/:id/:token/messages/@original');
    expect(requests[1]!.route).toBe('PATCH /webhooks/:id/:token/messages/@original');
  });

  it('/scan scanners (the listing) stays public; a refusal of another command still ends up ephemeral', async () => {
    const listing = await interact(chatInput(APP_ID, admin, 'scanners'), 2);
    expect(listing[0]!.body).toEqual({ type: 5, data: { flags: 0 } }); // no Ephemeral flag
    const refused = await interact(chatInput(APP_ID, admin, 'show', { id: 'SCAN-999999' }), 3);
    expect(refused.map((r) => r.route)).toEqual(['POST /interactions/:id/:token/callback', 'DELETE /webhooks/:id/:token/messages/@original', 'POST /webhooks/:id/:token']);
    expect(refused[2]!.body.flags).toBe(64);
  });

  it('the notifier refuses a private reply: no channel message', async () => {
    const before = channelPosts().length;
    await expect(h.adapter.notifier.postMessage('800000000000000002', credentialReply())).rejects.toThrow('a private (ephemeral) reply is not posted in a channel');
    await expect(h.adapter.notifier.updateMessage('800000000000000002', '1300000000000000001', credentialReply())).rejects.toThrow('not posted in a channel');
    expect(channelPosts().length).toBe(before);
  });

  it('an interaction delivered twice over the gateway is handled once', async () => {
    await h.service.scopeAdd(consoleActor(), '198.18.7.0/24');
    const payload = chatInput(APP_ID, admin, 'create', { name: 'once', targets: '198.18.7.1', ports: '80' });
    h.gateway.dispatch('INTERACTION_CREATE', payload);
    const requests = await interact(payload, 2);
    expect(requests.filter((r) => r.route === 'POST /interactions/:id/:token/callback')).toHaveLength(1);
    expect((await h.service.list({})).scans.filter((s) => s.name === 'once')).toHaveLength(1);
    expect(log.text()).toContain('discord interaction delivered again: ignored');
  });
});
