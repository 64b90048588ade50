// The real process: SIGTERM ends it cleanly and quickly, and a secret in its
// environment never appears in anything it serves, sends or logs.
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../lib/events.ts';
import { spawnServer } from '../helpers/spawn-server.ts';

const EXIT_BOUND = 10_000; // ms from SIGTERM to exit, as orchestrators allow
const CANARY = 'canary-7f3c9e1d-secret';
// Every name a token setting may take, now or once the live sources are merged
const SECRETS = { X_BEARER_TOKEN: CANARY, BLUESKY_APP_PASSWORD: CANARY, API_TOKEN: CANARY, SECRET_KEY: CANARY };

describe('SIGTERM', () => {
  it(`tells the pages, closes everything and exits 0 within ${EXIT_BOUND / 1000} s`, async () => {
    const server = await spawnServer({ STREAM_RATE: '100' });
    const client = connect(server.url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    await new Promise((resolve) => client.emit('updateTerm', 'cats', resolve));
    const statuses: StreamStatus[] = [];
    client.on('status', (status) => statuses.push(status));
    const disconnected = new Promise((resolve) => client.once('disconnect', resolve));

    const started = Date.now();
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    const elapsed = Date.now() - started;

    expect(code).toBe(0);
    expect(elapsed).toBeLessThan(EXIT_BOUND);
    await disconnected;
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', message: 'The server is restarting. Reconnecting shortly…' });
    expect(server.output()).toContain('"msg":"stopped"');
  });
});

describe('secrets', () => {
  it('never appear in a page, the bundle, a socket payload or a log line, errors included', async () => {
    const server = await spawnServer({ ...SECRETS, LOG_LEVEL: 'trace' });
    const bodies: string[] = [];
    for (const route of ['/', '/build/app.js', '/build/app.css', '/socket.io/socket.io.js', '/healthz', '/no-such-page', '/%E0%A4%A']) {
      const response = await fetch(`${server.url}${route}`);
      bodies.push(`${route} ${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`);
    }

    const payloads: string[] = [];
    const client = connect(server.url, { transports: ['websocket'], reconnection: false });
    client.onAny((event, ...args) => payloads.push(JSON.stringify([event, ...args])));
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    for (const request of [null, { term: 42 }, 'x'.repeat(500), '\u202e', 'cats']) {
      payloads.push(JSON.stringify(await new Promise((resolve) => client.emit('updateTerm', request as string, resolve))));
    }
    payloads.push(JSON.stringify(await new Promise((resolve) => client.emit('startStream', resolve))));
    await new Promise((resolve) => client.once('tweets', resolve));
    client.disconnect();

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(bodies.join('\n')).not.toContain(CANARY);
    expect(payloads.length).toBeGreaterThan(6);
    expect(payloads.join('\n')).not.toContain(CANARY);
    expect(server.output()).toContain('rejected a request'); // the error paths were logged...
    expect(server.output()).not.toContain(CANARY); // ...without the secret
  });

  it('never appear in the one-line start-up error for a bad setting', async () => {
    const server = await spawnServer({ ...SECRETS, PORT: 'not-a-port' });
    expect((await server.exited).code).toBe(1);
    expect(server.output()).toContain('Invalid setting PORT');
    expect(server.output()).not.toContain(CANARY);
  });
});
