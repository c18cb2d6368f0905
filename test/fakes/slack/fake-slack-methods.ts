// The Web API methods the fake answers, with the bodies Slack really returns (and its real error codes for
// the mistakes an app can make: unknown channel message, invalid blocks, a file never uploaded).
import { blockKitProblems } from './block-kit-limits.js';

export type Args = Record<string, unknown>;
export type MethodResult = Record<string, unknown> & { ok: boolean };

export interface FakeState {
  baseUrl: string;
  botToken: string;
  nextTs: number;
  /** channel → ts of messages posted by the bot. */
  messages: Map<string, Set<string>>;
  /** file id → what was declared and what was uploaded. */
  files: Map<string, { filename: string; length: number; bytes: Buffer | null }>;
  problems: string[];
}

function nextTs(state: FakeState): string {
  state.nextTs += 1;
  return `1700000000.${String(state.nextTs).padStart(6, '0')}`;
}

function checkMessage(state: FakeState, method: string, args: Args): MethodResult | null {
  if (typeof args.channel !== 'string' || !args.channel) return { ok: false, error: 'channel_not_found' };
  if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
  // Private channels (G…) the bot was never invited to, as Slack answers for them.
  if (args.channel.startsWith('G')) return { ok: false, error: 'not_in_channel' };
  if (args.blocks !== undefined) {
    const problems = blockKitProblems(args.blocks);
    if (problems.length > 0) {
      state.problems.push(`${method}: invalid_blocks ${problems.join('; ')}`);
      return { ok: false, error: 'invalid_blocks', errors: problems };
    }
  }
  return null;
}

export const METHODS: Record<string, (state: FakeState, args: Args) => MethodResult> = {
  'auth.test': () => ({ ok: true, url: 'https://portcullis-test.slack.com/', team: 'Portcullis Test', user: 'portcullis', team_id: 'T0TESTTEAM', user_id: 'U0TESTBOT', bot_id: 'B0TESTBOT', is_enterprise_install: false }),

  'chat.postMessage': (state, args) => {
    const bad = checkMessage(state, 'chat.postMessage', args);
    if (bad) return bad;
    const channel = args.channel as string;
    if (args.thread_ts !== undefined && !state.messages.get(channel)?.has(String(args.thread_ts))) return { ok: false, error: 'thread_not_found' };
    const ts = nextTs(state);
    if (!state.messages.has(channel)) state.messages.set(channel, new Set());
    state.messages.get(channel)?.add(ts);
    return { ok: true, channel, ts, message: { type: 'message', user: 'U0TESTBOT', bot_id: 'B0TESTBOT', text: args.text, blocks: args.blocks, ts, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}) } };
  },

  'chat.update': (state, args) => {
    const bad = checkMessage(state, 'chat.update', args);
    if (bad) return bad;
    const channel = args.channel as string;
    if (!state.messages.get(channel)?.has(String(args.ts))) return { ok: false, error: 'message_not_found' };
    return { ok: true, channel, ts: args.ts, text: args.text, message: { text: args.text, blocks: args.blocks } };
  },

  'chat.postEphemeral': (state, args) => {
    const bad = checkMessage(state, 'chat.postEphemeral', args);
    if (bad) return bad;
    if (typeof args.user !== 'string' || !args.user) return { ok: false, error: 'user_not_in_channel' };
    return { ok: true, message_ts: nextTs(state) };
  },

  'files.getUploadURLExternal': (state, args) => {
    const length = Number(args.length);
    if (typeof args.filename !== 'string' || !args.filename) return { ok: false, error: 'invalid_arguments' };
    if (!Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
    const id = `F0${(state.files.size + 1).toString().padStart(8, '0')}`;
    state.files.set(id, { filename: args.filename, length, bytes: null });
    return { ok: true, upload_url: `${state.baseUrl}/upload/v1/${id}`, file_id: id };
  },

  'files.completeUploadExternal': (state, args) => {
    const list = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as Array<{ id: string; title?: string }>;
    if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
    for (const f of list) {
      const file = state.files.get(f.id);
      if (!file || !file.bytes) return { ok: false, error: 'file_not_found' };
      if (file.bytes.length !== file.length) {
        state.problems.push(`files.completeUploadExternal: ${f.id} declared ${file.length} bytes, uploaded ${file.bytes.length}`);
        return { ok: false, error: 'file_upload_size_mismatch' };
      }
    }
    if (args.thread_ts !== undefined && !state.messages.get(String(args.channel_id))?.has(String(args.thread_ts))) return { ok: false, error: 'thread_not_found' };
    return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title ?? state.files.get(f.id)?.filename, name: state.files.get(f.id)?.filename, size: state.files.get(f.id)?.length })) };
  },
};
