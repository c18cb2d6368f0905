// One part of a big nmap XML file on a thread of its own: parsed (parseNmapXmlPart), judged (ResultStream:
// findings, hosts that answer everywhere) and rendered (PartWriter) as `portcullis parse` does on one
// thread, into spool files in the main thread's directory. Ends with the part's document state and its
// spools. In text, the first part sends the column widths it measured; the second waits for them.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseNmapXmlPart } from '../../scanner/parsers/nmap-xml.js';
import { ResultStream } from '../../scanner/results/result-stream.js';
import { jsonRenderer } from '../output/json-renderer.js';
import { LineSpool } from '../output/line-spool.js';
import { PartWriter } from '../output/part-writer.js';
import { textRenderer } from '../output/text-renderer.js';
import type { MainMessage, PartInput, PartMessage } from './part-protocol.js';

/** Read size: small reads keep each segment's text, and the heap, small. */
const READ_BYTES = 256 << 10;
/** Ports per batch: a batch dies young in the thread's small heap (the engine's 4,096 would be promoted). */
const BATCH_PORTS = 512;

const port = parentPort;
if (!port) throw new Error('part-worker runs as a worker thread only');
const input = workerData as PartInput;
const send = (message: PartMessage) => port.postMessage(message);

let widths: number[] | undefined;
let widthsArrived: (() => void) | undefined;
port.on('message', (message: MainMessage) => {
  widths = message.widths;
  widthsArrived?.();
});

const name = `part-${input.index}`;
const text = input.json ? undefined : textRenderer();
// PartWriter hands over pieces of PIECE_CHARS: each goes to the file at once.
const portsSpool = new LineSpool(`${name}-ports`, '', input.dir, 1);
const writer = new PartWriter(text ?? jsonRenderer, text, input.index === 0, (chunk) => portsSpool.append(chunk), input.dir, name,
  (measured) => send({ type: 'widths', widths: measured }));

/** The second part takes the first part's widths as soon as they are here (between batches). */
async function takeWidths(): Promise<void> {
  if (widths && writer.waitingForWidths) await writer.useWidths(widths);
}

try {
  const stream = new ResultStream(async (batch) => {
    await writer.add(batch);
    await takeWidths();
  }, input.tarpitThreshold, undefined, false, BATCH_PORTS);
  const state = await parseNmapXmlPart(createReadStream(input.file, { start: input.start, end: input.end - 1, highWaterMark: READ_BYTES }), (ports) => {
    const first = ports[0];
    if (first) stream.acceptHost(first.ip, ports);
  }, { afterHosts: () => stream.drain() });
  await stream.flush();
  if (writer.waitingForWidths) {
    if (!widths) await new Promise<void>((resolve) => (widthsArrived = resolve));
    await takeWidths();
  }
  const findings = await writer.finish();
  send({ type: 'done', state, findings, ports: { spool: await portsSpool.handOver(), count: writer.portCount } });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
} finally {
  // The main thread ends this thread once it has the last message.
  port.removeAllListeners('message');
}
