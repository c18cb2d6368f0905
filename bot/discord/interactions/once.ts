// Each interaction is handled once. The gateway can deliver an INTERACTION_CREATE again (a resumed session
// replays what was missed) and a replayed dispatch must not run `/scan create` twice. An interaction's
// token is valid for 15 minutes, so its id is remembered for that long; the set is bounded (oldest first
// out) so a flood cannot grow it without end.

const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

export class InteractionOnce {
  /** id → when it was first seen; a Map iterates in insertion order, so the oldest come first. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 50_000, private readonly now: () => number = Date.now) {}

  /** True the first time an id is offered (within its lifetime), false for every repeat. */
  first(id: string): boolean {
    const now = this.now();
    this.evict(now);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at < TOKEN_LIFETIME_MS && this.seen.size < this.maxEntries) break;
      this.seen.delete(id);
    }
  }
}
