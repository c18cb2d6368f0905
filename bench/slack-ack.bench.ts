// slack_ack_p99_ms: how fast the Slack HTTP receiver acks. 200 signed slash commands (`/scan create` and
// `/scan show`, alternating), 20 in flight at a time, into the real Bolt app on real HTTP; the time from
// sending the request to its HTTP 200. Slack's limit is 3,000 ms; the target is ≤ 300 ms.
// The adapter runs in its own process (as in production) on the real scan service over its own PostgreSQL
// database (runs are recorded, not queued); this process holds the load generator and the local fake Slack
// Web API the replies go to.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { startSlack } from '../bot/slack/index.js';
import { FakeSlackApi } from '../test/fakes/slack/fake-slack-api.js';
import { slashCommandBody } from '../test/fakes/slack/payloads.js';
import { postSigned } from '../test/fakes/slack/signing.js';
import { consoleActor } from '../bot/console/session.js';
import type { RunDispatcher } from '../core/scans/run-dispatcher.js';
import { createScanService } from '../core/scans/scan-service.js';
import { createTestDatabase } from '../test/helpers/database.js';
import { figure, report } from './figures.js';

const TOTAL = 200;
const CONCURRENCY = Number(process.env.SLACK_BENCH_CONCURRENCY ?? 20);
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const OPERATOR = 'U0BENCHOP';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Runs are planned in the database but not queued: the bench measures the chat front, not the worker. */
const recordingDispatcher: RunDispatcher = { submit: async () => {}, cancel: async () => {}, setSchedule: async () => {}, removeSchedule: async () => {} };

/** Child role: the Slack adapter alone, reporting its port and a scan to show, stopping on "stop". */
async function runAdapter(apiUrl: string): Promise<void> {
  const logger = createLogger('silent', { pretty: false });
  const database = await createTestDatabase();
  const service = createScanService({
    db: database.db, dispatcher: recordingDispatcher, logger,
    config: { SCOPE_ALLOW: ['198.18.0.0/15'], SCOPE_DENY: [], RUN_RETENTION: 0, ADMINS: [], HEARTBEAT_INTERVAL_SECONDS: 15 },
  });
  await service.scopeAdd(consoleActor(), '198.18.0.0/16');
  await service.grantRole(consoleActor(), 'slack', OPERATOR, 'operator');
  const { scan } = await service.create({ platform: 'slack', userId: OPERATOR, channelId: 'C0BENCH' }, { name: 'bench-shown', targets: '198.18.1.2', ports: '80,443' });
  const adapter = await startSlack({
    config: loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, PORT: '0', LOG_LEVEL: 'silent' }),
    service, logger, host: '127.0.0.1',
  });
  process.send?.({ port: adapter.port, scanId: scan.id });
  const cpuAtStart = process.cpuUsage();
  process.on('message', (message) => {
    if (message !== 'stop') return;
    const cpu = process.cpuUsage(cpuAtStart);
    process.send?.({ cpuMs: (cpu.user + cpu.system) / 1000 }, () => void adapter.stop().then(() => database.drop()).then(() => process.exit(0)));
  });
}

async function runBench(): Promise<void> {
  const fake = await FakeSlackApi.start({ botToken: TOKEN });
  const child = fork(fileURLToPath(import.meta.url), ['--adapter', fake.apiUrl], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const { port, scanId } = await new Promise<{ port: number; scanId: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; scanId: string }));
    child.once('exit', (code) => reject(new Error(`adapter process exited ${code}`)));
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  await postSigned(url, slashCommandBody(`show ${scanId}`, { userId: OPERATOR, responseUrl: fake.responseUrl() }), SECRET);

  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < TOTAL) {
      const i = next++;
      const text = i % 2 === 0 ? `create bench-${i} 198.18.2.${i % 250} ports=80,443` : `show ${scanId}`;
      const body = slashCommandBody(text, { userId: OPERATOR, channelId: `C0BENCH${i % 10}`, responseUrl: fake.responseUrl() });
      const start = performance.now();
      const res = await postSigned(url, body, SECRET);
      latencies.push(performance.now() - start);
      if (res.status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  // Let the replies land before shutting down (bounded).
  const replies = (r: typeof fake.requests) => r.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral').length;
  await fake.waitFor((r) => replies(r) >= TOTAL + 1, 60_000).catch(() => undefined);
  const cpuMs = new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { cpuMs: number }).cpuMs)));
  child.send('stop');
  const adapterCpuMs = await cpuMs;
  await new Promise((resolve) => child.once('exit', resolve));
  await fake.close();

  latencies.sort((a, b) => a - b);
  process.stderr.write(`slack ack: ${latencies.length} requests (${CONCURRENCY} in flight), ${failures} not 200, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms; adapter CPU ${(adapterCpuMs / (TOTAL + 1)).toFixed(2)} ms per command (ack + work + reply), replies ${replies(fake.requests)}, fake problems ${fake.problems.length}\n`);
  if (failures > 0 || fake.problems.length > 0) process.exitCode = 1;
  report([
    figure('slack_ack_p99_ms', percentile(latencies, 99), 'ms', { baseline: 3000, baselineName: "Slack's 3 s ack limit", target: '≤ 300 ms' }),
    figure('slack_ack_p50_ms', percentile(latencies, 50), 'ms'),
    figure('slack_adapter_cpu_ms_per_command', adapterCpuMs / (TOTAL + 1), 'ms'),
  ]);
}

const adapterIndex = process.argv.indexOf('--adapter');
if (adapterIndex >= 0) await runAdapter(process.argv[adapterIndex + 1] ?? '');
else await runBench();
