// Signed scan orders (Ed25519, node:crypto) and the safety policy a scanner applies to an order's own
// targets: what verifies, what is refused and with which words.
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkOrderPolicy, OrderPolicyError, orderTargets } from '../../../core/orders/order-policy.js';
import { generateOrderKeyPair, newNonce, orderPrivateKey, parseOrderPublicKey, publicKeyText, signOrder, verifyOrder, type ScanOrder } from '../../../core/orders/scan-order.js';

const pair = generateOrderKeyPair();
const privateKey = orderPrivateKey(pair.privateKey);
const publicKey = parseOrderPublicKey(pair.publicKey);

function order(changes: Partial<ScanOrder> = {}): ScanOrder {
  return {
    v: 1, runId: 42, scanId: 'SCAN-1001', scanName: 'web', run: 3, pool: 'default', scanner: 'nmap', targets: ['203.0.113.0/28'], chunks: null,
    ports: '80,443', protocol: 'tcp', rate: 1000, timeoutSeconds: 600, portTimeoutMs: 1500, allow: ['203.0.113.0/24'], deny: ['203.0.113.15'], scope: ['203.0.113.0/24'],
    issuedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString(), nonce: newNonce(), ...changes,
  };
}

describe('signed orders', () => {
  it('verifies what the control plane signed, and the key reads back from its one-line form', () => {
    const signed = signOrder(order(), privateKey);
    expect(verifyOrder(signed, publicKey)).toMatchObject({ ok: true, order: { runId: 42, targets: ['203.0.113.0/28'] } });
    expect(publicKeyText(createPublicKey(privateKey))).toBe(pair.publicKey);
  });

  it('refuses unsigned, altered, other-key, expired and malformed orders, naming the run it claims', () => {
    const signed = signOrder(order(), privateKey);
    const other = signOrder(order(), orderPrivateKey(generateOrderKeyPair().privateKey));
    expect(verifyOrder({ scanId: 'SCAN-1001', runId: 42, run: 3 }, publicKey)).toMatchObject({ ok: false, reason: 'unsigned' });
    expect(verifyOrder({ order: signed.order }, publicKey)).toMatchObject({ ok: false, reason: 'unsigned', runId: 42 });
    expect(verifyOrder({ ...signed, order: signed.order.replace('203.0.113.0/28', '203.0.113.0/24') }, publicKey)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyOrder(other, publicKey)).toMatchObject({ ok: false, reason: 'bad-signature', message: expect.stringMatching(/signed by another key/) });
    expect(verifyOrder({ ...signed, signature: 'AAAA' }, publicKey)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyOrder(signOrder(order({ expiresAt: new Date(Date.now() - 1).toISOString() }), privateKey), publicKey)).toMatchObject({ ok: false, reason: 'expired', runId: 42, message: expect.stringMatching(/\/scan rerun SCAN-1001/) });
    const notAnOrder = { order: '{"v":1,"runId":42}', signature: signOrder(order(), privateKey).signature };
    expect(verifyOrder(notAnOrder, publicKey)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('says what to set when SCANNER_ORDER_KEY is not an Ed25519 key', () => {
    expect(() => parseOrderPublicKey('ed25519:bm9wZQ==')).toThrow(/npx portcullis scanners public-key/);
    expect(() => parseOrderPublicKey('hello')).toThrow(/not an Ed25519 public key/);
  });
});

describe('the safety policy on the order itself', () => {
  it('takes targets the signed allow list admits, inside the signed scope', () => {
    expect(checkOrderPolicy(order(), ['203.0.113.0/28'], []).map((r) => r.cidr)).toEqual(['203.0.113.0/28']);
  });

  it('refuses a target on the deny list (the order\'s or the scanner\'s own), outside the scope, or outside the run', () => {
    expect(() => checkOrderPolicy(order({ targets: ['203.0.113.15'] }), ['203.0.113.15'], [])).toThrow(OrderPolicyError);
    expect(() => checkOrderPolicy(order({ deny: [] }), ['203.0.113.0/28'], ['203.0.113.0/28'])).toThrow(/safety policy/);
    expect(() => checkOrderPolicy(order({ scope: ['198.51.100.0/24'] }), ['203.0.113.0/28'], [])).toThrow(/outside the scope/);
    expect(() => checkOrderPolicy(order(), ['203.0.113.16/28'], [])).toThrow(/outside the scope|not one of the run's targets/);
  });

  it('refuses private or benchmark ranges unless the signed allow list says otherwise', () => {
    const lab = order({ targets: ['198.18.7.2'], scope: ['198.18.7.0/24'], allow: [], deny: [] });
    expect(() => checkOrderPolicy(lab, ['198.18.7.2'], [])).toThrow(/safety policy/);
    expect(checkOrderPolicy({ ...lab, allow: ['198.18.7.0/24'] }, ['198.18.7.2'], []).map((r) => r.cidr)).toEqual(['198.18.7.2']);
  });

  it('gives a chunk only its signed target list', () => {
    const split = order({ targets: ['203.0.113.0/28'], chunks: [['203.0.113.0/29'], ['203.0.113.8/29']] });
    expect(orderTargets(split, 1)).toEqual(['203.0.113.8/29']);
    expect(() => orderTargets(split, 2)).toThrow(/chunk 3 is not part of the signed order/);
    expect(() => orderTargets(order(), 0)).toThrow(/chunk 1 is not part of the signed order/);
  });
});
