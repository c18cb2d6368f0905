// A neutral Reply → Discord embeds: the title, severity (or tone) colour, paragraphs and tables in
// descriptions (≤ 4096 each), fields (≤ 25 per embed, name ≤ 256, value ≤ 1024; longer values become
// description text), and the highest severity in the footer. Each embed stays under the 6000-character
// message budget on its own, so the packer can always place it.
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { SEVERITY_LABELS, severityColourInt } from '../../../core/charts/severity-colours.js';
import type { Reply, ReplyTone } from '../../commands/reply.js';
import { escapeText, renderMarkdownLight } from './escape.js';
import { DISCORD_LIMITS, clip, splitMarkdown } from './limits.js';
import { renderTableBlocks } from './table.js';

const TONE_COLOURS: Record<ReplyTone, number> = { info: 0x5865f2, success: 0x2e7d32, warning: 0xf57c00, error: 0xd32f2f };

/** Leaves room under 6000 for a footer and a continuation title. */
const EMBED_BUDGET = DISCORD_LIMITS.embedCharsPerMessage - 400;

export function embedSize(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0)
    + (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
}

export function replyColour(reply: Reply): number {
  return reply.severity ? severityColourInt(reply.severity) : TONE_COLOURS[reply.tone];
}

/** Description pieces in reading order, each ≤ 4096 characters. */
function descriptionBlocks(reply: Reply, longFields: APIEmbedField[]): string[] {
  const blocks: string[] = [];
  const limit = Math.min(DISCORD_LIMITS.embedDescription, EMBED_BUDGET - DISCORD_LIMITS.embedTitle);
  const add = (pieces: string[]) => {
    for (const piece of pieces) blocks.push(piece);
  };
  for (const paragraph of reply.text ?? []) add(splitMarkdown(renderMarkdownLight(paragraph), limit));
  for (const field of longFields) add(splitMarkdown(`**${field.name}**\n${field.value}`, limit));
  if (reply.table && reply.table.columns.length > 0) add(renderTableBlocks(reply.table, limit));
  return blocks;
}

export function renderEmbeds(reply: Reply): APIEmbed[] {
  const colour = replyColour(reply);
  const fields: APIEmbedField[] = [];
  const longFields: APIEmbedField[] = [];
  for (const field of reply.fields ?? []) {
    const name = clip(escapeText(field.label) || '\u200B', DISCORD_LIMITS.fieldName);
    const value = renderMarkdownLight(field.value) || '\u200B';
    if (value.length > DISCORD_LIMITS.fieldValue) longFields.push({ name, value });
    else fields.push({ name, value, inline: field.inline === true });
  }

  const embeds: APIEmbed[] = [];
  let current: APIEmbed = { title: clip(escapeText(reply.title), DISCORD_LIMITS.embedTitle), color: colour };
  const next = () => {
    embeds.push(current);
    current = { color: colour };
  };
  for (const block of descriptionBlocks(reply, longFields)) {
    const joined = current.description ? `${current.description}\n\n${block}` : block;
    if (joined.length > DISCORD_LIMITS.embedDescription || embedSize(current) + block.length + 2 > EMBED_BUDGET) {
      if (current.description || current.fields) next();
      current.description = block;
    } else {
      current.description = joined;
    }
  }
  for (const field of fields) {
    const count = current.fields?.length ?? 0;
    if (count >= DISCORD_LIMITS.fieldsPerEmbed || embedSize(current) + field.name.length + field.value.length > EMBED_BUDGET) next();
    current.fields = [...(current.fields ?? []), field];
  }
  embeds.push(current);
  if (reply.severity) {
    const last = embeds[embeds.length - 1] as APIEmbed;
    last.footer = { text: `Highest severity: ${SEVERITY_LABELS[reply.severity]}` };
  }
  return embeds;
}
