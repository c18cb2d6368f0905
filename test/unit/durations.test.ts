// parseDuration and formatDuration: the forms of DESIGN §3, round trips, and hostile input.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../scanner/durations.js';
import { ScannerError } from '../../scanner/errors.js';

describe('parseDuration', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['15m', 900],
    ['2h', 7200],
    ['1d', 86_400],
    ['1h30m', 5400],
    ['1h 5m', 3900],
    [' 2H ', 7200],
    ['0', 0],
    ['1h 0m 1s', 3601],
  ])('%j → %i s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['', /empty/],
    ['abc', /whole number followed by/],
    ['5x', /"x" is not a unit/],
    ['1.5h', /whole number/],
    ['-5m', /whole number/],
    ['m', /whole number/],
    ['10 20', /whole number/],
    ['1h 1h', /given twice/],
    ['15 minutes', /"minutes" is not a unit/],
    ['99999999999999999999', /too large/],
  ])('refuses %j with OPTION_INVALID', (text, why) => {
    let caught: unknown;
    try {
      parseDuration(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScannerError);
    expect((caught as ScannerError).code).toBe('OPTION_INVALID');
    expect((caught as ScannerError).message).toMatch(why);
    expect((caught as ScannerError).message).toContain('15m');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.2, '<1s'],
    [45, '45s'],
    [90, '90s'],
    [119.6, '2m'],
    [150, '2m 30s'],
    [600, '10m'],
    [900, '15m'],
    [3600, '1h'],
    [3900, '1h 5m'],
    [3601, '1h 1s'],
    [7200, '2h'],
    [90_061, '1d 1h 1m 1s'],
    [-5, '0s'],
    [Number.NaN, '0s'],
  ])('%d → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('writes what parseDuration reads back', () => {
    for (const seconds of [1, 59, 90, 121, 600, 3599, 3600, 3661, 7200, 86_399, 200_000]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
  });
});
