// config/env.ts: every setting is read once, validated, and explained in one line when wrong.
import { describe, expect, it } from 'vitest';
import { ConfigError, limitsFrom, loadConfig } from '../../config/env.ts';

describe('loadConfig', () => {
  it('has defaults that run the demo on localhost:3000', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: 'localhost',
      STREAM_SOURCE: 'demo',
      STREAM_RATE: 10,
      STREAM_SEED: 42,
      LOG_LEVEL: 'info',
    });
  });

  it('reads and converts every setting', () => {
    const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', STREAM_SOURCE: 'file', STREAM_FILE: 'posts.jsonl', STREAM_RATE: '2.5', LOG_LEVEL: 'debug' });
    expect(config).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', STREAM_SOURCE: 'file', STREAM_FILE: 'posts.jsonl', STREAM_RATE: 2.5, LOG_LEVEL: 'debug' });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid setting PORT: "abc" is not valid/],
    [{ PORT: '70000' }, /^Invalid setting PORT: "70000" is not valid/],
    [{ STREAM_SOURCE: 'twitter' }, /^Invalid setting STREAM_SOURCE: "twitter" is not one of demo, file/],
    [{ STREAM_RATE: '0' }, /^Invalid setting STREAM_RATE: "0" is not valid/],
    [{ STREAM_RATE: '-1' }, /^Invalid setting STREAM_RATE/],
    [{ STREAM_RATE: '5000' }, /^Invalid setting STREAM_RATE: "5000" is not valid/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid setting LOG_LEVEL: "loud" is not one of fatal, error/],
    [{ STREAM_SOURCE: 'file' }, /^Invalid setting STREAM_FILE: is required when STREAM_SOURCE=file$/],
  ])('rejects %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('JETSTREAM_URLS', () => {
  it('defaults to the four public Jetstream hosts', () => {
    expect(loadConfig({}).JETSTREAM_URLS).toEqual([
      'wss://jetstream1.us-east.bsky.network/subscribe',
      'wss://jetstream2.us-east.bsky.network/subscribe',
      'wss://jetstream1.us-west.bsky.network/subscribe',
      'wss://jetstream2.us-west.bsky.network/subscribe',
    ]);
  });

  it('takes a comma-separated list, with plain ws:// allowed on this machine only', () => {
    const urls = loadConfig({ JETSTREAM_URLS: 'ws://127.0.0.1:6008/subscribe, wss://jet.example.org/proxy/subscribe,' }).JETSTREAM_URLS;
    expect(urls).toEqual(['ws://127.0.0.1:6008/subscribe', 'wss://jet.example.org/proxy/subscribe']);
    expect(Object.isFrozen(urls)).toBe(true);
  });

  it('rejects a plain ws:// URL to another machine in one clear line', () => {
    expect(() => loadConfig({ JETSTREAM_URLS: 'ws://jet.example.org/subscribe' })).toThrow(
      'Invalid setting JETSTREAM_URLS: "ws://jet.example.org/subscribe" must use wss://, or ws:// on localhost',
    );
  });

  it('rejects a URL that is not a subscribe endpoint, and text that is not a URL', () => {
    expect(() => loadConfig({ JETSTREAM_URLS: 'wss://jet.example.org/' })).toThrow(
      'Invalid setting JETSTREAM_URLS: "wss://jet.example.org/" must end in /subscribe',
    );
    expect(() => loadConfig({ JETSTREAM_URLS: 'jetstream' })).toThrow('Invalid setting JETSTREAM_URLS: "jetstream" is not a URL');
  });
});

describe('BSKY_PUBLIC_API', () => {
  it('defaults to the public AppView', () => {
    expect(loadConfig({}).BSKY_PUBLIC_API).toBe('https://public.api.bsky.app');
  });

  it('accepts https anywhere and http on this machine, without a trailing slash', () => {
    expect(loadConfig({ BSKY_PUBLIC_API: 'https://bsky.example.org/' }).BSKY_PUBLIC_API).toBe('https://bsky.example.org');
    expect(loadConfig({ BSKY_PUBLIC_API: 'http://localhost:2584' }).BSKY_PUBLIC_API).toBe('http://localhost:2584');
  });

  it('rejects plain http to another machine', () => {
    expect(() => loadConfig({ BSKY_PUBLIC_API: 'http://bsky.example.org' })).toThrow(
      'Invalid setting BSKY_PUBLIC_API: "http://bsky.example.org" must use https://, or http:// on localhost',
    );
  });
});

