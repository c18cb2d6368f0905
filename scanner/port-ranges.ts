// Arithmetic on inclusive port ranges ([first, last] pairs): merging, subtracting, counting, formatting.
// Kept apart from the port-spec grammar so runners and parsers can reuse it.

export type PortRange = [number, number];

/** Sorted, with overlapping and adjacent ranges merged (80-90 + 91 → 80-91). */
export function mergeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = ranges.map(([a, b]): PortRange => [a, b]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: PortRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) {
      if (range[1] > last[1]) last[1] = range[1];
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** `ranges` minus `removed`; both must be merged (sorted, disjoint). */
export function subtractRanges(ranges: readonly PortRange[], removed: readonly PortRange[]): PortRange[] {
  const result: PortRange[] = [];
  let r = 0;
  for (const [first, last] of ranges) {
    let start = first;
    while (r < removed.length && (removed[r]?.[1] ?? 0) < start) r += 1;
    let i = r;
    while (start <= last) {
      const cut = removed[i];
      if (!cut || cut[0] > last) {
        result.push([start, last]);
        break;
      }
      if (cut[0] > start) result.push([start, cut[0] - 1]);
      start = Math.max(start, cut[1] + 1);
      i += 1;
    }
  }
  return result;
}

export function countPorts(ranges: readonly PortRange[]): number {
  return ranges.reduce((sum, [a, b]) => sum + (b - a + 1), 0);
}

/** `80,443,8000-8100`: the form nmap -p and masscan -p take. */
export function formatPortRanges(ranges: ReadonlyArray<readonly [number, number]>): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}

export function expandPorts(ranges: ReadonlyArray<readonly [number, number]>): number[] {
  const ports: number[] = [];
  for (const [a, b] of ranges) for (let p = a; p <= b; p += 1) ports.push(p);
  return ports;
}

/** Single ports as ranges, merged: [80, 81, 443] → [[80, 81], [443, 443]]. */
export function rangesOf(ports: readonly number[]): PortRange[] {
  return mergeRanges(ports.map((p): PortRange => [p, p]));
}
