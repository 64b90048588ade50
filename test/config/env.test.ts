import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';

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