describe('JETSTREAM_MAX_REWIND_MINUTES', () => {
  it('defaults to 10 minutes', () => {
    expect(loadConfig({}).JETSTREAM_MAX_REWIND_MINUTES).toBe(10);
  });

  it('takes whole minutes from 1 to a day', () => {
    expect(loadConfig({ JETSTREAM_MAX_REWIND_MINUTES: '1440' }).JETSTREAM_MAX_REWIND_MINUTES).toBe(1440);
    expect(() => loadConfig({ JETSTREAM_MAX_REWIND_MINUTES: '0' })).toThrow('Invalid setting JETSTREAM_MAX_REWIND_MINUTES: "0" is not valid');
    expect(() => loadConfig({ JETSTREAM_MAX_REWIND_MINUTES: '1441' })).toThrow('Invalid setting JETSTREAM_MAX_REWIND_MINUTES');
    expect(() => loadConfig({ JETSTREAM_MAX_REWIND_MINUTES: '2.5' })).toThrow('Invalid setting JETSTREAM_MAX_REWIND_MINUTES');
  });
});

describe('X_BEARER_TOKEN and X_API_BASE', () => {
  it('needs X_BEARER_TOKEN when STREAM_SOURCE=x, in one line', () => {
    expect(() => loadConfig({ STREAM_SOURCE: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ STREAM_SOURCE: 'x', X_BEARER_TOKEN: '' })).toThrow(
      'Invalid setting X_BEARER_TOKEN: is required when STREAM_SOURCE=x (an X API app bearer token)',
    );
  });

  it('does not need a token for other sources', () => {
    expect(loadConfig({ STREAM_SOURCE: 'demo' }).X_BEARER_TOKEN).toBeUndefined();
  });

  it('defaults X_API_BASE to https://api.x.com', () => {
    expect(loadConfig({ STREAM_SOURCE: 'x', X_BEARER_TOKEN: 't' }).X_API_BASE).toBe('https://api.x.com');
  });

  it.each(['https://proxy.example.com/x/', 'http://127.0.0.1:4010', 'http://localhost:8080', 'http://[::1]:9000'])(
    'accepts X_API_BASE=%s',
    (base) => {
      expect(loadConfig({ X_API_BASE: base }).X_API_BASE).toBe(base.replace(/\/$/, ''));
    },
  );

  it.each([
    ['http://api.x.com', '"http://api.x.com" must use https://, or http:// on localhost'],
    ['http://127.0.0.1.example.com', '"http://127.0.0.1.example.com" must use https://, or http:// on localhost'],
    ['ftp://api.x.com', '"ftp://api.x.com" must use https://, or http:// on localhost'],
    ['api.x.com', '"api.x.com" is not a URL'],
  ])('refuses X_API_BASE=%s', (base, reason) => {
    expect(() => loadConfig({ X_API_BASE: base })).toThrow(`Invalid setting X_API_BASE: ${reason}`);
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('defaults to the app origin from HOST and PORT', () => {
    expect(loadConfig({ HOST: 'localhost', PORT: '4000' }).ALLOWED_ORIGINS).toContain('http://127.0.0.1:4000');
  });

  it('keeps origins in the canonical form browsers send, so case and a default port do not matter', () => {
    expect(loadConfig({ HOST: 'LOCALHOST', PORT: '4000' }).ALLOWED_ORIGINS).toContain('http://localhost:4000');
    expect(loadConfig({ HOST: 'Search.Example', PORT: '80' }).ALLOWED_ORIGINS).toEqual(['http://search.example']);
    expect(loadConfig({ ALLOWED_ORIGINS: 'HTTPS://Search.Example:443/' }).ALLOWED_ORIGINS).toEqual(['https://search.example']);
  });

  it('is one clear line when malformed', () => {
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://a.example/app' })).toThrow(
      'Invalid setting ALLOWED_ORIGINS: must be comma-separated origins such as https://search.example.com',
    );
  });
});

describe('EMBED_ORIGINS', () => {
  it('is no site when unset, so no other page may embed the widget', () => {
    expect(loadConfig({}).EMBED_ORIGINS).toEqual([]);
  });

  it('reads * as every site, and a list in the canonical form browsers send', () => {
    expect(loadConfig({ EMBED_ORIGINS: '*' }).EMBED_ORIGINS).toBe('*');
    expect(loadConfig({ EMBED_ORIGINS: 'https://Blog.Example:443, http://localhost:8080' }).EMBED_ORIGINS).toEqual(['https://blog.example', 'http://localhost:8080']);
  });

  it('is one clear line when malformed', () => {
    expect(() => loadConfig({ EMBED_ORIGINS: 'https://blog.example/posts' })).toThrow(
      'Invalid setting EMBED_ORIGINS: must be * or comma-separated origins such as https://blog.example.org',
    );
  });
});

describe('limitsFrom', () => {
  it('maps each limit setting to the name the guards read', () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: 'https://search.example.com',
      EMBED_ORIGINS: 'https://blog.example',
      MAX_MESSAGE_BYTES: '2048',
      SOCKET_EVENT_BURST: '7',
      SOCKET_EVENTS_PER_SECOND: '3',
      MAX_CONNECTIONS_PER_IP: '4',
      FOLLOW_DEBOUNCE_MS: '250',
      MAX_QUEUED_POSTS: '60',
      MAX_CONNECTIONS: '900',
      MAX_TERMS: '80',
      JOIN_TIMEOUT_MS: '2000',
      SOCKET_REFUSALS_BEFORE_CLOSE: '50',
      MAX_QUEUED_PACKETS: '600',
      MAX_QUEUED_BYTES: '131072',
      TRUST_PROXY: '127.0.0.1',
    });
    expect(limitsFrom(config)).toEqual({
      allowedOrigins: ['https://search.example.com'],
      embedOrigins: ['https://blog.example'],
      maxMessageBytes: 2048,
      eventBurst: 7,
      eventsPerSecond: 3,
      maxConnectionsPerIp: 4,
      followDebounceMs: 250,
      maxQueuedPosts: 60,
      maxConnections: 900,
      maxTerms: 80,
      joinTimeoutMs: 2000,
      refusalsBeforeClose: 50,
      maxQueuedPackets: 600,
      maxQueuedBytes: 131_072,
      trustProxy: ['127.0.0.1'],
    });
  });
});

