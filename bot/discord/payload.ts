// A rendered DiscordMessage in the two shapes it is sent in: discord.js interaction options (deferred
// replies, edits, follow-ups) and a raw REST body with multipart files (channel messages from the
// notifier). Both always carry `allowed_mentions: { parse: [] }`.
import { AttachmentBuilder, MessageFlags, type InteractionEditReplyOptions, type InteractionReplyOptions } from 'discord.js';
import type { RawFile } from '@discordjs/rest';
import type { DiscordMessage } from './render/message.js';
import { neutraliseMentions } from './render/escape.js';
import { clip } from './render/limits.js';

const describe = (title: string) => clip(neutraliseMentions(title), 1024);

function attachments(message: DiscordMessage): AttachmentBuilder[] {
  return message.files.map((file) => new AttachmentBuilder(file.data, { name: file.name, ...(file.title ? { description: describe(file.title) } : {}) }));
}

/** For editReply (an edit replaces embeds, components and attachments). */
export function editOptions(message: DiscordMessage): InteractionEditReplyOptions {
  return {
    content: message.content || null,
    embeds: message.embeds,
    components: message.components,
    files: attachments(message),
    attachments: [],
    allowedMentions: message.allowed_mentions,
  };
}

/** For reply/followUp; ephemeral messages get the Ephemeral flag. */
export function sendOptions(message: DiscordMessage): InteractionReplyOptions {
  return {
    ...(message.content ? { content: message.content } : {}),
    embeds: message.embeds,
    components: message.components,
    files: attachments(message),
    allowedMentions: message.allowed_mentions,
    ...(message.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

export interface RestMessage {
  body: Record<string, unknown>;
  files: RawFile[];
}

/** A channel message body; files go as multipart parts `files[i]` described by `attachments`. */
export function restMessage(message: DiscordMessage, extra: Record<string, unknown> = {}): RestMessage {
  return {
    body: {
      ...(message.content ? { content: message.content } : {}),
      embeds: message.embeds,
      components: message.components,
      allowed_mentions: message.allowed_mentions,
      attachments: message.files.map((file, id) => ({ id, filename: file.name, ...(file.title ? { description: describe(file.title) } : {}) })),
      ...extra,
    },
    files: message.files.map((file, id) => ({ key: `files[${id}]`, name: file.name, data: file.data, contentType: file.mime })),
  };
}
