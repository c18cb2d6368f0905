// The HTTP server for Slack's HTTP mode on PORT. Bolt's receiver verifies the signature (HMAC-SHA256 over
// `v0:timestamp:body`, compared in constant time) and refuses timestamps more than 5 minutes old; it lets
// timestamps from the future through, so this server refuses those too — Slack's rule is "within 5 minutes
// of now" either way. With a replay guard, a request whose signature checks out is then refused when that
// signature was already used (see replay-guard.ts). Other routes (/healthz, /metrics) can be mounted by the
// composition root.
import { HTTPModuleFunctions } from '@slack/bolt';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReplayGuard } from './replay-guard.js';

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface SlackHttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** A request whose timestamp is more than 5 minutes ahead of this clock (behind is Bolt's check). */
export function isFromTheFuture(req: IncomingMessage, nowMs = Date.now()): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  const ts = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(ts) && ts - Math.floor(nowMs / 1000) > MAX_CLOCK_SKEW_SECONDS;
}

export interface ReplayCheck {
  guard: ReplayGuard;
  signingSecret: string;
}

/**
 * False when the request is correctly signed and its signature was seen before. Requests that are not
 * correctly signed pass on: Bolt refuses them itself (and a forged one must not burn a real signature).
 * The body is buffered here (req.rawBody), where Bolt's receiver picks it up again.
 */
async function notReplayed(req: IncomingMessage, check: ReplayCheck): Promise<boolean> {
  const signature = req.headers['x-slack-signature'];
  if (typeof signature !== 'string') return true;
  try {
    await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: check.signingSecret }, req);
  } catch {
    return true;
  }
  return check.guard.firstUse(signature, Number(req.headers['x-slack-request-timestamp']));
}

function refuse(res: ServerResponse, why: string): void {
  res.writeHead(401, { 'content-type': 'text/plain' });
  res.end(why);
}

export async function startSlackHttpServer(options: {
  slackListener: RequestListener;
  slackPath: string;
  port: number;
  host?: string;
  routes?: Record<string, RequestListener>;
  replay?: ReplayCheck;
}): Promise<SlackHttpServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = options.routes?.[path];
    if (route) return void route(req, res);
    if (path !== options.slackPath) return void options.slackListener(req, res);
    if (isFromTheFuture(req)) return void refuse(res, '');
    if (!options.replay) return void options.slackListener(req, res);
    notReplayed(req, options.replay).then(
      (fresh) => (fresh ? options.slackListener(req, res) : refuse(res, 'replayed request refused')),
      () => refuse(res, ''),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeIdleConnections();
      server.close(() => resolve());
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    }),
  };
}