describe('TRUST_PROXY', () => {
  it('trusts nobody when unset or empty', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '' }).TRUST_PROXY).toEqual([]);
  });

  it('reads a comma-separated list of addresses, CIDRs and named ranges', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('names the first bad entry in one line', () => {
    expect(() => loadConfig({ TRUST_PROXY: '127.0.0.1,nginx.local' })).toThrow(
      'Invalid setting TRUST_PROXY: "nginx.local" is not an IP address, a CIDR (10.0.0.0/8) or one of loopback, linklocal, uniquelocal (invalid IP address: nginx.local)',
    );
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/^Invalid setting TRUST_PROXY: "10\.0\.0\.0\/33" is not an IP address/);
  });
});

describe('X_MAX_POSTS_PER_DAY, X_NEW_TERMS_PER_ADDRESS and X_TERMS_PER_ADDRESS', () => {
  it('default to a $50 day, 5 new searches per address per 15 minutes and 10 held', () => {
    const config = loadConfig({});
    expect([config.X_MAX_POSTS_PER_DAY, config.X_NEW_TERMS_PER_ADDRESS, config.X_TERMS_PER_ADDRESS]).toEqual([10_000, 5, 10]);
  });

  it.each([
    ['X_MAX_POSTS_PER_DAY', '0'],
    ['X_NEW_TERMS_PER_ADDRESS', '101'],
    ['X_TERMS_PER_ADDRESS', '2.5'],
  ])('refuses %s=%s in one line', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid setting ${name}: "${value.replace('.', '\\.')}" is not valid`));
  });
});

describe('MAX_QUEUED_PACKETS and MAX_QUEUED_BYTES', () => {
  it('default to 5,000 packets and 1 MiB, above MAX_QUEUED_POSTS', () => {
    expect(loadConfig({})).toMatchObject({ MAX_QUEUED_POSTS: 100, MAX_QUEUED_PACKETS: 5_000, MAX_QUEUED_BYTES: 1_048_576 });
  });

  it('needs room for more than the posts, in one clear line', () => {
    expect(() => loadConfig({ MAX_QUEUED_POSTS: '200', MAX_QUEUED_PACKETS: '200' })).toThrow(
      'Invalid setting MAX_QUEUED_PACKETS: must be more than MAX_QUEUED_POSTS (200), so posts alone never close a connection',
    );
  });

  it('refuses a byte cap under 64 KiB', () => {
    expect(() => loadConfig({ MAX_QUEUED_BYTES: '1000' })).toThrow(/^Invalid setting MAX_QUEUED_BYTES: "1000" is not valid/);
  });
});

describe('INGEST_TOKENS, INGEST_RATE and INGEST_BURST', () => {
  const long = (c: string) => c.repeat(32);

  it('leaves the push API off by default, at 50 posts a second with a burst of 1,000', () => {
    expect(loadConfig({})).toMatchObject({ INGEST_TOKENS: [], INGEST_RATE: 50, INGEST_BURST: 1_000 });
  });

  it('takes comma-separated tokens, trimmed, as a frozen list', () => {
    const config = loadConfig({ INGEST_TOKENS: ` ${long('a')} ,${long('b')},` });
    expect(config.INGEST_TOKENS).toEqual([long('a'), long('b')]);
    expect(Object.isFrozen(config.INGEST_TOKENS)).toBe(true);
  });

  it('refuses a token shorter than 32 characters or with a space, without echoing any token', () => {
    const short = `${long('a')},${'s'.repeat(31)}`;
    expect(() => loadConfig({ INGEST_TOKENS: short })).toThrow(
      'Invalid setting INGEST_TOKENS: "[redacted]" is not valid (each token must be at least 32 characters (make one with: openssl rand -hex 32))',
    );
    expect(() => loadConfig({ INGEST_TOKENS: `${long('a')} ${long('b')}` })).toThrow(/printable ASCII with no spaces/);
  });

  it('takes a rate and a burst, and refuses a burst below one post', () => {
    expect(loadConfig({ INGEST_RATE: '0.5', INGEST_BURST: '20' })).toMatchObject({ INGEST_RATE: 0.5, INGEST_BURST: 20 });
    expect(() => loadConfig({ INGEST_BURST: '0' })).toThrow(/INGEST_BURST/);
    expect(() => loadConfig({ INGEST_RATE: '0' })).toThrow(/INGEST_RATE/);
  });

  it('never lets "push", the pushed posts\' label, be a STREAM_SOURCE', () => {
    expect(() => loadConfig({ STREAM_SOURCE: 'push' })).toThrow('Invalid setting STREAM_SOURCE: "push" is not one of demo, file, bluesky, x');
  });
});

describe('the push settings in the docs', () => {
  it('are each in .env.example and the README settings table', async () => {
    const { readFileSync } = await import('node:fs');
    const root = new URL('../../', import.meta.url);
    const example = readFileSync(new URL('.env.example', root), 'utf8');
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    for (const name of ['INGEST_TOKENS', 'INGEST_RATE', 'INGEST_BURST']) {
      expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
      expect(readme).toContain(`| \`${name}\` |`);
    }
  });
});

