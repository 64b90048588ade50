// Three real nodes on a real Redis, reading the fake Jetstream through one leader: every
// socket on every node gets every match exactly once, and the cluster opens one upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFrame, testDid } from '../helpers/fake-jetstream.ts';
import { follow, received, startTestCluster, waitUntil, type ClusterNode, type TestCluster } from '../helpers/cluster.ts';
import { redisInstalled } from '../helpers/redis-server.ts';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 3 });
});
afterAll(() => cluster?.close());

describe.skipIf(!redisInstalled)('cluster delivery', () => {
  it('gives every socket on every node each match exactly once, from one upstream connection', async () => {
    const { nodes, feed, jetstream } = cluster;
    const sockets = [];
    for (const node of nodes) for (let i = 0; i < 2; i++) sockets.push(await node.client());
    const inboxes = sockets.map(received);
    for (const socket of sockets) await follow(socket, 'kitten');
    const leader = await cluster.leader();
    feed.attach(await jetstream.nextConnection());

    const t0 = Date.now() * 1_000;
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      const matches = i % 2 === 0;
      const did = testDid(i);
      feed.send(postFrame(did, `r${i}`, matches ? `a kitten, number ${i}` : `a puppy, number ${i}`, t0 + i * 1_000));
      if (matches) expected.push(`${did}/r${i}`);
    }
    // The last one marks the end: a duplicate of any earlier post would have come before it
    feed.send(postFrame(testDid(99), 'end', 'the last kitten', t0 + 99_000));
    expected.push(`${testDid(99)}/end`);
    await waitUntil(() => inboxes.every((inbox) => inbox.some((post) => post.id.endsWith('/end'))), 'the last post on every socket');

    for (const inbox of inboxes) expect(inbox.map((post) => post.id)).toEqual(expected);
    // Every node relays the same log entry: one cursor per post, the same on every node, in order
    const cursors = inboxes[0]!.map((post) => post.cursor);
    for (const inbox of inboxes) expect(inbox.map((post) => post.cursor)).toEqual(cursors);
    expect(cursors.every((cursor) => /^\d+-\d+$/.test(cursor ?? ''))).toBe(true);
    expect(jetstream.connections).toHaveLength(1);
    const roles = await Promise.all(nodes.map((node) => node.health()));
    expect(roles.map((health) => health.leader)).toEqual(nodes.map((node) => node === leader));
    expect(roles.every((health) => health.redis && health.ok)).toBe(true);
  });

  it("counts a term's viewers across nodes, and drops a killed node's within a few heartbeats", async () => {
    const [one, two, three] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
    const watching = [await one.client(), await one.client(), await two.client(), await three.client()];
    const heard = watching.map((socket) => {
      const counts: number[] = [];
      socket.on('termStats', (stats) => stats.term === 'otter' && counts.push(stats.watchers));
      return counts;
    });
    for (const socket of watching) await follow(socket, 'otter');
    await waitUntil(() => heard.every((counts) => counts.at(-1) === 4), 'every socket to hear 4 viewers');

    three.child.kill('SIGKILL');
    await waitUntil(() => heard.slice(0, 3).every((counts) => counts.at(-1) === 3), 'the survivors to hear 3 viewers');
    const health = await one.health();
    if (!health.ok) console.log(JSON.stringify(health), cluster.nodes.map((n) => n.output()).join('\n----\n'));
    expect(health.ok).toBe(true);
  });
});
