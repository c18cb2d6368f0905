// `/healthz` and `/metrics` as plain node:http handlers: the Slack HTTP receiver mounts them next to
// /slack/events (SlackDeps.routes); without Slack HTTP, startHttpServer serves them on PORT alone.
// /metrics wants a bearer token (METRICS_TOKEN), see metrics-route.ts.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRoute } from './metrics-route.js';

/** A named readiness check; throws when the dependency is unusable. */
export type HealthCheck = () => Promise<void>;

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: HealthCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS); })]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthRouteOptions {
  /** /metrics needs this bearer token; unset, /metrics is off (see metrics-route.ts). */
  metricsToken?: string;
}

export function healthRoutes(checks: Record<string, HealthCheck> = {}, options: HealthRouteOptions = {}): Record<string, RequestListener> {
  const healthz: RequestListener = (_req, res) => {
    void (async () => {
      const results = Object.fromEntries(await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)] as const)));
      // Degraded, not dead: the process keeps retrying its dependencies in the background; 503 tells a
      // load balancer or orchestrator which of them is down right now.
      const degraded = Object.entries(results).filter(([, r]) => r !== 'ok').map(([name]) => name);
      res.writeHead(degraded.length === 0 ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: degraded.length === 0 ? 'ok' : 'degraded', ...(degraded.length > 0 ? { degraded } : {}), checks: results }));
    })();
  };
  return { '/healthz': healthz, '/metrics': metricsRoute(options.metricsToken) };
}

/** Serves the given routes (exact path match, GET/HEAD) on its own server; 404 for anything else. */
export async function startHttpServer(port: number, routes: Record<string, RequestListener>, host?: string): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes[path];
    if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    route(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
