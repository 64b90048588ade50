// bin/www.ts as a person runs it: a real process, real signals, real ports. SIGTERM ends it
// cleanly and quickly, and a secret in its environment never appears in anything it serves,
// sends or logs.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { StreamStatus } from '../../lib/contract/events.ts';
import { spawnServer } from '../helpers/spawn-server.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWww(env: Record<string, string>, preload: string[] = []): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', ...preload.flatMap((file) => ['--import', file]), 'bin/www.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function freePort(): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, server };
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('bin/www', () => {
  it('exits 1 with one line when the port is in use', async () => {
    const { port, server } = await freePort();
    try {
      const run = startWww({ PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toBe(`Port ${port} is already in use (127.0.0.1:${port}). Set PORT to another port.`);
    } finally {
      server.close();
    }
  });

  it('exits 1 with one line for a bad setting', async () => {
    const run = startWww({ STREAM_RATE: 'fast' });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe('Invalid setting STREAM_RATE: "fast" is not valid (Invalid input: expected number, received NaN)');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('serves the page, then shuts down cleanly on %s', async (signal) => {
    const { port, server } = await freePort();
    server.close();
    const run = startWww({ PORT: String(port) });
    await waitFor(() => run.output().includes('Stream Search is listening'));
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
  });
});

describe('an uncaught exception', () => {
  it('is contained: the server keeps serving, and GET /healthz says 503 with a reason from then on', async () => {
    const { port, server } = await freePort();
    server.close();
    const run = startWww({ PORT: String(port) }, ['./test/fixtures/planted-bug.mjs']);
    await waitFor(() => run.output().includes('Stream Search is listening'));
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    run.child.kill('SIGUSR2');
    await waitFor(() => run.output().includes('uncaught exception (contained, still serving)'));
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(503);
    const body = await health.json();
    expect(body).toMatchObject({ ok: false, reason: 'An error escaped every handler; restart this process.' });
    expect(JSON.stringify(body)).not.toContain('planted bug');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});

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

describe('the push API', () => {
  const TOKEN = 'd'.repeat(24) + 'pushcanary' + 'd'.repeat(30);

  it('is on with INGEST_TOKENS: a pushed post reaches a page following its term, and the token is never logged', async () => {
    const server = await spawnServer({ INGEST_TOKENS: TOKEN, LOG_LEVEL: 'trace' });
    const client = connect(server.url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    await new Promise((resolve) => client.emit('updateTerm', 'ptarmigan', resolve));
    const arrived = new Promise<{ text: string; source: string }>((resolve) => client.once('tweets', resolve));
    const push = (authorization: string) =>
      fetch(`${server.url}/api/posts`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'www-1', text: 'A ptarmigan in winter white' }),
      });
    expect((await push(`Bearer ${TOKEN.replace('canary', 'xxxxxx')}`)).status).toBe(401);
    expect((await push(`Bearer ${TOKEN}`)).status).toBe(202);
    expect(await arrived).toMatchObject({ text: 'A ptarmigan in winter white', source: 'push' });
    client.disconnect();
    server.child.kill('SIGTERM');
    await server.exited;
    expect(server.output()).toContain('push refused');
    expect(server.output()).not.toContain('canary');
    expect(server.output()).not.toContain('xxxxxx');
  });

  it('is not there without INGEST_TOKENS', async () => {
    const server = await spawnServer();
    const response = await fetch(`${server.url}/api/posts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
    server.child.kill('SIGTERM');
    await server.exited;
    expect(response.status).toBe(404);
  });
});

describe('ADMIN_PASSWORD', () => {
  it('turns on /admin, its socket and /metrics in the real process, and the password appears nowhere', async () => {
    const password = `${CANARY}-admin`;
    const server = await spawnServer({ ADMIN_PASSWORD: password, LOG_LEVEL: 'trace' });
    const authorization = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
    const bodies: string[] = [];
    for (const route of ['/admin', '/admin/build/admin.js', '/admin/build/admin.css', '/metrics']) {
      const response = await fetch(`${server.url}${route}`, { headers: { authorization } });
      expect(response.status, route).toBe(200);
      bodies.push(await response.text());
    }
    expect((await fetch(`${server.url}/admin`)).status).toBe(401);
    const { token } = (await (await fetch(`${server.url}/admin/token`, { headers: { authorization } })).json()) as { token: string };

    const admin = connect(`${server.url}/admin`, { transports: ['websocket'], reconnection: false, auth: { token } });
    const snapshot = new Promise<string>((resolve) => admin.once('adminSnapshot' as never, (s: unknown) => resolve(JSON.stringify(s))));
    bodies.push(await snapshot);
    admin.disconnect();

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(bodies.join('\n')).toMatch(/stream_search_posts_in_total \d+/);
    expect(bodies.join('\n')).not.toContain(password);
    expect(server.output()).not.toContain(CANARY);
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on 127.0.0.1 without a password, and nothing at /admin without ADMIN_PASSWORD', async () => {
    const { port: metricsPort, server: holder } = await freePort();
    await new Promise((resolve) => holder.close(resolve));
    const server = await spawnServer({ METRICS_PORT: String(metricsPort) });
    // The listener starts just after the app's; the log line says when
    await expect.poll(() => server.output()).toContain('metrics are listening');
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^stream_search_posts_in_total \d+$/m);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.url}/admin`)).status).toBe(404);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});

describe('the push API and the admin view together', () => {
  it("count the push API's results in /metrics", async () => {
    const token = 'e'.repeat(40);
    const password = 'admin-password-for-metrics';
    const server = await spawnServer({ INGEST_TOKENS: token, ADMIN_PASSWORD: password });
    const push = (authorization: string) =>
      fetch(`${server.url}/api/posts`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify([{ id: 'm-1', text: 'counted' }, { id: 'm-1', text: 'counted again' }, { text: 7 }]),
      });
    expect((await push(`Bearer ${token}`)).status).toBe(202);
    expect((await push('Bearer wrong')).status).toBe(401);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` } })).text();
    server.child.kill('SIGTERM');
    await server.exited;
    expect(metrics).toMatch(/^stream_search_ingest_results_total\{result="accepted"\} 1$/m);
    expect(metrics).toMatch(/^stream_search_ingest_results_total\{result="duplicate"\} 1$/m);
    expect(metrics).toMatch(/^stream_search_ingest_results_total\{result="rejected"\} 1$/m);
    expect(metrics).toMatch(/^stream_search_ingest_results_total\{result="unauthorised"\} 1$/m);
  });
});
