// The results hot path of ingest checks batches by hand (no schema library: 4× faster on a million
// ports); here it is held to the zod schema of the same message, on valid and hostile batches alike.
import { describe, expect, it } from 'vitest';
import { encodePortLine } from '../../../core/events/port-lines.js';
import { parseScannerEntry, parseScannerMessage, scannerMessageSchema } from '../../../core/events/scanner-stream.js';

const port = { ip: '203.0.113.5', port: 443, protocol: 'tcp', state: 'open', service: 'https', product: 'nginx', version: '1.25', banner: 'x', ttl: 64, scripts: { 'ssl-cert': 'CN=a' } };
const finding = { ruleId: 'r', severity: 'high', title: 't', ip: '203.0.113.5', port: 443, protocol: 'tcp', evidence: 'e', remediation: 'r' };
const batch = (changes: Record<string, unknown> = {}) => ({ t: 'results', runId: 3, batchId: 'run-3:ab:0', openPorts: [port], findings: [finding], ...changes });

const hostile: Array<[string, Record<string, unknown>]> = [
  ['a port out of range', batch({ openPorts: [{ ...port, port: 70_000 }] })],
  ['a fractional port', batch({ openPorts: [{ ...port, port: 80.5 }] })],
  ['another protocol', batch({ openPorts: [{ ...port, protocol: 'icmp' }] })],
  ['a banner past 20,000 characters', batch({ openPorts: [{ ...port, banner: 'b'.repeat(20_001) }] })],
  ['a numeric script output', batch({ openPorts: [{ ...port, scripts: { a: 1 } }] })],
  ['a negative ttl', batch({ openPorts: [{ ...port, ttl: -1 }] })],
  ['a missing state', batch({ openPorts: [{ ip: port.ip, port: 1, protocol: 'tcp' }] })],
  ['an unknown severity', batch({ findings: [{ ...finding, severity: 'urgent' }] })],
  ['a run id that is a string', batch({ runId: '3' })],
  ['a batch id past 250 characters', batch({ batchId: 'b'.repeat(251) })],
  ['more than 20,000 ports', batch({ openPorts: Array.from({ length: 20_001 }, () => port) })],
  ['ports that are not an array', batch({ openPorts: { 0: port } })],
];

describe('scanner stream messages', () => {
  it('accepts a valid results batch exactly as the schema does', () => {
    const raw = JSON.stringify(batch());
    expect(scannerMessageSchema.safeParse(JSON.parse(raw)).success).toBe(true);
    expect(parseScannerMessage(raw)).toEqual(scannerMessageSchema.parse(JSON.parse(raw)));
  });

  it.each(hostile)('refuses %s, as the schema does', (_what, message) => {
    expect(scannerMessageSchema.safeParse(message).success).toBe(false);
    expect(parseScannerMessage(JSON.stringify(message))).toBeNull();
  });

  it('drops fields it does not know, as the schema does', () => {
    const parsed = parseScannerMessage(JSON.stringify(batch({ openPorts: [{ ...port, __proto_pollution: 1, extra: 'x' }] })));
    expect(parsed?.t === 'results' && parsed.openPorts?.[0]).toEqual(port);
  });

  it('parses the other messages with the schema and refuses junk', () => {
    expect(parseScannerMessage('{"t":"progress","at":"2026-12-01T00:00:00.000Z","runId":1,"percent":50,"phase":"discovery"}')).toMatchObject({ t: 'progress', percent: 50 });
    expect(parseScannerMessage('{"t":"progress","at":"now","runId":1,"percent":500,"phase":"x"}')).toBeNull();
    expect(parseScannerMessage('not json')).toBeNull();
    expect(parseScannerMessage(undefined)).toBeNull();
  });
});

describe('results entries in line form', () => {
  const line = encodePortLine(port);
  const head = (changes: Record<string, unknown> = {}) => JSON.stringify({ t: 'results', runId: 3, batchId: 'run-3:ab:1', findings: [], portLines: 2, ...changes });

  it('reads the port lines of fields p0, p1, … as checked lines, the message as the schema does', () => {
    expect(scannerMessageSchema.safeParse(JSON.parse(head())).success).toBe(true);
    expect(parseScannerMessage(head())).toEqual(scannerMessageSchema.parse(JSON.parse(head())));
    expect(parseScannerEntry({ m: head(), p0: line, p1: line })).toEqual({ t: 'results', runId: 3, batchId: 'run-3:ab:1', findings: [], ports: { parts: [line, line], count: 2, skipped: 0 } });
  });

  it('refuses a count that does not match the lines, JSON ports beside lines, a batch with neither, and a malformed line', () => {
    expect(parseScannerEntry({ m: head(), p0: line })).toBeNull();
    expect(parseScannerEntry({ m: head({ openPorts: [] }), p0: `${line}\n${line}` })).toBeNull();
    expect(parseScannerEntry({ m: head({ portLines: undefined }) })).toBeNull();
    expect(parseScannerEntry({ m: head(), p0: `${line}\n${line}\textra` })).toBeNull();
    expect(parseScannerMessage(head({ portLines: 20_001 }))).toBeNull();
  });
});
