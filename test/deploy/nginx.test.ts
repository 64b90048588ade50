// deploy/stream-search.nginx.conf, run by the real nginx in front of two real nodes
// (bin/www.ts children on the demo source): TLS, the WebSocket upgrade, affinity for the
// polling transport, and, with TRUST_PROXY, the per-address cap counting the client nginx
// saw, never an address the client wrote.
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSALS } from '../../lib/guards/handshake.ts';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchBrowser } from '../helpers/browser.ts';
import { checkNginx, nginxPath, renderSite, SITE_FILE, startNginx, writeNginxFiles, type Nginx } from '../helpers/nginx.ts';
import { rawSocket, type RawSocket } from '../helpers/raw-socket.ts';
import { freePort, spawnServer, type SpawnedServer } from '../helpers/spawn-server.ts';

const PER_ADDRESS = 2; // MAX_CONNECTIONS_PER_IP on every node here
const TLS = { rejectUnauthorized: false }; // the certificate is self-signed

/** A joined connection through `url` from `localAddress` (any 127.x address reaches loopback), or the refusal's message. */
async function joinFrom(url: string, localAddress: string, headers: Record<string, string> = {}): Promise<RawSocket | string> {
  try {
    return await rawSocket(url, { ws: { ...TLS, localAddress, headers } });
  } catch (err) {
    return (err as Error).message;
  }
}

/** Opens `count` connections one after another (so each sees the ones before it counted). */
async function joinMany(url: string, from: Array<[string, Record<string, string>?]>): Promise<Array<RawSocket | string>> {
  const results: Array<RawSocket | string> = [];
  for (const [address, headers] of from) results.push(await joinFrom(url, address, headers));
  return results;
}

function outcome(results: Array<RawSocket | string>): string[] {
  return results.map((result) => (typeof result === 'string' ? result : 'joined'));
}

function closeAll(results: Array<RawSocket | string>): void {
  for (const result of results) if (typeof result !== 'string') result.close();
}

const REFUSED = `handshake refused: 400 ${REFUSALS.tooMany}`;

describe.skipIf(!nginxPath)('the shipped site file', () => {
  it('passes nginx -t as shipped, with only a certificate swapped in', async () => {
    const files = await writeNginxFiles();
    try {
      expect(await checkNginx(files)).toContain('syntax is ok');
    } finally {
      await files.remove();
    }
  });

  it('refuses to render once a line the tests swap has changed, so a test never runs a drifted copy', async () => {
    const shipped = await readFile(SITE_FILE, 'utf8');
    const drifted = shipped.replace('listen 443 ssl;', 'listen 8443 ssl;');
    expect(() => renderSite(drifted, { certificate: { cert: 'c', key: 'k' }, ports: { http: 1, https: 2 } })).toThrow(
      'no longer contains "    listen 443 ssl;\\n"',
    );
  });
});

