// The Slack renderer: a neutral Reply → Block Kit message (header, text sections, fields, tables as code
// blocks, severity context, buttons) plus the fallback `text` notifications show. Everything scan-derived is
// escaped; anything that would break a Block Kit limit is split, and what still does not fit in 50 blocks goes
// into an attached text file — Slack never gets a message it would reject.
import type { types } from '@slack/bolt';
import type { Reply, ReplyField, ReplyFile } from '../../commands/reply.js';
import { SEVERITY_LABELS } from '../../../core/charts/severity-colours.js';
import { renderButtons } from './buttons.js';
import { clip, escapeMrkdwn, escapePlainText } from './escape.js';
import { SLACK_LIMITS, splitText } from './limits.js';
import { renderTableChunks, tableAsText } from './table.js';

type KnownBlock = types.KnownBlock;

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
  /** Files to upload next to the message: the reply's own, and the full content when it was cut. */
  files: ReplyFile[];
}

const SEVERITY_EMOJI = { critical: '🟥', high: '🔴', medium: '🟠', low: '🟡', info: '⚪' } as const;

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function fieldText(field: ReplyField): string {
  return clip(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`, SLACK_LIMITS.fieldText);
}

/** The content blocks (everything between header and buttons), in reading order. */
function contentBlocks(reply: Reply): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const paragraph of reply.text ?? []) {
    for (const chunk of splitText(escapeMrkdwn(paragraph), SLACK_LIMITS.sectionText)) blocks.push(section(chunk));
  }
  const fields = reply.fields ?? [];
  const inline = fields.filter((f) => f.inline !== false);
  for (let i = 0; i < inline.length; i += SLACK_LIMITS.fieldsPerSection) {
    const group = inline.slice(i, i + SLACK_LIMITS.fieldsPerSection);
    blocks.push({ type: 'section', fields: group.map((f) => ({ type: 'mrkdwn', text: fieldText(f) })) });
  }
  for (const field of fields.filter((f) => f.inline === false)) {
    for (const chunk of splitText(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`, SLACK_LIMITS.sectionText)) blocks.push(section(chunk));
  }
  if (reply.table && reply.table.columns.length > 0) {
    for (const chunk of renderTableChunks(reply.table)) blocks.push(section(chunk));
  }
  return blocks;
}

/** The whole reply as plain text, for the file that carries what did not fit. */
export function replyAsText(reply: Reply): string {
  const parts = [reply.title, ...(reply.text ?? [])];
  for (const field of reply.fields ?? []) parts.push(`${field.label}: ${field.value}`);
  if (reply.table) parts.push(tableAsText(reply.table));
  return `${parts.join('\n\n')}\n`;
}

function overflowName(reply: Reply): string {
  const slug = reply.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${slug || 'reply'}-full.txt`;
}

export function renderReply(reply: Reply): SlackMessage {
  // The header's block_id carries the reply's tone and outcome (e.g. `reply.error.failed`) for tooling.
  const header: KnownBlock = {
    type: 'header',
    block_id: `reply.${reply.tone}${reply.failed ? '.failed' : ''}`,
    text: { type: 'plain_text', text: clip(escapePlainText(reply.title), SLACK_LIMITS.headerText), emoji: true },
  };
  const context: KnownBlock[] = reply.severity
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${SEVERITY_EMOJI[reply.severity]} Highest severity: *${SEVERITY_LABELS[reply.severity]}*` }] }]
    : [];
  const actions = renderButtons(reply.buttons ?? []).slice(0, 5);
  const content = contentBlocks(reply);
  const files = [...(reply.files ?? [])];
  const budget = SLACK_LIMITS.blocksPerMessage - 1 - context.length - actions.length;
  let body = content;
  if (content.length > budget) {
    const name = overflowName(reply);
    body = content.slice(0, budget - 1);
    body.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Too long for one message: the rest is in the attached file \`${name}\`.` }] });
    files.push({ name, mime: 'text/plain', data: Buffer.from(replyAsText(reply)), title: `${reply.title} (full)` });
  }
  const firstParagraph = reply.text?.[0] ? `\n${reply.text[0]}` : '';
  const text = clip(escapeMrkdwn(`${reply.title}${firstParagraph}`), SLACK_LIMITS.fallbackText);
  return { text, blocks: [header, ...body, ...context, ...actions], files };
}
