// A local fake of Discord's REST API (node:http on 127.0.0.1, random port). It answers exactly the routes
// Portcullis uses with realistic bodies, records every request (JSON or multipart with payload_json and
// files[n]), checks message bodies against Discord's limits, and FAILS on anything unexpected: a 404 and
// an entry in `problems`, which tests assert empty — so no call goes unnoticed or out to the real Discord.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOT_USER } from './fake-gateway.js';
import { messageProblems, type RecordedFile } from './message-limits.js';

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. `/channels/1/messages`. */
  path: string;
  /** The path with ids replaced, e.g. `POST /channels/:id/messages`. */
  route: string;
  query: URLSearchParams;
  auth: string | null;
  body: Record<string, unknown>;
  files: RecordedFile[];
}

type Json = Record<string, unknown>;
type Answer = { status: number; body?: unknown };

let snowflake = 1_200_000_000_000_000_000n;
export const nextSnowflake = (): string => String(++snowflake);

export class FakeDiscordApi {
  readonly requests: RecordedRequest[] = [];
  readonly problems: string[] = [];
  gatewayUrl = 'ws://127.0.0.1:1';
  private readonly waiters: Array<() => void> = [];
  /** Channel messages posted through this fake and not deleted: edits and deletes of others get 404 10008. */
  readonly channelMessages = new Set<string>();
  private readonly failures = new Map<string, { status: number; body: Json; remaining: number }>();

  private constructor(private readonly server: Server, readonly baseUrl: string, readonly token: string, readonly applicationId: string) {}

  static async start(options: { token: string; applicationId: string }): Promise<FakeDiscordApi> {
    const holder: { fake?: FakeDiscordApi } = {};
    const server = createServer((req, res) => {
      void holder.fake?.handle(req).then(({ status, body }) => {
        res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.fake = new FakeDiscordApi(server, `http://127.0.0.1:${port}`, options.token, options.applicationId);
    return holder.fake;
  }

  /** What the app sets as DISCORD_API_URL (discord.js appends /v10). */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  /** The next `times` requests on `route` are answered with this error (Discord's shape: `{ message, code }`). */
  failNext(route: string, status: number, body: Json = { message: 'Invalid Form Body', code: 50035 }, times = 1): void {
    this.failures.set(route, { status, body, remaining: times });
  }

  calls(route: string): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Resolves once the recorded requests satisfy `predicate` (bounded by `timeoutMs`). */
  async waitFor(predicate: (requests: RecordedRequest[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.requests)) {
      if (Date.now() > deadline) throw new Error(`fake Discord: condition not met in ${timeoutMs} ms; saw ${this.requests.map((r) => r.route).join(', ') || 'no requests'}`);
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, 50); });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<Answer> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith('/api/v10/')) return this.unexpected(`${method} ${url.pathname}`);
    const path = decodeURIComponent(url.pathname.slice('/api/v10'.length));
    const route = `${method} ${path.replace(/\/\d{15,20}(?=\/|$)/g, '/:id').replace(/\/(interactions\/:id|webhooks\/:id)\/[^/]+/, '/$1/:token')}`;
    const { body, files } = await this.readBody(req);
    const auth = req.headers.authorization ?? null;
    this.requests.push({ method, path, route, query: url.searchParams, auth, body, files });
    for (const wake of this.waiters.splice(0)) wake();

    const failure = this.failures.get(route);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      return { status: failure.status, body: failure.body };
    }
    const tokenRoute = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    if (!tokenRoute && auth !== `Bot ${this.token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    // Callback types 4 (message) and 7 (update) carry a message; 5 and 6 (deferrals) do not.
    const callbackMessage = route.startsWith('POST /interactions/') && (body.type === 4 || body.type === 7);
    const sendsMessage = /^(POST|PATCH) \/(channels\/:id\/messages|webhooks\/:id\/:token)/.test(route) || callbackMessage;
    if (sendsMessage) {
      const message = callbackMessage ? ((body.data ?? {}) as Json) : body;
      for (const problem of messageProblems(message, files)) this.problems.push(`${route}: ${problem}`);
    }
    return this.answer(route, path, url.searchParams, body, files);
  }

  private answer(route: string, path: string, query: URLSearchParams, body: Json, files: RecordedFile[]): Answer {
    const ids = [...path.matchAll(/\d{15,20}/g)].map((m) => m[0]);
    switch (route) {
      case 'GET /gateway/bot':
        return { status: 200, body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } } };
      case 'GET /users/@me':
        return { status: 200, body: BOT_USER };
      case 'PUT /applications/:id/commands':
      case 'PUT /applications/:id/guilds/:id/commands':
        if (ids[0] !== this.applicationId) return this.unexpected(`${route} for application ${ids[0]}`);
        return { status: 200, body: (body as unknown as Json[]).map((command) => ({ ...command, id: nextSnowflake(), application_id: this.applicationId, version: nextSnowflake(), ...(ids[1] ? { guild_id: ids[1] } : {}) })) };
      case 'POST /interactions/:id/:token/callback':
        return query.get('with_response') === 'true' ? { status: 200, body: { interaction: { id: ids[0], type: 2 } } } : { status: 204 };
      case 'PATCH /webhooks/:id/:token/messages/@original':
      case 'PATCH /webhooks/:id/:token/messages/:id':
      case 'POST /webhooks/:id/:token':
        return { status: 200, body: this.message(body, files, '0', nextSnowflake()) };
      case 'DELETE /webhooks/:id/:token/messages/@original':
        return { status: 204 };
      case 'POST /channels/:id/messages': {
        const id = nextSnowflake();
        this.channelMessages.add(id);
        return { status: 200, body: this.message(body, files, ids[0] ?? '0', id) };
      }
      case 'PATCH /channels/:id/messages/:id':
        if (!this.channelMessages.has(ids[1] ?? '')) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
        return { status: 200, body: this.message(body, files, ids[0] ?? '0', ids[1] ?? nextSnowflake()) };
      case 'DELETE /channels/:id/messages/:id':
        if (!this.channelMessages.delete(ids[1] ?? '')) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
        return { status: 204 };
      default:
        return this.unexpected(route);
    }
  }

  /** A message object as Discord returns it. */
  private message(body: Json, files: RecordedFile[], channelId: string, id: string): Json {
    return {
      id, type: 0, channel_id: channelId, author: BOT_USER, content: body.content ?? '', timestamp: new Date().toISOString(), edited_timestamp: null,
      tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false, flags: body.flags ?? 0,
      embeds: body.embeds ?? [], components: body.components ?? [], application_id: this.applicationId,
      attachments: files.map((f) => ({ id: nextSnowflake(), filename: f.name, size: f.bytes.length, content_type: f.contentType, url: `${this.baseUrl}/attachments/${f.name}`, proxy_url: `${this.baseUrl}/attachments/${f.name}` })),
    };
  }

  private unexpected(what: string): Answer {
    this.problems.push(`unexpected request: ${what}`);
    return { status: 404, body: { message: `fake Discord does not serve ${what}`, code: 0 } };
  }

  private async readBody(req: IncomingMessage): Promise<{ body: Json; files: RecordedFile[] }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (raw.length === 0) return { body: {}, files: [] };
    if (!type.startsWith('multipart/form-data')) return { body: JSON.parse(raw.toString('utf8')) as Json, files: [] };
    const form = await new Request('http://multipart.invalid/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    const files: RecordedFile[] = [];
    let body: Json = {};
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as Json;
        continue;
      }
      files.push({ field, name: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
    }
    return { body, files };
  }
}