describe('ADMIN_PASSWORD', () => {
  it('is off by default', () => {
    expect(loadConfig({}).ADMIN_PASSWORD).toBeUndefined();
  });

  it('takes a password of 12 characters or more', () => {
    expect(loadConfig({ ADMIN_PASSWORD: 'correct horse' }).ADMIN_PASSWORD).toBe('correct horse');
  });

  it('refuses a shorter one in one line that never shows it', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'hunter2' })).toThrow(
      'Invalid setting ADMIN_PASSWORD: "[redacted]" is not valid (must be at least 12 characters)',
    );
  });
});

describe('METRICS_PORT', () => {
  it('is off by default and takes a port', () => {
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
  });

  it('must differ from PORT', () => {
    expect(() => loadConfig({ PORT: '3000', METRICS_PORT: '3000' })).toThrow('Invalid setting METRICS_PORT: must differ from PORT (3000)');
  });
});

describe('REDIS_URL, NODE_ID and the cluster timings', () => {
  it('leaves cluster mode off by default, with the documented timings', () => {
    const config = loadConfig({});
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.NODE_ID).toBeUndefined();
    expect([config.CLUSTER_LEASE_MS, config.CLUSTER_HEARTBEAT_MS, config.CLUSTER_STREAM_MAXLEN]).toEqual([5_000, 5_000, 10_000]);
  });

  it('takes redis:// and rediss:// URLs and a node name', () => {
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380/0', NODE_ID: 'web-1.eu_2' })).toMatchObject({ REDIS_URL: 'rediss://:pw@cache.internal:6380/0', NODE_ID: 'web-1.eu_2' });
  });

  it('rejects another scheme in one line that never echoes the URL (it may hold a password)', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://:hunter2@cache:6379' })).toThrow('Invalid setting REDIS_URL: must be a redis:// or rediss:// URL');
    expect(() => loadConfig({ REDIS_URL: 'not a url hunter2' })).toThrow('Invalid setting REDIS_URL: must be a redis:// or rediss:// URL');
  });

  it('rejects a node name with spaces or too long, and timings out of range', () => {
    expect(() => loadConfig({ NODE_ID: "web 1" })).toThrow('Invalid setting NODE_ID: "web 1" is not valid (must be 1 to 64 letters, digits, dots, dashes or underscores)');
    expect(() => loadConfig({ NODE_ID: 'n'.repeat(65) })).toThrow(/^Invalid setting NODE_ID/);
    expect(() => loadConfig({ CLUSTER_LEASE_MS: '100' })).toThrow(/^Invalid setting CLUSTER_LEASE_MS/);
    expect(() => loadConfig({ CLUSTER_HEARTBEAT_MS: '50' })).toThrow(/^Invalid setting CLUSTER_HEARTBEAT_MS/);
    expect(() => loadConfig({ CLUSTER_STREAM_MAXLEN: '10' })).toThrow(/^Invalid setting CLUSTER_STREAM_MAXLEN/);
  });
});
