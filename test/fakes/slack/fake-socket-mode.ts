// A local fake of Slack's Socket Mode WebSocket (ws on 127.0.0.1, random port). The fake Web API hands out
// its URL from apps.connections.open; on connection it sends `hello` as Slack does, then tests push
// envelopes (e.g. a slash command) and read the acks the app sends back ({ envelope_id, payload? }).
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export class FakeSocketModeServer {
  readonly acks: SocketAck[] = [];
  private socket: WebSocket | null = null;

  private constructor(private readonly wss: WebSocketServer, readonly wsUrl: string) {
    wss.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as SocketAck;
        if (message.envelope_id) this.acks.push(message);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0TESTAPP' } }));
    });
  }

  static async start(): Promise<FakeSocketModeServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as AddressInfo;
    return new FakeSocketModeServer(wss, `ws://127.0.0.1:${port}/link/?ticket=fake`);
  }

  get connected(): boolean {
    return this.socket !== null;
  }

  /** Sends a slash command envelope as Slack does; returns its envelope id. */
  sendSlashCommand(fields: Record<string, string>): string {
    const envelopeId = `env-${Date.now()}-${Math.random().toString(16).slice(2)}`;
    if (!this.socket) throw new Error('fake socket mode: no client connected');
    this.socket.send(JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload: fields }));
    return envelopeId;
  }

  async waitForAck(envelopeId: string, timeoutMs = 10_000): Promise<SocketAck> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ack = this.acks.find((a) => a.envelope_id === envelopeId);
      if (ack) return ack;
      if (Date.now() > deadline) throw new Error(`fake socket mode: no ack for ${envelopeId} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
