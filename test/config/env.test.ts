import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/env.ts';

describe('loadConfig', () => {
  it('has defaults that run the demo on localhost:3000', () => {
    expect(loadConfig({})).toEqual({
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
    [{ LOG_LEVEL: 'loud' }, /^Invalid setting LOG_LEVEL: "loud" is not one of fatal, error/],
    [{ STREAM_SOURCE: 'file' }, /^Invalid setting STREAM_FILE: is required when STREAM_SOURCE=file$/],
  ])('rejects %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
