// After ack() the real work (database, rendering, Web API calls) runs here, at most `limit` commands at a
// time. Under a burst, requests still waiting for their ack then compete with a few commands' work instead
// of all of them, so acks stay fast; the rest of the work waits its turn in order.

export class WorkLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit = 4) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
