// Sends a command's Reply back after the ack, with the bot token (chat.postMessage / chat.postEphemeral):
// a response_url dies after 30 minutes and 5 uses, shorter than a scan. Only when the bot cannot post in
// the conversation (a DM or a private channel it is not in) does it fall back to the response_url.
// An ephemeral reply reaches the requester alone (chat.postEphemeral, or the response_url with
// response_type ephemeral), never a channel post; its files would be shared with the whole channel, so they
// are left out and the reply says so.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../commands/reply.js';
import { uploadReplyFiles } from './files.js';
import { renderReply, type SlackMessage } from './render/blocks.js';

export type RespondFn = (message: { response_type: 'ephemeral' | 'in_channel'; text: string; blocks: SlackMessage['blocks']; replace_original?: boolean }) => Promise<unknown>;

export interface ReplyTarget {
  channel: string;
  user: string;
  respond?: RespondFn;
}

/** Slack errors that mean "the bot token cannot post here", where the response_url still works. */
const CANNOT_POST_HERE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action', 'user_not_in_channel']);

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Files of a private answer are not shared in the channel; the requester learns how to get them. */
function privateFilesNote(files: number): SlackMessage['blocks'] {
  if (files === 0) return [];
  return [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: `${files === 1 ? 'A file' : `${files} files`} of this private answer ${files === 1 ? 'was' : 'were'} not shared: files in Slack are visible to the whole channel. Use \`portcullis chat\`, which writes files to disk.` }] }];
}

/** Delivers a reply; returns the ts of the public message it posted (null for ephemeral or fallback). */
export async function deliverReply(client: WebClient, target: ReplyTarget, reply: Reply, logger: Logger): Promise<string | null> {
  const message = renderReply(reply);
  try {
    if (reply.ephemeral) {
      const blocks = [...message.blocks.slice(0, 49), ...privateFilesNote(message.files.length)].slice(0, 50);
      await client.chat.postEphemeral({ channel: target.channel, user: target.user, text: message.text, blocks });
      return null;
    }
    const posted = await client.chat.postMessage({ channel: target.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    const ts = posted.ts ?? null;
    if (message.files.length > 0) await uploadReplyFiles(client, target.channel, message.files, ts ?? undefined);
    return ts;
  } catch (error) {
    const code = slackErrorCode(error);
    if (!target.respond || !code || !CANNOT_POST_HERE.has(code)) throw error;
    logger.info({ channel: target.channel, code }, 'bot cannot post in this conversation; answering via response_url');
    const note = message.files.length === 0 ? [] : reply.ephemeral ? privateFilesNote(message.files.length) : [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: 'Invite the Portcullis app to this channel to receive files (charts, reports, logs).' }] }];
    await target.respond({ response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', text: message.text, blocks: [...message.blocks.slice(0, 49), ...note].slice(0, 50) });
    return null;
  }
}
