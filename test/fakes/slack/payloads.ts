// Request bodies Slack sends to an app, with the fields and shapes Slack really uses: a slash command
// (form fields) and a block_actions button click (form field `payload` holding JSON).

export interface SlackWho {
  userId?: string;
  teamId?: string;
  channelId?: string;
  responseUrl?: string;
}

/** Slack's trigger_ids are unique per request; so are these, so no two bodies are ever the same by chance. */
let triggers = 0;
const triggerId = () => `${Date.now()}.${++triggers}.abcdef`;

const defaults = { userId: 'U0TESTUSER', teamId: 'T0TESTTEAM', channelId: 'C0TESTCHAN', responseUrl: 'https://hooks.slack.com/commands/T0TESTTEAM/1/x' };

export function slashCommandBody(text: string, who: SlackWho = {}): string {
  const w = { ...defaults, ...who };
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: w.teamId,
    team_domain: 'portcullis-test',
    channel_id: w.channelId,
    channel_name: 'security',
    user_id: w.userId,
    user_name: 'tester',
    command: '/scan',
    text,
    api_app_id: 'A0TESTAPP',
    is_enterprise_install: 'false',
    response_url: w.responseUrl,
    trigger_id: triggerId(),
  }).toString();
}

export function blockActionPayload(actionId: string, value: string, who: SlackWho & { messageTs?: string } = {}): Record<string, unknown> {
  const w = { ...defaults, ...who };
  const ts = who.messageTs ?? '1700000000.000100';
  return {
    type: 'block_actions',
    user: { id: w.userId, username: 'tester', name: 'tester', team_id: w.teamId },
    api_app_id: 'A0TESTAPP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: w.channelId, is_ephemeral: false },
    trigger_id: triggerId(),
    team: { id: w.teamId, domain: 'portcullis-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: w.channelId, name: 'security' },
    message: { type: 'message', ts, text: 'status', bot_id: 'B0TESTBOT', user: 'U0TESTBOT' },
    response_url: w.responseUrl,
    actions: [{ action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x', emoji: true }, value, type: 'button', action_ts: `${Date.now() / 1000}` }],
  };
}

export function blockActionBody(actionId: string, value: string, who: SlackWho & { messageTs?: string } = {}): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionPayload(actionId, value, who)) }).toString();
}
