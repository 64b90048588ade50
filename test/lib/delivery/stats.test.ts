// The live counters: termStats per term room, streamStats to every page.
import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type { StreamStats, TermStats } from '../../../lib/contract/events.ts';
import { termKey } from '../../../lib/delivery/rooms.ts';
import { ManualSource } from '../../helpers/manual-source.ts';
import { request, startServer, type TestClient, type TestServer } from '../../helpers/server.ts';

let server: TestServer;


function nextTermStats(client: TestClient): Promise<TermStats> {
  return new Promise((resolve) => client.once('termStats', resolve));
}

/** Resolves when the client hears that `count` pages watch its term. */
function watchersReach(client: TestClient, count: number): Promise<void> {
  return new Promise((resolve) => {
    const listener = (stats: TermStats): void => {
      if (stats.watchers !== count) return;
      client.off('termStats', listener);
      resolve();
    };
    client.on('termStats', listener);
  });
}

function nextStreamStats(client: TestClient): Promise<StreamStats> {
  return new Promise((resolve) => client.once('streamStats', resolve));
}

describe('termStats', () => {
  it('adds the viewers on other cluster nodes, and tells the term again when their count changes', async () => {
    const elsewhere = new Map<string, number>();
    const remote = Object.assign(new EventEmitter(), { remoteWatchers: (termKey: string) => elsewhere.get(termKey) ?? 0 });
    server = await startServer(new ManualSource(), { remote });
    const client = await server.client();
    const key = termKey({ term: 'owls', lang: null });
    elsewhere.set(key, 5);
    const joined = nextTermStats(client);
    await request(client, 'updateTerm', 'owls');
    expect(await joined).toEqual({ term: 'owls', lang: null, watchers: 6 });
    elsewhere.set(key, 2);
    const changed = watchersReach(client, 3);
    remote.emit('change', [key, termKey({ term: 'nobody here', lang: null })]);
    await changed;
  });

  it('announces a crowd joining at once in a few messages, not one per page', async () => {
    server = await startServer();
    const CROWD = 30;
    const clients = await Promise.all(Array.from({ length: CROWD }, () => server.client()));
    const heard: number[] = [];
    clients[0]!.on('termStats', ({ watchers }) => heard.push(watchers));
    const everyone = watchersReach(clients[0]!, CROWD);
    await Promise.all(clients.map((client) => request(client, 'updateTerm', 'cats')));
    await everyone;
    expect(heard.at(-1)).toBe(CROWD);
    expect(heard.length).toBeLessThanOrEqual(4); // one at once, then one per 250 ms window
  });

  it('tells everyone on a term how many pages watch it as pages join and leave', async () => {
    server = await startServer();
    const first = await server.client();
    const second = await server.client();

    const joined = nextTermStats(first);
    await request(first, 'updateTerm', { term: 'Cats', lang: 'en' });
    expect(await joined).toEqual({ term: 'cats', lang: 'en', watchers: 1 });

    const seenByFirst = nextTermStats(first);
    const seenBySecond = nextTermStats(second);
    await request(second, 'updateTerm', { term: 'cats', lang: 'en' });
    expect((await seenByFirst).watchers).toBe(2);
    expect((await seenBySecond).watchers).toBe(2);

    const left = nextTermStats(first);
    second.disconnect();
    expect((await left).watchers).toBe(1);
  });

  it('counts a paused page as no longer watching', async () => {
    server = await startServer();
    const first = await server.client();
    const second = await server.client();
    await request(first, 'updateTerm', 'dogs');
    const both = watchersReach(first, 2);
    await request(second, 'updateTerm', 'dogs');
    await both;

    const paused = nextTermStats(first);
    await request(second, 'stopStream');
    expect((await paused).watchers).toBe(1);
  });

  it('keeps other terms out of the count', async () => {
    server = await startServer();
    const first = await server.client();
    const second = await server.client();
    await request(first, 'updateTerm', 'dogs');
    let heard = 0;
    first.on('termStats', () => (heard += 1));
    await request(second, 'updateTerm', 'cats');
    await request(first, 'startStream'); // a round trip, so anything sent to first has arrived
    expect(heard).toBe(0);
  });
});

describe('streamStats', () => {
  it('gives a page the scanned total the moment it joins a term, before the ack', async () => {
    server = await startServer();
    server.source.push('one');
    server.source.push('two');
    const client = await server.client();
    const heard: number[] = [];
    client.on('streamStats', ({ scanned }) => heard.push(scanned));
    await request(client, 'updateTerm', 'cats');
    expect(heard).toEqual([2]);
  });

  it('sends the running total to every page that asked for it, as posts are scanned', async () => {
    server = await startServer();
    const client = await server.client({ auth: { stats: true } });
    server.source.push('one');
    server.source.push('two');
    server.source.push('three');
    let stats = await nextStreamStats(client);
    while (stats.scanned < 3) stats = await nextStreamStats(client);
    expect(stats.scanned).toBe(3);
  });

  it('sends nothing once a second to a client that did not ask', async () => {
    server = await startServer();
    const quiet = await server.client();
    const asked = await server.client({ auth: { stats: true } });
    let heard = 0;
    quiet.on('streamStats', () => (heard += 1));
    server.source.push('one');
    await nextStreamStats(asked);
    // The same broadcast reached the asking client; a round trip flushes anything sent to the quiet one
    await request(quiet, 'stopStream');
    expect(heard).toBe(0);
  });
});
