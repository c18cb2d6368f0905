// An open-addressing hash table from (IPv4 address, port key) to a value, on Int32Arrays: the masscan
// NDJSON hot path looks a port up for every record, and a Map keyed by a number above 2^30 boxes the key
// and hashes a double each time. Linear probing, backward-shift deletion (the streaming window deletes).

const EMPTY = 0;

function slot(ip: number, portKey: number, mask: number): number {
  return (Math.imul(ip, 0x9e3779b1) ^ Math.imul(portKey + 0x7f4a7c15, 0x85ebca6b)) & mask;
}

export class PortIndex<T> {
  size = 0;
  private ips = new Int32Array(1024);
  /** portKey + 1; EMPTY marks a free slot. */
  private keys = new Int32Array(1024);
  private values: Array<T | undefined> = new Array<T | undefined>(1024);
  private mask = 1023;

  /** `ip` is the address as an unsigned 32-bit value; `portKey` is port * 2 + (udp ? 1 : 0). */
  get(ip: number, portKey: number): T | undefined {
    const ip32 = ip | 0;
    const key = portKey + 1;
    for (let i = slot(ip32, portKey, this.mask); ; i = (i + 1) & this.mask) {
      const k = this.keys[i];
      if (k === EMPTY) return undefined;
      if (k === key && this.ips[i] === ip32) return this.values[i];
    }
  }

  /** Adds a key that is not in the table. */
  add(ip: number, portKey: number, value: T): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const ip32 = ip | 0;
    let i = slot(ip32, portKey, this.mask);
    while (this.keys[i] !== EMPTY) i = (i + 1) & this.mask;
    this.ips[i] = ip32;
    this.keys[i] = portKey + 1;
    this.values[i] = value;
    this.size += 1;
  }

  delete(ip: number, portKey: number): void {
    const ip32 = ip | 0;
    const key = portKey + 1;
    let i = slot(ip32, portKey, this.mask);
    for (; ; i = (i + 1) & this.mask) {
      const k = this.keys[i];
      if (k === EMPTY) return;
      if (k === key && this.ips[i] === ip32) break;
    }
    this.size -= 1;
    // Backward shift: move later entries of the probe run into the hole when their home slot allows it.
    for (let j = (i + 1) & this.mask; this.keys[j] !== EMPTY; j = (j + 1) & this.mask) {
      const home = slot(this.ips[j] as number, (this.keys[j] as number) - 1, this.mask);
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      this.ips[i] = this.ips[j] as number;
      this.keys[i] = this.keys[j] as number;
      this.values[i] = this.values[j];
      i = j;
    }
    this.keys[i] = EMPTY;
    this.values[i] = undefined;
  }

  private grow(): void {
    const { ips, keys, values } = this;
    const capacity = keys.length * 2;
    this.ips = new Int32Array(capacity);
    this.keys = new Int32Array(capacity);
    this.values = new Array<T | undefined>(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.add(ips[i] as number, (keys[i] as number) - 1, values[i] as T);
  }
}
