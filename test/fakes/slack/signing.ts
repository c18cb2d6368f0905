// Signs a request the way Slack does (https://docs.slack.dev/authentication/verifying-requests-from-slack):
// `v0=` + hex HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the app's signing secret.
import { createHmac } from 'node:crypto';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

export function signSlackRequest(body: string, signingSecret: string, timestampSeconds = Math.floor(Date.now() / 1000)): SlackSignatureHeaders {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestampSeconds) };
}

/** POSTs a signed form body to a Bolt HTTP endpoint; returns status and body text. */
export async function postSigned(
  url: string,
  body: string,
  signingSecret: string,
  options: { timestampSeconds?: number; signature?: string } = {},
): Promise<{ status: number; body: string }> {
  const headers = signSlackRequest(body, signingSecret, options.timestampSeconds);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
      ...(options.signature ? { 'x-slack-signature': options.signature } : {}),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}
