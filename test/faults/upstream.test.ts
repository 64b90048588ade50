// Fault suite, upstream faults for the offline sources (demo, file, and the hub's
// handling of any source): every page hears the status, and nothing crashes. Bluesky
// and X faults are tested beside those sources; GET /healthz in test/routes/health.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { StreamStatus } from '../../lib/contract/events.ts';
import { createLogger } from '../../lib/support/logger.ts';
import { FileSource } from '../../lib/sources/file.ts';
import { request, startServer, stillServes, type TestServer } from '../helpers/server.ts';
import { ManualSource } from '../helpers/manual-source.ts';

let server: TestServer;

function captureLogs(): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
  return {
    logger: createLogger('debug', stream),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('upstream faults', () => {
  it('tells every page when the upstream drops and when it comes back', async () => {
    server = await startServer();
    const pages = [await server.client(), await server.client()];
    const heard = pages.map((page) => {
      const statuses: StreamStatus[] = [];
      page.on('status', (status) => statuses.push(status));
      return statuses;
    });
    server.source.announce('reconnecting', undefined, 2_000);
    server.source.announce('error', 'The stream is unavailable.');
    server.source.announce('live');
    for (const statuses of heard) {
      await vi.waitFor(() => expect(statuses.map((s) => s.state)).toEqual(['reconnecting', 'error', 'live']));
    }
    await stillServes(server);
  });

  it('logs an upstream error event and keeps serving', async () => {
    const { logger, lines } = captureLogs();
    server = await startServer(new ManualSource(), { logger });
    server.source.emit('error', new Error('socket hang up'));
    expect(lines().some((line) => line.msg === 'upstream error')).toBe(true);
    await stillServes(server);
  });

  it('contains a source that throws when a term is followed or dropped', async () => {
    const source = new ManualSource();
    const explode = (): never => {
      throw new Error('rules endpoint exploded');
    };
    source.follow = explode;
    source.unfollow = explode;
    const { logger, lines } = captureLogs();
    server = await startServer(source, { logger });
    const client = await server.client();
    expect(await request(client, 'updateTerm', 'cats')).toHaveProperty('data');
    expect(await request(client, 'updateTerm', 'dogs')).toHaveProperty('data');
    expect(lines().filter((line) => line.msg === 'contained an error')).toHaveLength(3); // follow, unfollow, follow
    await stillServes(server);
  });

  it('contains junk posts that slip past a source', async () => {
    const { logger, lines } = captureLogs();
    server = await startServer(new ManualSource(), { logger });
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    server.source.emit('post', { text: null } as never);
    server.source.emit('post', undefined as never);
    expect(lines().filter((line) => line.msg === 'contained an error')).toHaveLength(2);
    await stillServes(server);
  });

  it('replays a file full of junk lines, skipping them and serving the good ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'replay-'));
    const file = path.join(dir, 'posts.jsonl');
    writeFileSync(file, ['{not json', '[]', '{"text":""}', '{"text":42}', '\u0000\u0001', '{"text":"cats are live"}', '{"text":"x","user_profile_image":"javascript:alert(1)"}'].join('\n'));
    const source = new FileSource({ path: file, rate: 1_000 });
    expect(source.skipped).toBe(5);
    const replay = await startServer(source);
    const client = await replay.client();
    await request(client, 'updateTerm', 'cats');
    const post = await new Promise((resolve) => client.once('tweets', resolve));
    expect(post).toMatchObject({ text: 'cats are live', source: 'file' });
  });
});
