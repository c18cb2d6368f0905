// A fake Discord gateway (ws on 127.0.0.1) speaking the real protocol to discord.js: HELLO (op 10) →
// IDENTIFY (op 2, token checked) → READY (op 0, no guilds) → heartbeat ACKs (op 11); then the test
// dispatches events such as INTERACTION_CREATE. Unknown opcodes are recorded as problems.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BOT_USER = { id: '900000000000000001', username: 'Portcullis', discriminator: '0', global_name: null, avatar: null, bot: true };

export class FakeGateway {
  readonly problems: string[] = [];
  readonly identifies: Array<Record<string, unknown>> = [];
  private readonly sockets = new Set<WebSocket>();
  private seq = 0;
  private readyWaiters: Array<() => void> = [];
  private identified = false;

  private constructor(private readonly server: WebSocketServer, readonly url: string, private readonly token: string, private readonly applicationId: string) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(options: { token: string; applicationId: string }): Promise<FakeGateway> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    return new FakeGateway(server, `ws://127.0.0.1:${port}`, options.token, options.applicationId);
  }

  /** Resolves once a client has identified and got READY. */
  async whenIdentified(): Promise<void> {
    if (this.identified) return;
    await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a dispatch (op 0) to every connected client. */
  dispatch(type: string, data: unknown): void {
    const frame = JSON.stringify({ op: 0, t: type, s: ++this.seq, d: data });
    for (const socket of this.sockets) socket.send(frame);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      let frame: { op?: number; d?: unknown };
      try {
        frame = JSON.parse(String(raw)) as { op?: number; d?: unknown };
      } catch {
        this.problems.push(`gateway: not JSON: ${String(raw).slice(0, 80)}`);
        return;
      }
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      else if (frame.op === 2) this.identify(socket, frame.d as Record<string, unknown>);
      else if (frame.op !== 3) this.problems.push(`gateway: unexpected op ${String(frame.op)}`);
    });
  }

  private identify(socket: WebSocket, data: Record<string, unknown>): void {
    this.identifies.push(data);
    if (data.token !== this.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const ready = { v: 10, user: BOT_USER, guilds: [], session_id: 'fake-session', resume_gateway_url: this.url, shard: [0, 1], application: { id: this.applicationId, flags: 0 }, user_settings: {}, relationships: [], private_channels: [] };
    socket.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.seq, d: ready }));
    this.identified = true;
    for (const wake of this.readyWaiters.splice(0)) wake();
  }
}
