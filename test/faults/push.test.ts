// Fault suite, the push API under attack: a pusher that floods, sends junk, oversized and
// half-sent bodies, or guesses tokens, is refused with JSON, and pages are still served.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createIngestCounters } from '../../lib/ingest/counters.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { startServer, stillServes } from '../helpers/server.ts';

const TOKEN = 'f'.repeat(64);

describe('an abusive pusher', () => {
  it('is refused at every turn, and the server still serves pages', async () => {
    const counters = createIngestCounters();
    const server = await startServer(new ManualSource(), { push: { tokens: [TOKEN], perSecond: 10, burst: 20, counters } });
    const push = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
        body,
      }).then(async (response) => ({ status: response.status, body: await response.json() }));

    const answers = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => push(JSON.stringify({ id: `flood-${i}`, text: 'flood' }))),
      ...Array.from({ length: 20 }, (_, i) => push('{}', { authorization: `Bearer ${'g'.repeat(63)}${i % 10}` })),
      push('{"text": "\u0000'.repeat(1000)),
      push(JSON.stringify({ text: 'x'.repeat(2_000_000) })),
      push('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "text": "proto"}'),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(new Set(statuses)).toEqual(new Set([202, 401, 429, 400, 413]));
    for (const answer of answers) expect(answer.body.error ?? answer.body.accepted).toBeDefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(counters.unauthorised).toBe(20);
    expect(counters.accepted + counters.rateLimited).toBeGreaterThanOrEqual(20);

    // A body announced as 1 MB whose sender stops halfway holds nothing up
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /api/posts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"text":`);
    await stillServes(server);
    socket.destroy();
  });
});
