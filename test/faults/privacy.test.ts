// Fault suite, privacy: the demo weaves each followed term into posts so every search
// shows a match at once. One visitor's words must never reach another through that:
// here B follows common words that fill every woven post, and must never see A's word.
import { describe, expect, it } from 'vitest';
import type { TestClient, TestServer } from '../helpers/server.ts';
import { request, startServer } from '../helpers/server.ts';
import { DemoSource } from '../../lib/sources/demo.ts';
import { OPENERS } from '../../lib/sources/demo-corpus.ts';

const SECRET = 'zanzibar';
const RATE = 500; // posts/s, so the test sees many woven posts quickly
const WOVEN_FOR_A = 20; // posts of A's to wait for before looking at what B saw

// Ten words between them in every opener the demo starts a post with, woven or not
const COMMON = 'saw, about, hot, reminder, honestly, learned, news, loving, thread, quick';

async function follower(server: TestServer<DemoSource>, term: string): Promise<{ client: TestClient; texts: string[] }> {
  const client = await server.client();
  const texts: string[] = [];
  client.on('tweets', (post) => texts.push(post.text));
  const answer = await request(client, 'updateTerm', term);
  expect(answer).toHaveProperty('data');
  return { client, texts };
}

describe('a demo post woven around one visitor\'s term', () => {
  it('never reaches another visitor whose words it also contains', async () => {
    expect(OPENERS.every((opener) => COMMON.split(', ').some((word) => opener.toLowerCase().split(/\W+/).includes(word)))).toBe(true);
    const server = await startServer(new DemoSource({ rate: RATE, seed: 1 }));
    const b = await follower(server, COMMON);
    const a = await follower(server, SECRET);
    await until(() => a.texts.filter((text) => text.includes(SECRET)).length >= WOVEN_FOR_A);

    expect(b.texts.length).toBeGreaterThan(0); // B is served: its own woven posts and the corpus's
    expect(b.texts.filter((text) => text.toLowerCase().includes(SECRET))).toEqual([]);

    // Still serving: a fresh visitor's term is woven into a post for it at once
    const fresh = await follower(server, 'healthcheck');
    await until(() => fresh.texts.some((text) => text.includes('healthcheck')));
  });
});

/** Resolves once `done()` holds, checking as posts arrive; the test's own timeout bounds it. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
}
