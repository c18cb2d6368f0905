// Slack allows about one message per second per channel; bursts beyond that get 429s. Notifications wait
// their turn per channel here (the WebClient still retries a 429 after its Retry-After).

export class ChannelPacer {
  private readonly nextFreeAt = new Map<string, number>();

  constructor(private readonly intervalMs = 1000) {}

  /** Resolves when `channel` may take the next message. */
  async wait(channel: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextFreeAt.get(channel) ?? 0);
    this.nextFreeAt.set(channel, at + this.intervalMs);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
