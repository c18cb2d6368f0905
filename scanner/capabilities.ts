// What this machine can scan with: masscan and nmap present (and their versions), and whether raw sockets
// may be opened (root with CAP_NET_RAW and CAP_NET_ADMIN effective). Shown by `/scan scanners` and used by
// the engine to choose nmap's -sS or -sT. Probed once per process; the result does not change while it runs.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import type { Capabilities } from './types.js';

const CAP_NET_ADMIN = 12n;
const CAP_NET_RAW = 13n;

interface ToolProbe {
  available: boolean;
  version?: string;
}

async function probeTool(file: 'masscan' | 'nmap'): Promise<ToolProbe> {
  const result = await execa(file, ['--version'], { reject: false, timeout: 10_000, stdin: 'ignore', all: true });
  if (result.failed && result.exitCode === undefined) return { available: false };
  const text = result.all ?? '';
  const match = file === 'masscan' ? /Masscan version ([\w.-]+)/i.exec(text) : /Nmap version ([\w.-]+)/i.exec(text);
  return match?.[1] ? { available: true, version: match[1] } : { available: result.exitCode === 0 };
}

/** Effective capabilities of this process, from /proc/self/status (0n when unreadable). */
async function effectiveCapabilities(): Promise<bigint> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const hex = /^CapEff:\s*([0-9a-f]+)$/im.exec(status)?.[1];
    return hex ? BigInt(`0x${hex}`) : 0n;
  } catch {
    return 0n;
  }
}

export async function rawSocketsAllowed(): Promise<boolean> {
  const caps = await effectiveCapabilities();
  const has = (bit: bigint) => (caps & (1n << bit)) !== 0n;
  return has(CAP_NET_RAW) && has(CAP_NET_ADMIN);
}

let cached: Promise<Capabilities> | undefined;

export function probeCapabilities(options: { fresh?: boolean } = {}): Promise<Capabilities> {
  if (!cached || options.fresh) cached = probe();
  return cached;
}

async function probe(): Promise<Capabilities> {
  const [masscan, nmap, rawSockets] = await Promise.all([probeTool('masscan'), probeTool('nmap'), rawSocketsAllowed()]);
  const problems: string[] = [];
  if (!masscan.available) problems.push('masscan is not installed (apt-get install masscan)');
  if (!nmap.available) problems.push('nmap is not installed (apt-get install nmap)');
  if (!rawSockets) problems.push('no raw sockets: the worker needs NET_RAW and NET_ADMIN (masscan cannot run; nmap falls back to -sT)');
  return { masscan, nmap, rawSockets, problems };
}
