// The push API, the admin view and the widget's viewer counts across a cluster: a post
// pushed to one node reaches a page on another, a repeated id is caught whichever node it
// was pushed to, /admin lists every node, and /healthz sums the widget viewers of all.
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../../lib/contract/events.ts';
import type { AdminSnapshot } from '../../lib/contract/admin-events.ts';
import { follow, received, startTestCluster, waitUntil, type ClusterClient, type TestCluster } from '../helpers/cluster.ts';
import { redisInstalled } from '../helpers/redis-server.ts';

const TOKEN = 'cluster-push-token-'.padEnd(48, 'x');
const PASSWORD = 'cluster admin password';
const BLOG = 'https://blog.example';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 2, env: { INGEST_TOKENS: TOKEN, ADMIN_PASSWORD: PASSWORD, EMBED_ORIGINS: BLOG } });
});
afterAll(() => cluster?.close());

const push = (url: string, body: unknown) =>
  fetch(`${url}/api/posts`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.skipIf(!redisInstalled)('a cluster with the push API, the admin view and embeds', () => {
  it('delivers a post pushed to one node on another, once, and counts a repeat pushed to the first node as a duplicate', async () => {
    const [one, two] = cluster.nodes;
    const page = await one!.client();
    const inbox: Post[] = received(page);
    await follow(page, 'heron');
    expect(await (await push(two!.url, { id: 'pushed-1', text: 'a heron at dawn' })).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    await waitUntil(() => inbox.length === 1, 'the pushed post on the other node');
    expect(inbox[0]).toMatchObject({ id: 'pushed-1', text: 'a heron at dawn', source: 'push' });
    expect(await (await push(one!.url, { id: 'pushed-1', text: 'a heron at dawn' })).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await (await push(two!.url, { id: 'pushed-2', text: 'another heron' })).json()).toMatchObject({ accepted: 1 });
    await waitUntil(() => inbox.length === 2, 'the next pushed post');
    expect(inbox.map((post) => post.id)).toEqual(['pushed-1', 'pushed-2']);
    page.disconnect();
  });

  it('lists every node in the admin view, with the one that leads', async () => {
    const [one] = cluster.nodes;
    const authorization = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
    const { token } = (await (await fetch(`${one!.url}/admin/token`, { headers: { authorization } })).json()) as { token: string };
    const admin = connect(`${one!.url}/admin`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
    const snapshot = await new Promise<AdminSnapshot>((resolve) =>
      admin.on('adminSnapshot' as never, (s: AdminSnapshot) => {
        if (s.nodes.length === 2) resolve(s);
      }),
    );
    admin.disconnect();
    expect(snapshot.nodes.map((node) => node.id).sort()).toEqual(['node-1', 'node-2']);
    expect(snapshot.nodes.filter((node) => node.leader)).toHaveLength(1);
  });

  it("sums the widget viewers of every node in each node's /healthz", async () => {
    const [one, two] = cluster.nodes;
    const widget = async (url: string): Promise<ClusterClient> => {
      const socket: ClusterClient = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: BLOG } });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      await follow(socket, 'heron');
      return socket;
    };
    const onOne = await widget(one!.url);
    const onTwo = await widget(two!.url);
    const embeds = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as { embeds: Record<string, number> }).embeds;
    await waitUntil(async () => (await embeds(one!.url))[BLOG] === 2 && (await embeds(two!.url))[BLOG] === 2, 'two viewers of the blog on both nodes');
    onTwo.disconnect();
    await waitUntil(async () => (await embeds(one!.url))[BLOG] === 1, "node 2's viewer gone from node 1's count");
    onOne.disconnect();
  });
});
