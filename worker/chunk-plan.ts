// Scale-out: splits a large scan's targets into chunks of at most N addresses (CIDRs cut into aligned
// sub-blocks, small ranges packed together), and merges the chunks' results back into one ScanResult.
import ipaddr from 'ipaddr.js';
import type { Finding, OpenPort, ScanResult, TargetRange } from '../scanner/types.js';

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, family: 4 | 6): string {
  const length = family === 4 ? 4 : 16;
  const bytes = Array.from({ length }, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Cuts one range into aligned blocks of at most `max` addresses (a power of two). */
function cut(range: TargetRange, maxBits: number): Array<{ cidr: string; size: bigint }> {
  if (range.size <= 1n << BigInt(maxBits)) return [{ cidr: range.cidr, size: range.size }];
  const [address, prefix] = ipaddr.parseCIDR(range.cidr);
  const totalBits = range.family === 4 ? 32 : 128;
  const start = toBigInt(address);
  const blockSize = 1n << BigInt(maxBits);
  const blocks = 1n << BigInt(totalBits - prefix - maxBits);
  return Array.from({ length: Number(blocks) }, (_, i) => ({
    cidr: `${fromBigInt(start + BigInt(i) * blockSize, range.family)}/${totalBits - maxBits}`,
    size: blockSize,
  }));
}

/** The targets of each chunk; one chunk when everything fits. */
export function planChunks(targets: TargetRange[], maxAddresses: number): string[][] {
  const maxBits = Math.max(0, Math.floor(Math.log2(Math.max(1, maxAddresses))));
  const max = 1n << BigInt(maxBits);
  const chunks: string[][] = [];
  let current: string[] = [];
  let currentSize = 0n;
  for (const piece of targets.flatMap((t) => cut(t, maxBits))) {
    if (current.length > 0 && currentSize + piece.size > max) {
      chunks.push(current);
      current = [];
      currentSize = 0n;
    }
    current.push(piece.cidr);
    currentSize += piece.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** A ScanResult as it travels through Redis (dates as ISO strings). */
export type ChunkResult = Omit<ScanResult, 'startedAt' | 'endedAt'> & { startedAt: string; endedAt: string };

export function toChunkResult(result: ScanResult): ChunkResult {
  return { ...result, startedAt: result.startedAt.toISOString(), endedAt: result.endedAt.toISOString() };
}

/** One result from all chunks: ports and findings de-duplicated; the worst outcome wins. */
export function mergeChunkResults(results: ChunkResult[], lost: string[], chunks: number): ScanResult {
  const ports = new Map<string, OpenPort>();
  const findings = new Map<string, Finding>();
  for (const r of results) {
    for (const p of r.openPorts) ports.set(`${p.ip}|${p.port}|${p.protocol}`, p);
    for (const f of r.findings) findings.set(`${f.ruleId}|${f.ip}|${f.port}|${f.protocol}`, f);
  }
  const errors = [...results.flatMap((r) => (r.error ? [r.error] : [])), ...lost];
  const missing = chunks - results.length - lost.length;
  if (missing > 0) errors.push(`${missing} chunk(s) returned no result`);
  const cancelled = results.some((r) => r.status === 'cancelled');
  const status = cancelled ? 'cancelled' : errors.length > 0 ? 'failed' : 'completed';
  const times = results.length > 0 ? results : [{ startedAt: new Date().toISOString(), endedAt: new Date().toISOString() }];
  const progress = Math.floor(results.reduce((sum, r) => sum + r.progress, 0) / chunks);
  return {
    status,
    openPorts: [...ports.values()],
    findings: [...findings.values()],
    ...(status === 'failed' ? { error: `${errors.length} of ${chunks} chunks failed: ${[...new Set(errors)].join('; ')}; ${ports.size} open ports found by the others are kept` } : {}),
    warnings: [...new Set(results.flatMap((r) => r.warnings))],
    progress: status === 'completed' ? 100 : progress,
    startedAt: new Date(Math.min(...times.map((t) => Date.parse(t.startedAt)))),
    endedAt: new Date(Math.max(...times.map((t) => Date.parse(t.endedAt)))),
  };
}
