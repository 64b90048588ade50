import { describe, expect, it } from 'vitest';
import { countOrigins, MAX_ORIGINS, OTHER_ORIGINS } from '../../../lib/cluster/origins.ts';
import { startServer } from '../../helpers/server.ts';

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('countOrigins', () => {
  it("counts this node's sockets by page origin, and forgets one that left", async () => {
    const server = await startServer();
    const origins = countOrigins();
    origins.attach(server.io);
    const a = await server.client({ extraHeaders: { origin: server.url } });
    await server.client({ extraHeaders: { origin: server.url } });
    await server.client();
    await until(() => origins.counts()[server.url] === 2);
    expect(origins.counts()).toEqual({ [server.url]: 2, none: 1 });
    a.disconnect();
    await until(() => origins.counts()[server.url] === 1);
  });

  it(`counts past ${MAX_ORIGINS} origins together`, () => {
    const origins = countOrigins();
    const connections: ((origin: string) => void)[] = [];
    const io = {
      on: (_event: string, listener: (socket: unknown) => void) =>
        connections.push((origin) => listener({ handshake: { headers: { origin } }, once: () => undefined })),
    };
    origins.attach(io as never);
    for (let i = 0; i <= MAX_ORIGINS + 5; i++) connections[0]!(`https://site${i}.example`);
    const counts = origins.counts();
    expect(Object.keys(counts)).toHaveLength(MAX_ORIGINS + 1);
    expect(counts[OTHER_ORIGINS]).toBe(6);
  });
});
