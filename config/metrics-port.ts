// METRICS_PORT: GET /metrics without a password, on the loopback interface only, for a
// scraper on the same machine (a node exporter's sidecar, a local Prometheus agent).
// Nothing else is served there, and no other machine can reach it.
import http from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../lib/support/logger.ts';

export const METRICS_HOST = '127.0.0.1'; // never configurable: off the loopback it would need the password

/** Starts the metrics listener; resolves once it listens, rejects if it cannot (say, the port is in use). */
export function listenMetrics(metrics: Registry, port: number, logger: Logger): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.');
      return;
    }
    metrics.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(text),
      (err: unknown) => {
        logger.error({ err }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('The metrics could not be read.');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, METRICS_HOST, () => {
      server.off('error', reject);
      server.on('error', (err) => logger.error({ err }, 'metrics server error'));
      resolve(server);
    });
  });
}
