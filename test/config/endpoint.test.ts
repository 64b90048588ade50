// config/endpoint.ts: an upstream URL must be secure, unless it stays on this machine.
import { describe, expect, it } from 'vitest';
import { endpoint, isLoopback } from '../../config/endpoint.ts';

describe('isLoopback', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'])('is true for %s', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['example.com', '127.0.0.1.example.com', '128.0.0.1', '10.0.0.1', '::1', 'localhost.example.com', ''])(
    'is false for %j',
    (host) => {
      expect(isLoopback(host)).toBe(false);
    },
  );
});

describe('endpoint', () => {
  const api = endpoint('https:', 'http:');
  const messages = (value: string) => api.safeParse(value).error?.issues.map((issue) => issue.message);

  it('accepts the secure scheme anywhere, trimmed and without a trailing slash', () => {
    expect(api.parse(' https://api.example.com/ ')).toBe('https://api.example.com');
    expect(api.parse('https://api.example.com/v2/')).toBe('https://api.example.com/v2');
  });

  it('accepts the plain scheme on this machine only', () => {
    expect(api.parse('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(api.parse('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(messages('http://api.example.com')).toEqual(['"http://api.example.com" must use https://, or http:// on localhost']);
  });

  it('refuses other schemes and text that is not a URL, naming the value', () => {
    expect(messages('ftp://127.0.0.1')).toEqual(['"ftp://127.0.0.1" must use https://, or http:// on localhost']);
    expect(messages('api.example.com')).toEqual(['"api.example.com" is not a URL']);
  });

  it('runs the extra check only on an allowed URL, and reports what it finds', () => {
    const seen: string[] = [];
    const subscribe = endpoint('wss:', 'ws:', (url) => {
      seen.push(url.href);
      return url.pathname.endsWith('/subscribe') ? null : 'must end in /subscribe';
    });
    expect(subscribe.parse('wss://jet.example.org/subscribe')).toBe('wss://jet.example.org/subscribe');
    expect(subscribe.safeParse('wss://jet.example.org/').error?.issues[0]?.message).toBe('must end in /subscribe');
    expect(subscribe.safeParse('ws://jet.example.org/subscribe').success).toBe(false);
    expect(seen).toEqual(['wss://jet.example.org/subscribe', 'wss://jet.example.org/']);
  });
});
