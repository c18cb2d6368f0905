// /metrics is not open to the world: the process metrics and the command counts tell an outsider what runs
// and how busy it is. It is served only when METRICS_TOKEN is set, and then only to requests that carry it
// as a bearer token (`Authorization: Bearer …`, compared in constant time), which is what Prometheus's
// `authorization` scrape setting sends. Without the token configured /metrics answers 404 and says how to
// turn it on.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';
import { metricsRegistry } from './metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the request carries `token` as its bearer token. */
export function carriesBearer(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/i.exec(header);
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}

export function metricsRoute(token: string | undefined): RequestListener {
  return (req, res) => {
    if (!token) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('metrics are off: set METRICS_TOKEN and scrape with Authorization: Bearer <token>\n');
      return;
    }
    if (!carriesBearer(req, token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="portcullis-metrics"' });
      res.end('unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    const registry = metricsRegistry();
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`metrics failed: ${String(error)}`);
      },
    );
  };
}
