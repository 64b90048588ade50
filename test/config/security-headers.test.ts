import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../config/security-headers.ts';
import type { SourceName } from '../../lib/contract/events.ts';
import type { EmbedOrigins } from '../../lib/guards/embed-origins.ts';

async function headersFor(source: SourceName, origins: string[], path = '/', embedOrigins: EmbedOrigins = []): Promise<Headers> {
  const app = express().use(securityHeaders(source, origins, embedOrigins)).get(path, (_req, res) => res.send('ok'));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
  server.close();
  return response.headers;
}

async function policyFor(source: SourceName, origins: string[], path = '/', embedOrigins: EmbedOrigins = []): Promise<Record<string, string[]>> {
  const header = (await headersFor(source, origins, path, embedOrigins)).get('content-security-policy') ?? '';
  return Object.fromEntries(header.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('securityHeaders', () => {
  it('allows scripts only from our origin, no plugins, and no inline handlers', async () => {
    const policy = await policyFor('demo', ['http://localhost:3000']);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['script-src-attr']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['upgrade-insecure-requests']).toBeUndefined();
  });

  it('takes styles and fonts only from our origin: no inline style attributes, no other hosts', async () => {
    const policy = await policyFor('demo', ['http://localhost:3000']);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(policy['font-src']).toEqual(["'self'"]);
  });

  it.each([
    ['demo', ["'self'", 'data:']],
    ['bluesky', ["'self'", 'data:', 'https://cdn.bsky.app']],
    ['x', ["'self'", 'data:', 'https://pbs.twimg.com']],
  ] as const)('lets %s show images (avatars and post media) only from us, data: and its own CDN', async (source, imgSrc) => {
    expect((await policyFor(source, []))['img-src']).toEqual(imgSrc);
  });

  it('lets the page connect to its own socket over ws: and wss:', async () => {
    const policy = await policyFor('demo', ['http://localhost:3000', 'https://search.example']);
    expect(policy['connect-src']).toEqual(["'self'", 'ws://localhost:3000', 'wss://search.example']);
  });

  it('leaves IPv6 literals to self, since CSP cannot name them (Chromium rejects the whole source)', async () => {
    const policy = await policyFor('demo', ['http://localhost:3000', 'http://[::1]:3000']);
    expect(policy['connect-src']).toEqual(["'self'", 'ws://localhost:3000']);
  });

  it('refuses framing on every page but /embed', async () => {
    expect((await policyFor('demo', [], '/', ['https://blog.example']))['frame-ancestors']).toEqual(["'none'"]);
    expect((await headersFor('demo', [], '/embed/demo', ['https://blog.example'])).get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('lets this app and the embed origins frame /embed, with the rest of the policy unchanged', async () => {
    const frame = await policyFor('demo', ['http://localhost:3000'], '/embed', ['https://blog.example']);
    const page = await policyFor('demo', ['http://localhost:3000'], '/');
    expect(frame['frame-ancestors']).toEqual(["'self'", 'https://blog.example']);
    expect({ ...frame, 'frame-ancestors': [] }).toEqual({ ...page, 'frame-ancestors': [] });
    expect((await headersFor('demo', [], '/embed', '*')).get('x-frame-options')).toBeNull();
    expect((await policyFor('demo', [], '/embed', '*'))['frame-ancestors']).toEqual(['*']);
  });
});
