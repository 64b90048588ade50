// lib/delivery/embed-viewers.ts: widget viewers per embedding site, counted from the real
// Socket.IO server's sockets (Origin header, following a term), capped for /healthz, and
// mergeable across nodes.
import { describe, expect, it } from 'vitest';
import { localEmbedViewers, MAX_LISTED_ORIGINS, mergeOriginCounts, OTHER_ORIGINS, topOrigins } from '../../../lib/delivery/embed-viewers.ts';
import { request, startServer } from '../../helpers/server.ts';

describe('localEmbedViewers', () => {
  it('counts sockets from embedding sites while they follow a term, and never the app’s own pages', async () => {
    const server = await startServer(undefined, { limits: { embedOrigins: ['https://a.example', 'https://b.example'] } });
    const from = (origin: string) => server.client({ extraHeaders: { Origin: origin } });
    const viewers = server.embedViewers;

    const a1 = await from('https://a.example');
    const a2 = await from('https://a.example');
    const b = await from('https://b.example');
    const own = await from(server.url);
    expect(await viewers.perOrigin()).toEqual({}); // connected, but following nothing yet

    for (const socket of [a1, a2, b, own]) await request(socket, 'updateTerm', 'cats');
    expect(await viewers.perOrigin()).toEqual({ 'https://a.example': 2, 'https://b.example': 1 });
    expect(viewers.countLocal()).toEqual(new Map([['https://a.example', 2], ['https://b.example', 1]]));

    a2.disconnect();
    await expect.poll(() => viewers.perOrigin()).toEqual({ 'https://a.example': 1, 'https://b.example': 1 });
  });

  it('counts any embedding site for *, and still not the app itself', async () => {
    const server = await startServer(undefined, { limits: { embedOrigins: '*' } });
    const someone = await server.client({ extraHeaders: { Origin: 'https://someone.example' } });
    const own = await server.client({ extraHeaders: { Origin: server.url } });
    for (const socket of [someone, own]) await request(socket, 'updateTerm', 'cats');
    expect(await server.embedViewers.perOrigin()).toEqual({ 'https://someone.example': 1 });
  });

  it('works on any Socket.IO server it is given', async () => {
    const server = await startServer();
    const viewers = localEmbedViewers({ io: server.io, allowedOrigins: [], embedOrigins: '*' });
    const client = await server.client({ extraHeaders: { Origin: server.url } });
    await request(client, 'updateTerm', 'cats');
    expect(await viewers.perOrigin()).toEqual({ [server.url]: 1 }); // here the app's origin is not one of its own
  });
});

describe('topOrigins', () => {
  it(`lists the busiest ${MAX_LISTED_ORIGINS} sites, ties by name, and sums the rest under "${OTHER_ORIGINS}"`, () => {
    const counts = new Map(Array.from({ length: MAX_LISTED_ORIGINS + 3 }, (_, i) => [`https://s${String(i).padStart(2, '0')}.example`, i < 2 ? 5 : 1]));
    const listed = topOrigins(counts);
    expect(Object.keys(listed)).toHaveLength(MAX_LISTED_ORIGINS + 1);
    expect(Object.entries(listed).slice(0, 3)).toEqual([['https://s00.example', 5], ['https://s01.example', 5], ['https://s02.example', 1]]);
    expect(listed[OTHER_ORIGINS]).toBe(3);
  });

  it('leaves out sites with no viewers, and adds no "other" when nothing is left over', () => {
    expect(topOrigins(new Map([['https://a.example', 0], ['https://b.example', 2]]), 5)).toEqual({ 'https://b.example': 2 });
  });
});

describe('mergeOriginCounts', () => {
  it("sums each node's counts per site", () => {
    const merged = mergeOriginCounts([new Map([['https://a.example', 2]]), new Map([['https://a.example', 1], ['https://b.example', 4]])]);
    expect(merged).toEqual(new Map([['https://a.example', 3], ['https://b.example', 4]]));
  });
});
