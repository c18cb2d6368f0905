// The Discord renderer's entry point: a neutral Reply → one or more messages that each satisfy every
// Discord limit (≤ 10 embeds and ≤ 6000 embed characters, ≤ 5 rows of buttons, ≤ 10 attachments and
// ≤ 10 MiB). The first message carries the buttons (it is the one edited in place); the rest are
// follow-ups. Beyond MAX_MESSAGES_PER_REPLY the full text goes into an attached file instead.
import type { APIEmbed } from 'discord-api-types/v10';
import type { Reply, ReplyFile } from '../../commands/reply.js';
import { prepareFiles } from './attachments.js';
import { renderButtons, type ButtonRow } from './components.js';
import { embedSize, renderEmbeds, replyColour } from './embeds.js';
import { escapeText } from './escape.js';
import { DISCORD_LIMITS, MAX_MESSAGES_PER_REPLY } from './limits.js';

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  files: ReplyFile[];
  /** Never parse mentions, whatever the text says. */
  allowed_mentions: { parse: [] };
  ephemeral: boolean;
}

/** The whole reply as plain text, for the file that carries what did not fit. */
export function replyAsText(reply: Reply): string {
  const parts = [reply.title, ...(reply.text ?? [])];
  for (const field of reply.fields ?? []) parts.push(`${field.label}: ${field.value}`);
  if (reply.table) parts.push([reply.table.columns, ...reply.table.rows].map((row) => row.join('\t')).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

function packEmbeds(embeds: APIEmbed[]): APIEmbed[][] {
  const groups: APIEmbed[][] = [];
  let group: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const s = embedSize(embed);
    if (group.length > 0 && (group.length >= DISCORD_LIMITS.embedsPerMessage || size + s > DISCORD_LIMITS.embedCharsPerMessage)) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(embed);
    size += s;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function packFiles(files: ReplyFile[]): ReplyFile[][] {
  const groups: ReplyFile[][] = [];
  let group: ReplyFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (group.length > 0 && (group.length >= DISCORD_LIMITS.attachmentsPerMessage || bytes + file.data.length > DISCORD_LIMITS.attachmentBytes)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(file);
    bytes += file.data.length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function overflowName(reply: Reply): string {
  const slug = reply.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${slug || 'reply'}-full.txt`;
}

export function renderMessages(reply: Reply): DiscordMessage[] {
  const prepared = prepareFiles(reply.files ?? []);
  const withNotes: Reply = prepared.notes.length > 0 ? { ...reply, text: [...(reply.text ?? []), ...prepared.notes] } : reply;
  let groups = packEmbeds(renderEmbeds(withNotes));
  let overflow: ReplyFile[] = [];
  if (groups.length > MAX_MESSAGES_PER_REPLY) {
    const name = overflowName(reply);
    groups = groups.slice(0, MAX_MESSAGES_PER_REPLY);
    const last = groups[groups.length - 1] as APIEmbed[];
    const note: APIEmbed = { color: replyColour(reply), description: escapeText(`Too long for Discord: the full text is in the attached file ${name}.`) };
    const fits = () => last.length < DISCORD_LIMITS.embedsPerMessage && last.reduce((s, e) => s + embedSize(e), 0) + embedSize(note) <= DISCORD_LIMITS.embedCharsPerMessage;
    while (last.length > 0 && !fits()) last.pop(); // one small embed popped may not make room; what goes is in the file
    last.push(note);
    overflow = prepareFiles([{ name, mime: 'text/plain', data: Buffer.from(replyAsText(reply)), title: `${reply.title} (full)` }]).files;
  }
  const fileGroups = placeFiles(packFiles(prepared.files), packFiles(overflow), groups.length - 1);
  const count = Math.max(groups.length, fileGroups.length);
  const ephemeral = reply.ephemeral === true;
  const messages: DiscordMessage[] = [];
  for (let i = 0; i < count; i++) {
    messages.push({
      content: '',
      embeds: groups[i] ?? [],
      components: i === 0 ? renderButtons(reply) : [],
      files: fileGroups[i] ?? [],
      allowed_mentions: { parse: [] },
      ephemeral,
    });
  }
  return messages;
}

/**
 * Which files go on which message: the reply's own from the first message on; the overflow file on the
 * message carrying its note (`noteAt`), so the note and its file are seen together. When the note's message
 * cannot take both, the reply's files of that message move to the end.
 */
function placeFiles(own: ReplyFile[][], overflow: ReplyFile[][], noteAt: number): ReplyFile[][] {
  if (overflow.length === 0) return own;
  const placed: ReplyFile[][] = own.slice(0, noteAt);
  const displaced: ReplyFile[][] = own.slice(noteAt);
  while (placed.length < noteAt) placed.push([]);
  overflow.forEach((group, i) => {
    const mine = i === 0 ? displaced.shift() : undefined;
    const together = mine ? [...mine, ...group] : group;
    const bytes = together.reduce((sum, f) => sum + f.data.length, 0);
    if (mine && (together.length > DISCORD_LIMITS.attachmentsPerMessage || bytes > DISCORD_LIMITS.attachmentBytes)) {
      placed.push(group);
      displaced.unshift(mine);
    } else {
      placed.push(together);
    }
  });
  return [...placed, ...displaced];
}
