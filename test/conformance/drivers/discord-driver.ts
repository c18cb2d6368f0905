// The Discord adapter's conformance driver: command text becomes a `/scan` interaction with typed options
// (positionals and key=value mapped onto the generated option names, as a user fills them in Discord's
// UI) delivered over the fake gateway to the real discord.js client; what the user saw is read back from
// the requests the fake REST API received for that interaction's token.
import { tokenize } from '../../../bot/commands/tokenize.js';
import { findCommand } from '../../../bot/commands/catalog.js';
import { decodeButtonId } from '../../../bot/discord/custom-id.js';
import type { Role } from '../../../core/scans/scan-model.js';
import { buttonClick, chatInput } from '../../fakes/discord/interactions.js';
import type { RecordedRequest } from '../../fakes/discord/fake-discord-api.js';
import { APP_ID, startHarness } from '../../integration/discord/harness.js';
import type { ConformanceDriver, DriverUser, ObservedReply } from '../driver.js';

const ERROR_COLOUR = 0xd32f2f;

function unescape(text: string): string {
  return text.replace(/\u200B/g, '').replace(/\\([\\*_~|`[\]#>-])/g, '$1').replace(/\*\*/g, '*');
}

function toOptions(text: string): { sub: string; args: Record<string, string> } {
  const tokens = tokenize(text.trim());
  const sub = tokens.shift()?.value ?? 'help';
  const def = findCommand(sub);
  const args: Record<string, string> = {};
  let position = 0;
  for (const token of tokens) {
    if (token.key !== undefined) args[token.key] = token.value;
    else args[def?.positionals[position++]?.name ?? `extra${position++}`] = token.value;
  }
  return { sub, args };
}

type Embed = { title?: string; description?: string; color?: number; fields?: Array<{ name: string; value: string }> };

function observe(messages: RecordedRequest[], onEphemeral = false): ObservedReply {
  const bodies = messages.map((m) => (m.route.startsWith('POST /interactions/') ? (m.body.data as Record<string, unknown>) : m.body));
  const embeds = bodies.flatMap((b) => (b.embeds ?? []) as Embed[]);
  const rows = bodies.flatMap((b) => (b.components ?? []) as Array<{ components: Array<{ custom_id: string; label: string }> }>);
  // An edit of an ephemeral question (a confirmed button) stays ephemeral.
  const ephemeral = onEphemeral || bodies.some((b) => b.flags === 64);
  const parts = embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]);
  const buttons = rows.flatMap((r) => r.components).map((c) => {
    const id = decodeButtonId(c.custom_id);
    parts.push(c.label);
    return { action: id?.action ?? c.custom_id, value: id?.value ?? '', confirm: id?.step === 'ask' || (ephemeral && (id?.action === 'scan.delete' || id?.action === 'scan.stop')) };
  });
  return {
    text: unescape(parts.filter(Boolean).join('\n')),
    ephemeral,
    failed: ephemeral && embeds[0]?.color === ERROR_COLOUR,
    buttons,
    files: messages.flatMap((m) => m.files.map((f) => f.name)),
  };
}

export async function createDiscordDriver(): Promise<ConformanceDriver> {
  const h = await startHarness();
  let counter = 0;
  const lastMessage: Record<string, unknown> = { id: '1300000000000000009', type: 0, flags: 0, content: '', embeds: [], components: [], author: { id: '900000000000000001', username: 'Portcullis', discriminator: '0', avatar: null, bot: true }, timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false, attachments: [] };

  async function run(payload: { token: string }, onEphemeral = false): Promise<ObservedReply> {
    h.gateway.dispatch('INTERACTION_CREATE', payload);
    const mine = () => h.api.requests.filter((r) => r.path.includes(payload.token));
    const answered = (r: RecordedRequest) => r.route.startsWith('PATCH /webhooks/') || r.route === 'POST /webhooks/:id/:token' || (r.route.startsWith('POST /interactions/') && (r.body.type === 4 || r.body.type === 7));
    await h.api.waitFor(() => mine().some(answered));
    let seen = -1;
    while (seen !== mine().length) { seen = mine().length; await new Promise((r) => setTimeout(r, 150)); }
    // A deferral with the Ephemeral flag makes its edits ephemeral as well (Discord keeps the flag).
    const deferredPrivately = mine().some((r) => r.route.startsWith('POST /interactions/') && r.body.type === 5 && ((r.body.data as { flags?: number } | undefined)?.flags ?? 0) & 64);
    return observe(mine().filter(answered), onEphemeral || Boolean(deferredPrivately));
  }

  return {
    platform: 'discord',
    service: h.service,
    async user(role: Role | null): Promise<DriverUser> {
      const id = String(310000000000000000n + BigInt(++counter));
      if (role) await h.grant(id, role);
      return { id, role };
    },
    send(user, text) {
      const { sub, args } = toOptions(text);
      return run(chatInput(APP_ID, user, sub, args));
    },
    click(user, button) {
      const flags = button.action === 'scan.delete' || button.action === 'scan.stop' ? 64 : 0;
      return run(buttonClick(APP_ID, user, `pcl:do:${button.action}:${button.value}`, { ...lastMessage, flags }), flags === 64);
    },
    close: () => h.close(),
  };
}
