import { describe, expect, it } from 'vitest';
import { parseNmapProgressLine } from '../../../scanner/parsers/nmap-xml.js';
import { fixtureText } from './fixtures.js';

describe('parseNmapProgressLine', () => {
  it('reads every --stats-every timing line of a real nmap run and nothing else', () => {
    const lines = fixtureText('nmap/stats-every.stdout.txt').split('\n');
    const progress = lines.map(parseNmapProgressLine).filter((p) => p !== null);
    expect(progress).toHaveLength(lines.filter((l) => l.includes('% done')).length);
    expect(progress).toContainEqual({ percent: 39.16, phase: 'SYN Stealth Scan' });
    expect(progress).toContainEqual({ percent: 33.33, phase: 'Service scan' });
    expect(parseNmapProgressLine('Nmap scan report for 198.18.77.2')).toBeNull();
  });

  it('reads <taskprogress> elements from XML written to stdout', () => {
    const line = fixtureText('nmap/stats-every.xml-stdout.txt').split('\n').find((l) => l.startsWith('<taskprogress')) ?? '';
    expect(parseNmapProgressLine(line)).toEqual({ percent: 2.3, phase: 'SYN Stealth Scan' });
  });

  it('refuses percentages outside 0–100', () => {
    expect(parseNmapProgressLine('SYN Stealth Scan Timing: About 145.00% done')).toBeNull();
    expect(parseNmapProgressLine('<taskprogress task="x" percent="-3"/>')).toBeNull();
  });
});