describe.skipIf(!nginxPath)('nginx in front of two nodes', () => {
  let nodes: SpawnedServer[] = [];
  let nginx: Nginx;
  let browser: Browser | null = null;

  beforeAll(async () => {
    const ports = { http: await freePort(), https: await freePort() };
    const env = {
      TRUST_PROXY: '127.0.0.1',
      ALLOWED_ORIGINS: `https://127.0.0.1:${ports.https}`, // the page's origin is nginx's, not the node's
      MAX_CONNECTIONS_PER_IP: String(PER_ADDRESS),
      STREAM_RATE: '50',
    };
    nodes = await Promise.all([spawnServer(env), spawnServer(env)]);
    nginx = await startNginx(nodes.map((node) => new URL(node.url).host), ports);
  }, 60_000); // two node processes and nginx, on a machine other suites share

  afterAll(async () => {
    await browser?.close();
    await nginx?.stop();
    for (const node of nodes) node.child.kill('SIGKILL');
  });

  it('redirects plain HTTP to the same path over HTTPS', async () => {
    const res = await fetch(`${nginx.httpUrl}/some/path?q=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`https://search.example.com:${nginx.httpsPort}/some/path?q=1`);
  });

  it.skipIf(!chromiumPath)('serves the page over https:// and its live posts over wss://', async () => {
    browser ??= await launchBrowser();
    const context = await browser.newContext({ ignoreHTTPSErrors: true }); // the certificate is self-signed
    try {
      const page = await context.newPage();
      const sockets: string[] = [];
      const errors: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(nginx.httpsUrl);
      await page.waitForSelector('#connection-status[data-state="live"]');
      await page.fill('#searchTerm', 'cats');
      await page.click('#search-form button[type="submit"]');
      const cards = page.locator('#tweet-container .tweet .text');
      await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
      const texts = await cards.allTextContents();
      expect(texts.every((text) => /cats/i.test(text)), texts.join('\n')).toBe(true);
      expect(sockets).toEqual([expect.stringMatching(new RegExp(`^wss://127\\.0\\.0\\.1:${nginx.httpsPort}/socket\\.io/\\?EIO=4&transport=websocket`))]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000); // Chromium's start

  it('keeps a polling-only client on the node that holds its session, through many requests', async () => {
    const client: Socket = connect(nginx.httpsUrl, { ...TLS, transports: ['polling'], forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('connect', resolve);
        client.once('connect_error', reject);
      });
      const posts: unknown[] = [];
      client.on('tweets', (post) => posts.push(post));
      expect(await client.emitWithAck('updateTerm', 'cats')).toEqual({ data: { term: 'cats', lang: null } });
      // Each post arrives on a new long-polling GET: a node that did not hold the session would refuse it
      await expect.poll(() => posts.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
      expect(client.connected).toBe(true);
      expect(client.io.engine.transport.name).toBe('polling');
    } finally {
      client.close();
    }
  });

  it('counts each client at the address nginx saw (TRUST_PROXY=127.0.0.1), not at nginx\'s own', async () => {
    // Four clients behind the same proxy address, two connections each: at nginx's address,
    // two nodes would take only two each
    const clients = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
    const joined = await joinMany(nginx.httpsUrl, clients.flatMap((address) => [[address], [address]] as Array<[string]>));
    try {
      expect(outcome(joined)).toEqual(Array(clients.length * PER_ADDRESS).fill('joined'));
      // …and each of them is still held to the cap: affinity sends its third to the same node
      const third = await joinMany(nginx.httpsUrl, [['127.0.0.2'], ['127.0.0.5']]);
      expect(outcome(third)).toEqual([REFUSED, REFUSED]);
    } finally {
      closeAll(joined);
    }
  });

  it('ignores an X-Forwarded-For the client wrote itself: nginx sends the address it saw', async () => {
    const forged = [1, 2, 3].map((n): [string, Record<string, string>] => ['127.0.0.6', { 'X-Forwarded-For': `198.51.100.${n}` }]);
    const results = await joinMany(nginx.httpsUrl, forged);
    try {
      expect(outcome(results)).toEqual(['joined', 'joined', REFUSED]);
    } finally {
      closeAll(results);
    }
  });

  it('ignores X-Forwarded-For sent straight to a node by anyone but the trusted proxy', async () => {
    // 127.0.0.7 is not 127.0.0.1, so its header names nobody
    const forged = [1, 2, 3].map((n): [string, Record<string, string>] => ['127.0.0.7', { 'X-Forwarded-For': `198.51.100.${n}` }]);
    const results = await joinMany(nodes[0]!.url, forged);
    try {
      expect(outcome(results)).toEqual(['joined', 'joined', REFUSED]);
    } finally {
      closeAll(results);
    }
  });
});

describe('a node without TRUST_PROXY', () => {
  let node: SpawnedServer;
  beforeAll(async () => {
    node = await spawnServer({ MAX_CONNECTIONS_PER_IP: String(PER_ADDRESS) });
  }, 60_000);
  afterAll(() => {
    node?.child.kill('SIGKILL');
  });

  it('counts a client at its own address whatever X-Forwarded-For it sends, even from loopback', async () => {
    const forged = [1, 2, 3].map((n): [string, Record<string, string>] => ['127.0.0.1', { 'X-Forwarded-For': `198.51.100.${n}` }]);
    const results = await joinMany(node.url, forged);
    try {
      expect(outcome(results)).toEqual(['joined', 'joined', REFUSED]);
    } finally {
      closeAll(results);
    }
  });
});
