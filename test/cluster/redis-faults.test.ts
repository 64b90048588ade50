// Redis goes away: nodes keep serving their pages and say "reconnecting", then recover on
// their own once it is back. A node that cannot reach Redis at start says so and exits 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, StreamStatus } from '../../lib/contract/events.ts';
import { REDIS_DOWN } from '../../lib/cluster/relay.ts';
import { postFrame, testDid } from '../helpers/fake-jetstream.ts';
import { follow, received, startTestCluster, waitUntil, type TestCluster } from '../helpers/cluster.ts';
import { freePort, spawnServer } from '../helpers/spawn-server.ts';
import { redisInstalled } from '../helpers/redis-server.ts';

describe.skipIf(!redisInstalled)('a node without Redis at start', () => {
  it('says so in one line and exits 1', async () => {
    const port = await freePort();
    const node = await spawnServer({ REDIS_URL: `redis://:secret-password@127.0.0.1:${port}` });
    expect(await node.exited).toEqual({ code: 1, signal: null });
    expect(node.output()).toBe(
      `Cannot reach Redis at redis://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). Check REDIS_URL and that Redis is running.\n`,
    );
  });
});

describe.skipIf(!redisInstalled)('a Redis restart mid-stream', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 2 });
  });
  afterAll(() => cluster?.close());

  it('crashes no node; pages see "reconnecting", then posts flow again', async () => {
    const { nodes, feed, jetstream, redis } = cluster;
    const sockets = await Promise.all(nodes.map((node) => node.client()));
    const inboxes: Post[][] = sockets.map(received);
    const statuses: StreamStatus[][] = sockets.map((socket) => {
      const heard: StreamStatus[] = [];
      socket.on('status', (status) => heard.push(status));
      return heard;
    });
    for (const socket of sockets) await follow(socket, 'kitten');
    await cluster.leader();
    feed.attach(await jetstream.nextConnection());
    const t0 = Date.now() * 1_000;
    feed.send(postFrame(testDid(1), 'before', 'a kitten before', t0));
    await waitUntil(() => inboxes.every((inbox) => inbox.length === 1), 'a post before the restart');

    await redis.stop();
    await waitUntil(() => statuses.every((heard) => heard.at(-1)?.message === REDIS_DOWN), 'every page to hear "reconnecting"');
    const during = await Promise.all(nodes.map((node) => node.health()));
    expect(during.map((health) => [health.ok, health.redis])).toEqual([[false, false], [false, false]]);
    await redis.start();

    // A leader again (its lease went with the old Redis), on a fresh upstream connection
    const connection = await jetstream.nextConnection();
    feed.attach(connection);
    feed.send(postFrame(testDid(2), 'after', 'a kitten after', Date.now() * 1_000));
    await waitUntil(() => inboxes.every((inbox) => inbox.some((post) => post.id.endsWith('/after'))), 'a post after the restart');
    await waitUntil(() => statuses.every((heard) => heard.at(-1)?.state === 'live'), 'every page to hear "live" again');
    for (const inbox of inboxes) expect(inbox.map((post) => post.id.split('/')[1])).toEqual(['before', 'after']);
    expect(nodes.every((node) => node.child.exitCode === null && node.child.signalCode === null)).toBe(true);
    expect((await Promise.all(nodes.map((node) => node.health()))).every((health) => health.ok && health.redis)).toBe(true);
  });
});
