// config/metrics-port.ts: GET /metrics without a password, on 127.0.0.1 only, nothing
// else there, and a port in use is an error the caller hears.
import type { AddressInfo } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listenMetrics, METRICS_HOST } from '../../config/metrics-port.ts';
import { silentLogger } from '../../lib/support/logger.ts';
import { freePort } from '../helpers/spawn-server.ts';

async function started() {
  const registry = new Registry();
  new Counter({ name: 'stream_search_test_total', help: 'A test counter.', registers: [registry] }).inc(3);
  const port = await freePort();
  const server = await listenMetrics(registry, port, silentLogger());
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { server, port, registry };
}

describe('listenMetrics', () => {
  it('serves GET /metrics without a password, bound to the loopback only', async () => {
    const { server, port } = await started();
    expect((server.address() as AddressInfo).address).toBe(METRICS_HOST);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('stream_search_test_total 3');
  });

  it('serves nothing else', async () => {
    const { port } = await started();
    for (const [method, path] of [['GET', '/'], ['GET', '/admin'], ['POST', '/metrics'], ['GET', '/metrics/']]) {
      expect((await fetch(`http://127.0.0.1:${port}${path}`, { method })).status, `${method} ${path}`).toBe(404);
    }
  });

  it('rejects when the port is taken', async () => {
    const { port, registry } = await started();
    await expect(listenMetrics(registry, port, silentLogger())).rejects.toThrow(/EADDRINUSE/);
  });
});
