// A local fake of Slack's Web API (node:http on 127.0.0.1, random port) for tests and the bench. It answers
// the methods Portcullis uses with Slack's real response shapes, records every request, can answer 429 with
// Retry-After, and FAILS on anything unexpected: a 500 and an entry in `problems`, which tests assert empty —
// so no call the app makes goes unnoticed and none can slip out to the real Slack.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METHODS, type Args, type FakeState } from './fake-slack-methods.js';

export interface RecordedRequest {
  method: string;
  args: Args;
  token: string | null;
  at: number;
}

const JSON_FIELDS = ['blocks', 'attachments', 'files', 'metadata'];

function parseArgs(raw: Buffer, contentType: string): Args {
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json')) return text ? (JSON.parse(text) as Args) : {};
  const args: Args = Object.fromEntries(new URLSearchParams(text));
  for (const field of JSON_FIELDS) {
    if (typeof args[field] === 'string') {
      try { args[field] = JSON.parse(args[field] as string); } catch { /* keep the raw string: Slack would reject it */ }
    }
  }
  return args;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class FakeSlackApi {
  readonly requests: RecordedRequest[] = [];
  private readonly rateLimits = new Map<string, { retryAfter: number; remaining: number }>();
  private readonly waiters: Array<() => void> = [];
  private readonly state: FakeState;
  private socketMode: { wsUrl: string; appToken: string } | null = null;

  private constructor(private readonly server: Server, readonly baseUrl: string, botToken: string) {
    this.state = { baseUrl, botToken, nextTs: 0, messages: new Map(), files: new Map(), problems: [] };
  }

  static async start(options: { botToken?: string } = {}): Promise<FakeSlackApi> {
    const holder: { fake?: FakeSlackApi } = {};
    const server = createServer((req, res) => {
      void holder.fake?.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.fake = new FakeSlackApi(server, `http://127.0.0.1:${port}`, options.botToken ?? 'xoxb-test-token');
    return holder.fake;
  }

  /** A response_url that lands on this fake (a slash command's or a button's). */
  responseUrl(id = '1'): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** Serves apps.connections.open with this WebSocket URL (Socket Mode tests). */
  enableSocketMode(wsUrl: string, appToken: string): void {
    this.socketMode = { wsUrl, appToken };
  }

  /** What the app sets as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** Requests Slack would have refused or the fake did not expect; a passing test leaves this empty. */
  get problems(): string[] {
    return this.state.problems;
  }

  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  uploadedBytes(fileId: string): Buffer | null {
    return this.state.files.get(fileId)?.bytes ?? null;
  }

  /** The next `times` calls of `method` get HTTP 429 with `Retry-After: retryAfter`. */
  rateLimit(method: string, retryAfterSeconds: number, times = 1): void {
    this.rateLimits.set(method, { retryAfter: retryAfterSeconds, remaining: times });
  }

  /** Resolves once a recorded request satisfies `predicate` (bounded by `timeoutMs`). */
  async waitFor(predicate: (requests: RecordedRequest[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.requests)) {
      if (Date.now() > deadline) throw new Error(`fake Slack: condition not met in ${timeoutMs} ms; saw ${this.requests.map((r) => r.method).join(', ') || 'no requests'}`);
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, 50); });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(entry: RecordedRequest): void {
    this.requests.push(entry);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    const auth = req.headers.authorization?.replace(/^Bearer /, '') ?? null;
    if (req.method === 'POST' && path.startsWith('/upload/v1/')) return this.handleUpload(path.slice('/upload/v1/'.length), raw, req.headers['content-type'] ?? '');
    if (req.method === 'POST' && path.startsWith('/response/')) {
      this.record({ method: 'response_url', args: JSON.parse(raw.toString('utf8') || '{}') as Args, token: null, at: Date.now() });
      return { status: 200, body: 'ok' };
    }
    if (req.method !== 'POST' || !path.startsWith('/api/')) return this.unexpected(`${req.method} ${path}`);
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const token = auth ?? (typeof args.token === 'string' ? args.token : null);
    this.record({ method, args, token, at: Date.now() });
    const limit = this.rateLimits.get(method);
    if (limit && limit.remaining > 0) {
      limit.remaining -= 1;
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(limit.retryAfter) } };
    }
    if (method === 'apps.connections.open' && this.socketMode) {
      if (token !== this.socketMode.appToken) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      return { status: 200, body: { ok: true, url: this.socketMode.wsUrl } };
    }
    const handler = METHODS[method];
    if (!handler) return this.unexpected(`Web API method ${method}`);
    if (token !== this.state.botToken) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    return { status: 200, body: handler(this.state, args) };
  }

  /** The upload URL takes the raw bytes or, as the WebClient sends them, a multipart form with one file. */
  private async handleUpload(fileId: string, raw: Buffer, contentType: string): Promise<{ status: number; body: unknown }> {
    const file = this.state.files.get(fileId);
    let bytes = raw;
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
      if (!part) return this.unexpected(`upload to ${fileId} without a file part`);
      bytes = Buffer.from(await part.arrayBuffer());
    }
    this.record({ method: 'upload', args: { fileId, length: bytes.length }, token: null, at: Date.now() });
    if (!file) return this.unexpected(`upload to unknown file ${fileId}`);
    file.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  private unexpected(what: string): { status: number; body: unknown } {
    this.state.problems.push(`unexpected request: ${what}`);
    return { status: 500, body: { ok: false, error: 'fake_slack_unexpected_request' } };
  }
}
