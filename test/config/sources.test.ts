// config/sources.ts: STREAM_SOURCE picks the upstream, built from its own settings.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../config/env.ts';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { createSource } from '../../config/sources.ts';
import { BlueskySource } from '../../lib/sources/bluesky/stream.ts';
import { DemoSource } from '../../lib/sources/demo.ts';
import { FileSource } from '../../lib/sources/file.ts';
import { silentLogger } from '../../lib/support/logger.ts';
import { XSource } from '../../lib/sources/x/stream.ts';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'posts.jsonl');

describe('createSource', () => {
  it('builds the demo source by default', () => {
    const source = createSource(loadConfig({}));
    expect(source).toBeInstanceOf(DemoSource);
    expect(source.name).toBe('demo');
  });

  it('builds the file source from STREAM_FILE', () => {
    const source = createSource(loadConfig({ STREAM_SOURCE: 'file', STREAM_FILE: FIXTURE }));
    expect(source).toBeInstanceOf(FileSource);
    expect(source.name).toBe('file');
    // The path really is the one read: a missing file fails at once
    expect(() => createSource(loadConfig({ STREAM_SOURCE: 'file', STREAM_FILE: `${FIXTURE}.missing` }))).toThrow(`STREAM_FILE cannot be read: ${FIXTURE}.missing`);
  });

  it('builds the Bluesky source from JETSTREAM_URLS', () => {
    const source = createSource(loadConfig({ STREAM_SOURCE: 'bluesky', JETSTREAM_URLS: 'ws://127.0.0.1:6008/subscribe' }));
    expect(source).toBeInstanceOf(BlueskySource);
    expect(source.name).toBe('bluesky');
  });

  it('gives the Bluesky source its max rewind from JETSTREAM_MAX_REWIND_MINUTES', () => {
    const source = createSource(loadConfig({ STREAM_SOURCE: 'bluesky', JETSTREAM_MAX_REWIND_MINUTES: '3' })) as BlueskySource;
    expect(source.stats.maxRewindMs).toBe(3 * 60_000);
  });

  it('gives the X source each address\'s share from X_NEW_TERMS_PER_ADDRESS', () => {
    const config = loadConfig({ STREAM_SOURCE: 'x', X_BEARER_TOKEN: 'secret-value', X_NEW_TERMS_PER_ADDRESS: '1' });
    const source = createSource(config, { logger: silentLogger() });
    const query = (word: string) => ({ alternatives: [[word]], mutes: [], lang: null });
    expect(source.admit('term:*:cats', query('cats'), '192.0.2.1')).toBeNull();
    expect(source.admit('term:*:dogs', query('dogs'), '192.0.2.1')).toBe(CLIENT_ERRORS.xTooManyNewTerms);
  });

  it('builds the X source from the settings', () => {
    const config = loadConfig({ STREAM_SOURCE: 'x', X_BEARER_TOKEN: 'secret-value' });
    const source = createSource(config, { logger: silentLogger() });
    expect(source).toBeInstanceOf(XSource);
    expect(source.name).toBe('x');
  });

  it('names a source it does not know, rather than guessing', () => {
    const config = { ...loadConfig({}), STREAM_SOURCE: 'mastodon' } as unknown as Config;
    expect(() => createSource(config)).toThrow('STREAM_SOURCE=mastodon is not available yet');
  });
});
