// SIGKILL the leader mid-stream: another node takes the lease, resumes Bluesky a little
// before the last position in the log, drops what the log already has, and every socket
// on the survivors ends with every matching post sent, each exactly once. The page that
// was on the killed node reconnects to a survivor with `since` and, between what it had
// and what it gets there, also has every post exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../../lib/contract/events.ts';
import { postFrame, testDid } from '../helpers/fake-jetstream.ts';
import { follow, LEASE_MS, received, startTestCluster, waitUntil, type TestCluster } from '../helpers/cluster.ts';
import { redisInstalled } from '../helpers/redis-server.ts';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 3 });
});
afterAll(() => cluster?.close());

describe.skipIf(!redisInstalled)('cluster failover', () => {
  it('loses and repeats nothing when the leader is killed mid-stream', async () => {
    const { nodes, feed, jetstream } = cluster;
    const inboxes = new Map<string, Post[]>();
    for (const node of nodes) {
      const socket = await node.client();
      inboxes.set(node.id, received(socket));
      await follow(socket, 'kitten');
    }
    const leader = await cluster.leader();
    feed.attach(await jetstream.nextConnection());

    const t0 = Date.now() * 1_000;
    const expected: string[] = [];
    let n = 0;
    const sendSome = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++, n++) {
        const matches = n % 3 !== 0;
        feed.send(postFrame(testDid(n), `r${n}`, matches ? `kitten ${n}` : `puppy ${n}`, t0 + n * 1_000));
        if (matches) expected.push(`${testDid(n)}/r${n}`);
        if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    await sendSome(60);
    const survivors = nodes.filter((node) => node !== leader);
    await waitUntil(() => survivors.every((node) => inboxes.get(node.id)!.length > 10), 'posts flowing before the kill');

    // Mid-stream: frames keep coming while the leader dies and until another one connects
    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    const next = jetstream.nextConnection();
    await sendSome(40);
    const connection = await next;
    const takeoverMs = Date.now() - killedAt;
    feed.attach(connection); // Jetstream replays from the cursor the new leader asked for
    await sendSome(20);

    // The killed node's page, as the page does on reconnect: another node, its last cursor as `since`
    const before = inboxes.get(leader.id)!;
    const since = before.at(-1)!.cursor!;
    const resumed = await survivors[0]!.client();
    const after = received(resumed);
    const receipt = await new Promise<unknown>((resolve) => resumed.emit('updateTerm', { term: 'kitten', since }, resolve));
    expect(receipt).toMatchObject({ data: { term: 'kitten', replay: { complete: true } } });
    await sendSome(20);
    const newLeader = await cluster.leader(survivors);
    expect(connection.cursor).not.toBeNull();

    const last = expected.at(-1)!;
    await waitUntil(() => survivors.every((node) => inboxes.get(node.id)!.some((post) => post.id === last)), 'the last post on every survivor');
    for (const node of survivors) {
      const ids = inboxes.get(node.id)!.map((post) => post.id);
      expect(new Set(ids).size).toBe(ids.length); // nothing twice
      expect([...ids].sort()).toEqual([...expected].sort()); // nothing lost
    }
    await waitUntil(() => after.some((post) => post.id === last), 'the last post on the resumed page');
    const onThePage = [...before, ...after].map((post) => post.id);
    expect(new Set(onThePage).size).toBe(onThePage.length); // nothing twice across the move
    expect([...onThePage].sort()).toEqual([...expected].sort()); // nothing lost across the move
    expect(jetstream.connections).toHaveLength(2);
    expect(newLeader).not.toBe(leader);
    console.info(`failover: a new leader connected ${takeoverMs} ms after SIGKILL (lease ${LEASE_MS} ms); ${expected.length} matching posts, each delivered once`);
  });
});
