import { describe, expect, it } from 'vitest';
import { describeToolFailure } from '../../../scanner/runners/tool-failure.js';

describe('tool failures', () => {
  it('maps masscan and nmap permission errors to the NET_RAW/NET_ADMIN message', () => {
    const masscan = ['[-] FAIL: permission denied', '    [hint] need to sudo or run as root or something', '[-] if:pcl-h5:init: failed'];
    expect(describeToolFailure('masscan', { exitCode: 1, stderrTail: masscan, stopped: false })).toBe('masscan: permission denied — the worker needs NET_RAW and NET_ADMIN');
    const nmap = ['dnet: Failed to open device pcl-h5', 'QUITTING!'];
    expect(describeToolFailure('nmap', { exitCode: 1, stderrTail: nmap, stopped: false })).toBe('nmap: permission denied — the worker needs NET_RAW and NET_ADMIN');
  });

  it('says how to fix a missing tool', () => {
    const spawnError = Object.assign(new Error('spawn masscan ENOENT'), { code: 'ENOENT' });
    expect(describeToolFailure('masscan', { spawnError, stderrTail: [], stopped: false })).toMatch(/not installed.*apt-get install masscan/);
  });

  it('keeps only printable text of hostile stderr and the last lines', () => {
    const message = describeToolFailure('nmap', { exitCode: 2, stderrTail: ['a', 'b', 'bad \u001b[31mcolour\u0007 <!channel>'], stopped: false });
    expect(message).toBe('nmap exited with code 2: a | b | bad [31mcolour <!channel> — check the scan options and the worker\'s log');
  });

  it('is silent for a clean exit or a requested stop', () => {
    expect(describeToolFailure('masscan', { exitCode: 0, stderrTail: [], stopped: false })).toBeUndefined();
    expect(describeToolFailure('masscan', { signal: 'SIGKILL', stderrTail: [], stopped: true })).toBeUndefined();
  });
});
