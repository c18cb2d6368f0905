// What the real Discord API refuses with 400, written out from Discord's documentation with literal
// numbers (deliberately not imported from bot/discord/render/limits.ts), so a wrong constant in the
// renderer shows up as a failing test instead of agreeing with itself.
import type { APIEmbed } from 'discord-api-types/v10';
import type { DiscordMessage } from '../../../bot/discord/render/message.js';

const MiB = 1024 * 1024;

function embedProblems(embed: APIEmbed, where: string): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) problems.push(`${where}: ${what}`); };
  check((embed.title ?? '').length <= 256, `title ${embed.title?.length} > 256`);
  check((embed.description ?? '').length <= 4096, `description ${embed.description?.length} > 4096`);
  check((embed.footer?.text ?? '').length <= 2048, 'footer > 2048');
  check((embed.fields ?? []).length <= 25, `${embed.fields?.length} fields > 25`);
  for (const field of embed.fields ?? []) {
    check(field.name.length >= 1 && field.name.length <= 256, `field name length ${field.name.length}`);
    check(field.value.length >= 1 && field.value.length <= 1024, `field value length ${field.value.length}`);
  }
  check(Boolean(embed.title || embed.description || embed.fields?.length || embed.footer?.text), 'empty embed');
  return problems;
}

export function embedChars(embed: APIEmbed): number {
  return (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length + (embed.author?.name ?? '').length
    + (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
}

/** Everything wrong with one message, as readable sentences; [] when Discord would accept it. */
export function discordProblems(message: DiscordMessage, index = 0): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) problems.push(`message ${index}: ${what}`); };
  check(JSON.stringify(message.allowed_mentions) === '{"parse":[]}', 'allowed_mentions is not { parse: [] }');
  check(message.content.length <= 2000, `content ${message.content.length} > 2000`);
  check(message.embeds.length <= 10, `${message.embeds.length} embeds > 10`);
  const total = message.embeds.reduce((sum, e) => sum + embedChars(e), 0);
  check(total <= 6000, `embeds total ${total} > 6000`);
  message.embeds.forEach((e, i) => problems.push(...embedProblems(e, `message ${index} embed ${i}`)));
  check(message.components.length <= 5, `${message.components.length} action rows > 5`);
  const ids = new Set<string>();
  for (const row of message.components) {
    check(row.components.length >= 1 && row.components.length <= 5, `row of ${row.components.length} buttons`);
    for (const button of row.components) {
      check((button.label ?? '').length >= 1 && (button.label ?? '').length <= 80, `button label length ${button.label?.length}`);
      check(button.custom_id.length >= 1 && button.custom_id.length <= 100, `custom_id length ${button.custom_id.length}`);
      check(!ids.has(button.custom_id), `duplicate custom_id ${button.custom_id}`);
      ids.add(button.custom_id);
    }
  }
  check(message.files.length <= 10, `${message.files.length} attachments > 10`);
  for (const file of message.files) check(file.data.length <= 10 * MiB, `${file.name} is ${file.data.length} bytes > 10 MiB`);
  check(message.content.length > 0 || message.embeds.length > 0 || message.files.length > 0, 'empty message');
  return problems;
}

export function allProblems(messages: DiscordMessage[]): string[] {
  return messages.flatMap((m, i) => discordProblems(m, i));
}

/** All visible text of the messages' embeds, for "is it still there / is it escaped" checks. */
export function visibleText(messages: DiscordMessage[]): string {
  return messages.flatMap((m) => m.embeds).map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n')).join('\n');
}
