import { describe, expect, it } from 'vitest';
import { MAX_BATCH_POSTS } from '../../../lib/delivery/batcher.ts';
import type { Post } from '../../../lib/contract/events.ts';
import { collectPosts, request, settle, startServer, type TestClient, type TestServer } from '../../helpers/server.ts';

const WINDOW = 50; // ms, the shortest window a client may ask for

let server: TestServer;

/** Resolves with the next batch the client receives. */
function nextBatch(socket: TestClient): Promise<string[]> {
  return new Promise((resolve) => socket.once('tweetBatch', (posts: Post[]) => resolve(posts.map((p) => p.text))));
}

function collectBatches(socket: TestClient): string[][] {
  const batches: string[][] = [];
  socket.on('tweetBatch', (posts) => batches.push(posts.map((p) => p.text)));
  return batches;
}

describe('tweetBatch', () => {
  it("sends a batched client one batch per window with that window's posts in order", async () => {
    server = await startServer();
    const socket = await server.client({ auth: { batchMs: WINDOW } });
    const singles = collectPosts(socket);
    await request(socket, 'updateTerm', 'cats');

    const batch = nextBatch(socket);
    for (const n of [1, 2, 3, 4, 5]) server.source.push(`cats ${n}`);
    server.source.push('dogs only');

    expect(await batch).toEqual(['cats 1', 'cats 2', 'cats 3', 'cats 4', 'cats 5']);
    expect(singles).toEqual([]);
  });

  it('keeps one tweets per post for a client that did not ask, beside a batched one', async () => {
    server = await startServer();
    const plain = await server.client();
    const batched = await server.client({ auth: { batchMs: WINDOW } });
    const singles = collectPosts(plain);
    const plainBatches = collectBatches(plain);
    await request(plain, 'updateTerm', 'cats');
    await request(batched, 'updateTerm', 'cats');

    const batch = nextBatch(batched);
    server.source.push('cats one');
    server.source.push('cats two');

    expect(await batch).toEqual(['cats one', 'cats two']);
    expect(singles).toEqual(['cats one', 'cats two']);
    expect(plainBatches).toEqual([]);
  });

  it('starts a new batch for posts after a flush, so windows never merge or reorder', async () => {
    server = await startServer();
    const socket = await server.client({ auth: { batchMs: WINDOW } });
    await request(socket, 'updateTerm', 'cats');

    const first = nextBatch(socket);
    server.source.push('cats a');
    expect(await first).toEqual(['cats a']);
    const second = nextBatch(socket);
    server.source.push('cats b');
    server.source.push('cats c');
    expect(await second).toEqual(['cats b', 'cats c']);
  });

  it('flushes a full batch at once instead of holding more than the bound', async () => {
    server = await startServer();
    const socket = await server.client({ auth: { batchMs: 1000 } });
    await request(socket, 'updateTerm', 'cats');

    const batch = nextBatch(socket);
    for (let n = 0; n < MAX_BATCH_POSTS; n += 1) server.source.push(`cats ${n}`);
    expect(await batch).toHaveLength(MAX_BATCH_POSTS);
  });
});

describe('stopStream', () => {
  it('sends a batched client nothing after the ack, not even the window it was in', async () => {
    server = await startServer();
    const stopping = await server.client({ auth: { batchMs: WINDOW } });
    const staying = await server.client({ auth: { batchMs: WINDOW } });
    const received = collectBatches(stopping);
    await request(stopping, 'updateTerm', 'cats');
    await request(staying, 'updateTerm', 'cats');

    const batch = nextBatch(staying);
    server.source.push('cats pending'); // waits in the window both clients share
    expect(await request(stopping, 'stopStream')).toEqual({ data: { paused: true } });
    server.source.push('cats after');

    expect(await batch).toEqual(['cats pending', 'cats after']);
    await settle(WINDOW * 2);
    expect(received).toEqual([]);
  });

  it('moves a batched client to its new term without the old term pending', async () => {
    server = await startServer();
    const socket = await server.client({ auth: { batchMs: WINDOW } });
    const other = await server.client({ auth: { batchMs: WINDOW } });
    await request(socket, 'updateTerm', 'cats');
    await request(other, 'updateTerm', 'cats');

    server.source.push('cats pending');
    await request(socket, 'updateTerm', 'dogs');
    const batch = nextBatch(socket);
    server.source.push('dogs now');

    expect(await batch).toEqual(['dogs now']);
  });
});

describe('reference counting', () => {
  it('follows a term once for plain and batched followers, and drops it when all leave', async () => {
    server = await startServer();
    const plain = await server.client();
    const fast = await server.client({ auth: { batchMs: 50 } });
    const slow = await server.client({ auth: { batchMs: 200 } });
    for (const socket of [plain, fast, slow]) await request(socket, 'updateTerm', 'cats');

    expect([...server.source.followed.keys()]).toEqual(['term:*:cats']);
    expect(server.hub.index.size).toBe(1);

    for (const socket of [plain, fast, slow]) await request(socket, 'stopStream');
    expect(server.source.followed.size).toBe(0);
    expect(server.hub.index.size).toBe(0);
    expect(server.hub.index.indexedTokens).toBe(0);
  });

  it('gives each window length its own batches', async () => {
    server = await startServer();
    const fast = await server.client({ auth: { batchMs: 50 } });
    const slow = await server.client({ auth: { batchMs: 200 } });
    await request(fast, 'updateTerm', 'cats');
    await request(slow, 'updateTerm', 'cats');

    const fastBatch = nextBatch(fast);
    const slowBatch = nextBatch(slow);
    server.source.push('cats both');
    expect(await fastBatch).toEqual(['cats both']);
    expect(await slowBatch).toEqual(['cats both']);
  });
});
