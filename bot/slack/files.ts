// Charts, reports and full logs go to Slack with files.uploadV2: the WebClient runs Slack's three-step
// protocol (files.getUploadURLExternal → POST the bytes to the returned upload_url →
// files.completeUploadExternal, which shares them in the channel, in a thread when given).
import type { WebClient } from '@slack/web-api';
import type { ReplyFile } from '../commands/reply.js';

export async function uploadReplyFiles(client: WebClient, channel: string, files: ReplyFile[], threadTs?: string): Promise<string[]> {
  const nonEmpty = files.filter((f) => f.data.length > 0);
  if (nonEmpty.length === 0) return [];
  const result = await client.filesUploadV2({
    channel_id: channel,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    file_uploads: nonEmpty.map((f) => ({ file: f.data, filename: f.name, title: f.title ?? f.name })),
  });
  const completions = (result.files ?? []) as Array<{ files?: Array<{ id?: string }> }>;
  return completions.flatMap((c) => (c.files ?? []).map((f) => f.id ?? '')).filter(Boolean);
}
