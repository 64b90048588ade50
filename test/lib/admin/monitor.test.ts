// lib/admin/monitor.ts: a snapshot reads the hub, the counters and the seams; the busiest
// terms come first; a failing nodes provider falls back to this process alone.
import { describe, expect, it } from 'vitest';
import { AdminMonitor, TOP_TERMS } from '../../../lib/admin/monitor.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { request, startServer } from '../../helpers/server.ts';

async function monitored(extra: Partial<ConstructorParameters<typeof AdminMonitor>[0]> = {}) {
  const server = await startServer();
  const { hub, activity, io } = server.socketIO;
  const monitor = new AdminMonitor({ source: server.source, hub, activity, sockets: () => io.of('/').sockets.size, nodeId: 'here', logger: silentLogger(), ...extra });
  return { server, monitor };
}

describe('AdminMonitor', () => {
  it('lists the busiest terms first, by sockets receiving them, at most TOP_TERMS', async () => {
    const { server, monitor } = await monitored();
    const follow = async (term: string, count: number) => {
      for (let i = 0; i < count; i += 1) await request(await server.client(), 'updateTerm', term);
    };
    await follow('cats', 1);
    await follow('dogs', 3);
    await request(await server.client(), 'updateTerm', { term: 'birds', lang: 'en' });
    await request(await server.client(), 'updateTerm', { term: 'birds', lang: 'en' });
    for (let i = 0; i < TOP_TERMS; i += 1) await follow(`term${i}`, 1);
    const top = monitor.topTerms();
    expect(top).toHaveLength(TOP_TERMS);
    expect(top.slice(0, 2)).toEqual([
      { term: 'dogs', lang: null, watchers: 3 },
      { term: 'birds', lang: 'en', watchers: 2 },
    ]);
    monitor.close();
  });

  it('counts the feed while open and stops when closed', async () => {
    const { server, monitor } = await monitored();
    server.source.push('one');
    monitor.close();
    server.source.push('two');
    expect(monitor.feed.take(0).seen).toBe(1);
  });

  it('reports this process alone, as leader, without a nodes provider', async () => {
    const { monitor } = await monitored();
    expect(await monitor.nodes()).toEqual([{ id: 'here', sockets: 0, leader: true }]);
    monitor.close();
  });

  it('falls back to this process when the nodes provider fails, with the leader seam', async () => {
    const { monitor } = await monitored({
      nodes: async () => {
        throw new Error('redis down');
      },
      leader: () => false,
    });
    expect(await monitor.nodes()).toEqual([{ id: 'here', sockets: 0, leader: false }]);
    monitor.close();
  });

  it('makes a snapshot with rates, delay and memory as numbers', async () => {
    const { server, monitor } = await monitored();
    monitor.sample(0);
    server.source.push('a');
    server.source.push('b');
    monitor.sample(1000);
    const snapshot = await monitor.snapshot(1000);
    expect(snapshot.posts.perSecond).toBe(2);
    expect(snapshot.totals.postsIn).toBe(2);
    expect(snapshot.ingest).toBeNull();
    for (const n of [...Object.values(snapshot.eventLoopDelayMs), ...Object.values(snapshot.memoryBytes)]) expect(Number.isFinite(n)).toBe(true);
    expect(snapshot.memoryBytes.rss).toBeGreaterThan(0);
    monitor.close();
  });
});
