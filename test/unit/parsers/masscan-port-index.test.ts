// The Int32Array hash table of the masscan port table against a Map, through growth and many deletions
// (the streaming window deletes constantly, and a wrong backward shift would lose ports).
import { describe, expect, it } from 'vitest';
import { PortIndex } from '../../../scanner/parsers/masscan-port-index.js';

describe('PortIndex', () => {
  it('agrees with a Map over 200 000 seeded random adds, lookups and deletes', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const index = new PortIndex<number>();
    const map = new Map<string, number>();
    const live: Array<[number, number]> = [];
    for (let op = 0; op < 200_000; op++) {
      // Few addresses and ports, including addresses above 2^31, so probe runs collide and wrap.
      const ip = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 167772161][random(6)]! + random(40);
      const portKey = random(300);
      const key = `${ip}/${portKey}`;
      const action = random(3);
      if (action === 0 && !map.has(key)) {
        index.add(ip, portKey, op);
        map.set(key, op);
        live.push([ip, portKey]);
      } else if (action === 1 && live.length > 0) {
        const [dip, dport] = live.splice(random(live.length), 1)[0]!;
        index.delete(dip, dport);
        map.delete(`${dip}/${dport}`);
      }
      expect(index.get(ip, portKey)).toBe(map.get(key));
    }
    expect(index.size).toBe(map.size);
    for (const [ip, portKey] of live) expect(index.get(ip, portKey)).toBe(map.get(`${ip}/${portKey}`));
  });
});
