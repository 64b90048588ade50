// The Bluesky public AppView, faked with msw: getProfiles answers for any DID,
// records every call, counts the calls open at once, and can be told to fail or to be
// slow. Loopback traffic (Socket.IO, the fake Jetstream) passes through untouched.
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

export const API_BASE = 'https://public.api.bsky.app';

export interface FakeBskyApi {
  /** The actors asked for in each getProfiles call, in order. */
  calls: string[][];
  /** While set, getProfiles answers with this HTTP status instead. */
  failWith: number | null;
  /** DIDs the API does not know (deleted accounts). */
  unknown: Set<string>;
  /** ms each getProfiles call takes to answer (0: at once), so calls overlap as a busy API's do. */
  delayMs: number;
  /** getProfiles calls open right now, and the most ever open at once since the last reset. */
  inFlight: number;
  peakInFlight: number;
  listen(): void;
  reset(): void;
  close(): void;
}

/** The handle the fake gives a DID: its last 6 characters under .bsky.social. */
export function handleOf(did: string): string {
  return `user-${did.slice(-6)}.bsky.social`;
}

export function fakeBskyApi(base = API_BASE): FakeBskyApi {
  const api: FakeBskyApi = {
    calls: [],
    failWith: null,
    unknown: new Set(),
    delayMs: 0,
    inFlight: 0,
    peakInFlight: 0,
    listen() {
      server.listen({
        onUnhandledRequest(request, print) {
          const { hostname } = new URL(request.url);
          if (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]') return;
          print.error();
        },
      });
    },
    reset() {
      api.calls = [];
      api.failWith = null;
      api.unknown.clear();
      api.delayMs = 0;
      api.peakInFlight = 0; // inFlight stays true: a call from the last test may still be answering
    },
    close: () => server.close(),
  };

  const server = setupServer(
    http.get(`${base}/xrpc/app.bsky.actor.getProfiles`, async ({ request }) => {
      const actors = new URL(request.url).searchParams.getAll('actors');
      api.calls.push(actors);
      api.inFlight += 1;
      api.peakInFlight = Math.max(api.peakInFlight, api.inFlight);
      try {
        if (api.delayMs > 0) await delay(api.delayMs);
      } finally {
        api.inFlight -= 1;
      }
      if (api.failWith !== null) return HttpResponse.json({ error: 'InternalServerError' }, { status: api.failWith });
      const profiles = actors
        .filter((did) => !api.unknown.has(did))
        .map((did) => ({
          did,
          handle: handleOf(did),
          displayName: `Name ${did.slice(-6)}`,
          avatar: `https://cdn.bsky.app/img/avatar/plain/${did}/abc@jpeg`,
        }));
      return HttpResponse.json({ profiles });
    }),
  );
  return api;
}
