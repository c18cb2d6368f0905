// Scale-out: splits a large scan's targets into chunks of at most N addresses (CIDRs cut into aligned
// sub-blocks, small ranges packed together). The control plane plans the chunks when it signs an order, so
// each chunk's targets are part of what is signed.
import ipaddr from 'ipaddr.js';
import type { TargetRange } from '../../scanner/types.js';

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
