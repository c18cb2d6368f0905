// `portcullis bot` without chat tokens and without a terminal: the backend is wired to the real database
// and queue, /healthz reports the database and queue, /metrics counts commands, unknown paths are 404.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../../bot/commands/dispatcher.js';
import { consoleActor } from '../../../bot/console/session.js';
import { loadConfig } from '../../../core/config.js';
import { createLogger } from '../../../core/logger.js';
import { openBackend, startBot, type Backend, type RunningBot } from '../../../cli/commands/bot.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

const METRICS_TOKEN = `metrics-${randomBytes(12).toString('hex')}`;
let database: TestDatabase;
let backend: Backend;
let bot: RunningBot;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: database.url, PORT: '0', SCOPE_ALLOW: '198.18.0.0/15', METRICS_TOKEN });
  backend = await openBackend(config, createLogger('silent', { pretty: false }), { prefix: `pcl-bot-${randomBytes(4).toString('hex')}` });
  bot = await startBot(backend, { interactive: false });
});

afterAll(async () => {
  await bot?.stop();
  await backend?.close();
  await database?.drop();
});

describe('bot HTTP endpoints', () => {
  it('/healthz checks the database and the queue', async () => {
    expect(bot.httpPort).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${bot.httpPort}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
  });

  it('/metrics exposes command counters in Prometheus format to a request with the bearer token', async () => {
    await handleCommand({ actor: consoleActor(), text: 'scope list' }, backend.commands);
    await handleCommand({ actor: consoleActor(), text: 'bogus' }, backend.commands);
    const res = await fetch(`http://127.0.0.1:${bot.httpPort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/portcullis_commands_total\{command="scope",result="ok"\} [1-9]/);
    expect(body).toMatch(/portcullis_commands_total\{command="invalid",result="refused"\} [1-9]/);
    expect(body).toContain('portcullis_process_cpu_user_seconds_total');
  });

  it('/metrics refuses a request without the token, or with another one (401)', async () => {
    const bare = await fetch(`http://127.0.0.1:${bot.httpPort}/metrics`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await bare.text()).not.toContain('portcullis_');
    const wrong = await fetch(`http://127.0.0.1:${bot.httpPort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`http://127.0.0.1:${bot.httpPort}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` } });
    expect(basic.status).toBe(401);
  });

  it('/metrics is off (404, saying how to turn it on) when METRICS_TOKEN is not set', async () => {
    const { healthRoutes, startHttpServer } = await import('../../../bot/http/routes.js');
    const server = await startHttpServer(0, healthRoutes({}));
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('set METRICS_TOKEN');
    } finally {
      await server.close();
    }
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`http://127.0.0.1:${bot.httpPort}/slack/events`)).status).toBe(404);
  });

  it('/healthz says 503 and which part is down when the database is gone', async () => {
    const { healthRoutes, startHttpServer } = await import('../../../bot/http/routes.js');
    const server = await startHttpServer(0, healthRoutes({ database: async () => { throw new Error('connection refused'); } }));
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', degraded: ['database'], checks: { database: 'connection refused' } });
    } finally {
      await server.close();
    }
  });
});
