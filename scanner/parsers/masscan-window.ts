// The streaming window of the masscan port table (`collect: false`). masscan writes a port's banner records
// after its open record, once the TCP connection it makes to grab them is done: seconds later, with the
// records of other ports in between. So a port stays in the window until `ports` ports first seen after it
// have come in, or until the banner text held exceeds `bannerChars`; then it leaves, banners attached, and
// is handed to `onPorts`. Memory is bounded by the window, not by the output.
//
// A record of a port that has already left (a banner arriving more than `ports` ports later, or a repeated
// status record) re-enters the window and is delivered again later: an UPDATE of that port, carrying what
// the late records say. Consumers merge deliveries by ip/port/protocol, a later delivery's service, banner
// and scripts completing or replacing the earlier ones. Collecting mode has no window and never repeats.
import type { OpenPort } from '../types.js';
import { finishEntry, type Entry } from './masscan-entry.js';

/** Receives open ports in batches. */
export type PortsCallback = (ports: OpenPort[]) => void;

export interface WindowLimits {
  /** Ports held at most (default 65,536: minutes of masscan's output at the rates it finds ports). */
  ports: number;
  /** Banner characters held at most (default 16 Mi). */
  bannerChars: number;
}

export const DEFAULT_WINDOW: WindowLimits = { ports: 8192, bannerChars: 8 << 20 };

export interface MasscanParseOptions {
  /**
   * Keep the open ports in the result (default true): exact, one row per port. With false they are only
   * handed to `onPorts`, in batches, as they leave the window: bounded memory (see masscan-window.ts).
   */
  collect?: boolean;
  /**
   * Awaited after each block of input once its ports went to `onPorts`: a consumer that writes
   * them somewhere slow holds the parse back instead of letting the batches pile up.
   */
  afterBlock?: () => Promise<void>;
  /** The streaming window (only with `collect: false`). */
  window?: Partial<WindowLimits>;
}

export class PortWindow {
  private readonly limits: WindowLimits;
  /** The ports in the window, oldest first, in a ring. */
  private readonly ring: Array<Entry | undefined>;
  private head = 0;
  private count = 0;
  private chars = 0;
  private left: OpenPort[] = [];

  constructor(
    /** Removes a port that leaves from the table. */
    private readonly forget: (entry: Entry) => void,
    limits: Partial<WindowLimits> = {},
  ) {
    this.limits = { ...DEFAULT_WINDOW, ...limits };
    if (!(this.limits.ports >= 1) || !(this.limits.bannerChars >= 0)) throw new RangeError('masscan window: ports must be ≥ 1 and bannerChars ≥ 0');
    this.ring = new Array<Entry | undefined>(this.limits.ports);
  }

  /** A port entered the table. */
  added(entry: Entry): void {
    if (this.count === this.limits.ports) this.evictOldest();
    const at = this.head + this.count;
    this.ring[at < this.ring.length ? at : at - this.ring.length] = entry;
    this.count += 1;
  }

  /** A port in the window got `chars` characters of banner. */
  grew(chars: number): void {
    this.chars += chars;
    while (this.chars > this.limits.bannerChars && this.count > 1) this.evictOldest();
  }

  /** Ports that left since the last call. */
  takeLeft(): OpenPort[] {
    const left = this.left;
    this.left = [];
    return left;
  }

  /** Every port leaves (end of input). */
  drain(): void {
    while (this.count > 0) this.evictOldest();
  }

  private evictOldest(): void {
    const entry = this.ring[this.head] as Entry;
    this.ring[this.head] = undefined;
    this.head = this.head + 1 === this.ring.length ? 0 : this.head + 1;
    this.count -= 1;
    this.forget(entry);
    this.chars -= entry.chars;
    this.left.push(finishEntry(entry));
  }
}
