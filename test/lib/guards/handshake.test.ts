import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createHandshakeGuard, REFUSALS } from '../../../lib/guards/handshake.ts';

function fakeRequest(origin?: string, ip = '10.0.0.1'): IncomingMessage {
  return { headers: origin ? { origin } : {}, socket: { remoteAddress: ip } } as unknown as IncomingMessage;
}

class FakeEngineSocket extends EventEmitter {
  closed = false;
  constructor(readonly request: IncomingMessage) {
    super();
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

function decide(guard: ReturnType<typeof createHandshakeGuard>, req: IncomingMessage): [string | null | undefined, boolean] {
  let result: [string | null | undefined, boolean] = [undefined, false];
  guard.allowRequest(req, (err, ok) => (result = [err, ok]));
  return result;
}

describe('allowRequest', () => {
  const guard = createHandshakeGuard({ allowedOrigins: ['http://localhost:3000'], maxConnectionsPerIp: 2 });

  it('accepts the allowed origin and a request with no Origin', () => {
    expect(decide(guard, fakeRequest('http://localhost:3000'))).toEqual([null, true]);
    expect(decide(guard, fakeRequest())).toEqual([null, true]);
  });

  it('refuses any other origin, however close', () => {
    for (const origin of ['http://localhost:3001', 'https://localhost:3000', 'http://localhost:3000.evil.example', 'null']) {
      expect(decide(guard, fakeRequest(origin))).toEqual([REFUSALS.origin, false]);
    }
  });
});

describe('track', () => {
  it('refuses an address at its cap until one of its connections closes', () => {
    const guard = createHandshakeGuard({ allowedOrigins: [], maxConnectionsPerIp: 2 });
    const first = new FakeEngineSocket(fakeRequest());
    guard.track(first);
    guard.track(new FakeEngineSocket(fakeRequest()));
    expect(decide(guard, fakeRequest())).toEqual([REFUSALS.tooMany, false]);
    expect(decide(guard, fakeRequest(undefined, '10.0.0.2'))).toEqual([null, true]); // other addresses are unaffected
    first.close();
    expect(decide(guard, fakeRequest())).toEqual([null, true]);
  });

  it('closes connections that overshoot the cap together, and forgets empty addresses', () => {
    const guard = createHandshakeGuard({ allowedOrigins: [], maxConnectionsPerIp: 2 });
    const sockets = [1, 2, 3].map(() => new FakeEngineSocket(fakeRequest()));
    for (const socket of sockets) guard.track(socket);
    expect(sockets.map((socket) => socket.closed)).toEqual([false, false, true]);
    for (const socket of sockets.slice(0, 2)) socket.close();
    expect(guard.addresses).toBe(0);
  });
});
