// routes/health.ts: GET /healthz says whether each upstream is live, 200 or 503, and
// never what went wrong.
import express from 'express';
import { describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../lib/contract/events.ts';
import { createHealthRouter } from '../../routes/health.ts';
import { listen } from '../helpers/listen.ts';
import { startServer } from '../helpers/server.ts';

/** Serves the router alone, reading the upstreams from `statuses` at each request. */
async function health(statuses: StreamStatus[]): Promise<string> {
  const base = await listen(express().use(createHealthRouter(() => statuses)));
  return `${base}/healthz`;
}

describe('GET /healthz', () => {
  it("names the node, and in a cluster says whether it leads and reaches Redis", async () => {
    const live: StreamStatus[] = [{ source: 'demo', state: 'live' }];
    const single = await listen(express().use(createHealthRouter(() => live, undefined, undefined, () => ({ id: 'web-1' }))));
    expect(await (await fetch(`${single}/healthz`)).json()).toEqual({ ok: true, id: 'web-1', upstreams: [{ source: 'demo', state: 'live', live: true }] });
    const node = () => ({ id: 'web-2', leader: false, redis: true });
    const member = await listen(express().use(createHealthRouter(() => live, undefined, undefined, node)));
    expect(await (await fetch(`${member}/healthz`)).json()).toMatchObject({ ok: true, id: 'web-2', leader: false, redis: true });
  });

  it('is 200 with every upstream listed when all are live', async () => {
    const response = await fetch(await health([{ source: 'bluesky', state: 'live' }, { source: 'x', state: 'live' }]));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      ok: true,
      upstreams: [
        { source: 'bluesky', state: 'live', live: true },
        { source: 'x', state: 'live', live: true },
      ],
    });
  });

  it('is 503 when any upstream is not live, and says which', async () => {
    const response = await fetch(await health([{ source: 'bluesky', state: 'live' }, { source: 'x', state: 'reconnecting', retryInMs: 4000 }]));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      ok: false,
      upstreams: [
        { source: 'bluesky', state: 'live', live: true },
        { source: 'x', state: 'reconnecting', live: false },
      ],
    });
  });

  it('is never cached, so a load balancer always sees now', async () => {
    const response = await fetch(await health([{ source: 'demo', state: 'live' }]));
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('is 503 with a reason, from then on, once the process has a failure, even with every upstream live', async () => {
    let failure: string | null = null;
    const url = await listen(express().use(createHealthRouter(() => [{ source: 'demo', state: 'live' }], () => failure)));
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    failure = 'An error escaped every handler; restart this process.';
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, reason: failure, upstreams: [{ source: 'demo', state: 'live', live: true }] });
  });

  it('reads the upstreams at each request', async () => {
    const statuses: StreamStatus[] = [{ source: 'demo', state: 'live' }];
    const url = await listen(express().use(createHealthRouter(() => statuses)));
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    statuses[0] = { source: 'demo', state: 'error', message: 'The stream is unavailable.' };
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
  });

  it('reports the upstream live with 200, and not live with 503, through the whole app', async () => {
    const server = await startServer();
    let response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, upstreams: [{ source: 'demo', state: 'live', live: true }], embeds: {} });

    server.source.announce('error', 'Bluesky refused the connection: token abc123');
    response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toEqual({ ok: false, upstreams: [{ source: 'demo', state: 'error', live: false }], embeds: {} });
    expect(JSON.stringify(body)).not.toContain('abc123'); // no messages, so no details leak
  });

  it('lists widget viewers per embedding site when given their count, and null when the count fails', async () => {
    const live = () => [{ source: 'demo', state: 'live' }] as StreamStatus[];
    const counted = await listen(express().use(createHealthRouter(live, undefined, async () => ({ 'https://blog.example': 2 }))));
    expect(await (await fetch(`${counted}/healthz`)).json()).toEqual({
      ok: true,
      upstreams: [{ source: 'demo', state: 'live', live: true }],
      embeds: { 'https://blog.example': 2 },
    });
    const failing = await listen(express().use(createHealthRouter(live, undefined, () => Promise.reject(new Error('redis down')))));
    const response = await fetch(`${failing}/healthz`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { embeds: unknown }).embeds).toBeNull();
  });
});
