// A scan order: everything a scanner needs to run one run (or its chunks), signed by the control plane
// with Ed25519 (node:crypto). Scanners hold only the public key: write access to Redis must not be the power
// to scan. The signature covers the exact JSON text of the order (no canonicalisation to get wrong); the
// chunk target lists are part of the signed order, so a chunk job cannot carry targets of its own.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

export const ORDER_VERSION = 1;

/** How long a signed order may wait on the queue before a scanner refuses it as expired. */
export const ORDER_TTL_SECONDS = 24 * 3600;

const cidrText = z.string().min(1).max(64);
const orderSchema = z.object({
  v: z.literal(ORDER_VERSION),
  runId: z.number().int().positive(),
  scanId: z.string().min(1).max(32),
  scanName: z.string().max(200),
  run: z.number().int().positive(),
  pool: z.string().min(1).max(64),
  scanner: z.enum(['masscan', 'nmap', 'hybrid']),
  targets: z.array(cidrText).min(1).max(10_000),
  /** Set when the run is split: the targets of each chunk (part of what is signed). */
  chunks: z.array(z.array(cidrText).min(1).max(10_000)).max(100_000).nullable(),
  ports: z.string().min(1).max(10_000),
  protocol: z.enum(['tcp', 'udp', 'both']),
  rate: z.number().int().positive(),
  timeoutSeconds: z.number().int().positive(),
  portTimeoutMs: z.number().int().positive(),
  /** The safety policy the targets were checked against on the control plane. */
  allow: z.array(cidrText).max(10_000),
  deny: z.array(cidrText).max(10_000),
  scope: z.array(cidrText).max(10_000),
  issuedAt: z.string().datetime(),
  expiresAt: z.string().datetime(),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

export type ScanOrder = z.infer<typeof orderSchema>;

/** What travels in a job: the order's JSON text and its signature (base64). */
export const signedOrderSchema = z.object({ order: z.string().min(2).max(4_000_000), signature: z.string().min(1).max(200) });
export type SignedOrder = z.infer<typeof signedOrderSchema>;

export type OrderRefusal = 'unsigned' | 'bad-signature' | 'malformed' | 'expired' | 'replayed' | 'policy';

export type VerifiedOrder = { ok: true; order: ScanOrder } | { ok: false; reason: OrderRefusal; message: string; runId?: number };

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function generateOrderKeyPair(): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync('ed25519');
  return { privateKey: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey: publicKeyText(pair.publicKey) };
}

/** One line, safe in an environment variable: `ed25519:` + base64 of the SPKI DER. */
export function publicKeyText(key: KeyObject): string {
  return `ed25519:${key.export({ format: 'der', type: 'spki' }).toString('base64')}`;
}

/** Reads SCANNER_ORDER_KEY (the one-line form, or a PEM); throws a message that says what to set. */
export function parseOrderPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith('ed25519:')
      ? createPublicKey({ key: Buffer.from(trimmed.slice('ed25519:'.length), 'base64'), format: 'der', type: 'spki' })
      : createPublicKey(trimmed.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType ?? 'unknown'} key`);
    return key;
  } catch (error) {
    throw new Error(`SCANNER_ORDER_KEY is not an Ed25519 public key (${error instanceof Error ? error.message : String(error)}); set it to the last line of \`npx portcullis scanners public-key\``, { cause: error });
  }
}

export function orderPrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}

export function signOrder(order: ScanOrder, privateKey: KeyObject): SignedOrder {
  const text = JSON.stringify(order);
  return { order: text, signature: sign(null, Buffer.from(text), privateKey).toString('base64') };
}

/** A claimed run id, only for telling the run about a refusal (never trusted for anything else). */
function claimedRunId(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /"runId":(\d{1,10})[,}]/.exec(text.slice(0, 200));
  return match ? Number(match[1]) : undefined;
}

/** Checks signature, shape and expiry. Replay and the safety policy are checked by the scanner after this. */
export function verifyOrder(data: unknown, publicKey: KeyObject, now = new Date()): VerifiedOrder {
  const shaped = signedOrderSchema.safeParse(data);
  const maybeOrder = typeof data === 'object' && data !== null ? (data as { order?: unknown }).order : undefined;
  const runId = claimedRunId(maybeOrder);
  const at = runId !== undefined ? { runId } : {};
  if (!shaped.success) return { ok: false, reason: 'unsigned', message: 'the order carries no signature: refused (only orders signed by the control plane are run)', ...at };
  const signature = Buffer.from(shaped.data.signature, 'base64');
  let valid: boolean;
  try {
    valid = signature.length === 64 && verify(null, Buffer.from(shaped.data.order), publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature', message: 'the order signature does not verify with SCANNER_ORDER_KEY (altered, or signed by another key): refused', ...at };
  let parsed: unknown;
  try {
    parsed = JSON.parse(shaped.data.order);
  } catch {
    return { ok: false, reason: 'malformed', message: 'the signed order is not JSON: refused', ...at };
  }
  const order = orderSchema.safeParse(parsed);
  if (!order.success) return { ok: false, reason: 'malformed', message: `the signed order is malformed (${order.error.issues[0]?.path.join('.') ?? ''}): refused; is this scanner older than the control plane?`, ...at };
  if (Date.parse(order.data.expiresAt) < now.getTime()) {
    return { ok: false, reason: 'expired', message: `the order expired at ${order.data.expiresAt}: refused; rerun the scan with /scan rerun ${order.data.scanId}`, runId: order.data.runId };
  }
  return { ok: true, order: order.data };
}
