// The README's deployment, for real: three nodes in cluster mode on a real redis-server,
// behind the shipped nginx site file with TLS. The page in Chromium over https:// keeps
// getting live posts over wss:// while the node that serves it is killed, and again when
// the leader is, and shows no post twice.
import https from 'node:https';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCards } from '../browser/support.ts';
import { chromiumPath, launchBrowser } from '../helpers/browser.ts';
import { nginxPath, startNginx, type Nginx } from '../helpers/nginx.ts';
import { redisInstalled, startRedis, type RedisServer } from '../helpers/redis-server.ts';
import { freePort, spawnServer, type SpawnedServer } from '../helpers/spawn-server.ts';

interface Node extends SpawnedServer {
  id: string;
}

const WAIT = 30_000; // ms for a failover and the page's reconnect, on a machine other suites share

describe.skipIf(!nginxPath || !chromiumPath || !redisInstalled)('three cluster nodes behind nginx', () => {
  let redis: RedisServer;
  let nginx: Nginx;
  let nodes: Node[] = [];
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;

  beforeAll(async () => {
    redis = await startRedis();
    const ports = { http: await freePort(), https: await freePort() };
    const env = {
      REDIS_URL: redis.url,
      TRUST_PROXY: '127.0.0.1',
      ALLOWED_ORIGINS: `https://127.0.0.1:${ports.https}`,
      STREAM_RATE: '40',
      CLUSTER_LEASE_MS: '2000',
      CLUSTER_HEARTBEAT_MS: '200',
    };
    for (const id of ['node-1', 'node-2', 'node-3']) nodes.push({ ...(await spawnServer({ ...env, NODE_ID: id })), id });
    nginx = await startNginx(nodes.map((node) => new URL(node.url).host), ports);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await nginx?.stop();
    for (const node of nodes) node.child.kill('SIGKILL');
    await redis?.stop();
  });

  /** /healthz through nginx, from this machine's address: the node the page is sent to too. */
  const viaNginx = (): Promise<{ id: string; leader: boolean }> =>
    new Promise((resolve, reject) => {
      // A fresh connection each time (agent: false), and the certificate is self-signed
      https
        .get(`${nginx.httpsUrl}/healthz`, { agent: false, rejectUnauthorized: false }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(JSON.parse(body) as { id: string; leader: boolean }));
        })
        .on('error', reject);
    });
  const alive = (node: Node): boolean => node.child.exitCode === null && node.child.signalCode === null;
  const kill = async (id: string): Promise<void> => {
    const node = nodes.find((candidate) => candidate.id === id)!;
    node.child.kill('SIGKILL');
    await node.exited;
  };
  /** The surviving node that leads, once one does (a killed leader's lease runs out first). */
  const leaderAmong = async (): Promise<string> => {
    let leader: string | null = null;
    await expect
      .poll(
        async () => {
          for (const node of nodes.filter(alive)) {
            const health = (await (await fetch(`${node.url}/healthz`)).json()) as { id: string; leader: boolean };
            if (health.leader) return (leader = health.id);
          }
          return null;
        },
        { timeout: WAIT },
      )
      .not.toBeNull();
    return leader!;
  };

  it('keeps the page live over wss:// while the node serving it, then the leader, is killed', async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ ignoreHTTPSErrors: true }); // the certificate is self-signed
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(nginx.httpsUrl);
    await page.waitForSelector('#connection-status[data-state="live"]');
    const shown = await recordCards(page);
    await page.fill('#searchTerm', 'cats');
    await page.click('#search-form button[type="submit"]');
    const count = async (): Promise<number> => (await shown()).length;
    await expect.poll(count, { timeout: WAIT }).toBeGreaterThanOrEqual(2);

    // The node this machine's address (and so the page) is sent to, killed with no warning;
    // once a survivor leads and the page is back, new posts arrive
    const serving = (await viaNginx()).id;
    await kill(serving);
    const leader = await leaderAmong();
    await page.waitForSelector('#connection-status[data-state="live"]');
    const before = await count();
    await expect.poll(count, { timeout: WAIT }).toBeGreaterThanOrEqual(before + 3);
    expect((await viaNginx()).id).not.toBe(serving);

    // Then the leader, the one node reading the upstream, whether or not it serves the page:
    // a survivor takes over the demo stream where it stopped, with new posts and new ids
    await kill(leader);
    await leaderAmong();
    await page.waitForSelector('#connection-status[data-state="live"]');
    const after = await count();
    await expect.poll(count, { timeout: WAIT }).toBeGreaterThanOrEqual(after + 3);

    const ids = await shown();
    expect(new Set(ids).size).toBe(ids.length); // no post shown twice, across both moves
    expect(sockets.length).toBeGreaterThanOrEqual(2); // it reconnected
    expect(sockets.every((url) => url.startsWith(`wss://127.0.0.1:${nginx.httpsPort}/socket.io/`))).toBe(true);
  }, 120_000);
});
