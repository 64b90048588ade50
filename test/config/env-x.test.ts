// The X settings in config/env.ts (the general settings have their own tests).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/env.ts';
import { silentLogger } from '../../lib/support/logger.ts';
import { createSource } from '../../config/sources.ts';
import { XSource } from '../../lib/sources/x/stream.ts';

describe('loadConfig', () => {
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

describe('createSource', () => {
  it('builds the X source from the settings', () => {
    const config = loadConfig({ STREAM_SOURCE: 'x', X_BEARER_TOKEN: 'secret-value' });
    const source = createSource(config, { logger: silentLogger() });
    expect(source).toBeInstanceOf(XSource);
    expect(source.name).toBe('x');
  });
});
