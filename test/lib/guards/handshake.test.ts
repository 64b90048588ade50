// lib/guards/handshake.ts: who may open a connection (origin, the process cap), which
// connections count against their address (joined ones, by IPv4 address or IPv6 /64),
// and that a connection which never joins is closed.
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addressKey, createHandshakeGuard, REFUSALS, UNJOINED_PER_JOINED, type HandshakeLimits } from '../../../lib/guards/handshake.ts';

function fakeRequest(origin?: string, ip = '10.0.0.1'): IncomingMessage {
  return { headers: origin ? { origin } : {}, socket: { remoteAddress: ip } } as unknown as IncomingMessage;
}

class FakeEngineSocket extends EventEmitter {
  closed = false;
  constructor(readonly request: IncomingMessage) {
    super();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
}

const LIMITS: HandshakeLimits = { allowedOrigins: [], maxConnectionsPerIp: 2, maxConnections: 100, joinTimeoutMs: 5_000 };

function decide(guard: ReturnType<typeof createHandshakeGuard>, req: IncomingMessage): [string | null | undefined, boolean] {
  let result: [string | null | undefined, boolean] = [undefined, false];
  guard.allowRequest(req, (err, ok) => (result = [err, ok]));
  return result;
}

/** A connection from `ip` that was accepted, tracked and (unless told otherwise) joined. */
function connect(guard: ReturnType<typeof createHandshakeGuard>, ip = '10.0.0.1', join = true): FakeEngineSocket {
  const conn = new FakeEngineSocket(fakeRequest(undefined, ip));
  guard.track(conn);
  if (join) expect(guard.join(conn)).toBeNull();
  return conn;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('allowRequest', () => {
  const guard = createHandshakeGuard({ ...LIMITS, allowedOrigins: ['http://localhost:3000'] });

  it('accepts the allowed origin and a request with no Origin', () => {
    expect(decide(guard, fakeRequest('http://localhost:3000'))).toEqual([null, true]);
    expect(decide(guard, fakeRequest())).toEqual([null, true]);
  });

  it('refuses any other origin, however close', () => {
    for (const origin of ['http://localhost:3001', 'https://localhost:3000', 'http://localhost:3000.evil.example', 'null']) {
      expect(decide(guard, fakeRequest(origin))).toEqual([REFUSALS.origin, false]);
    }
  });

  it('compares origins in canonical form: case and a default port make no difference', () => {
    const upper = createHandshakeGuard({ ...LIMITS, allowedOrigins: ['HTTP://LOCALHOST:3000', 'https://Search.Example:443'] });
    expect(decide(upper, fakeRequest('http://localhost:3000'))).toEqual([null, true]);
    expect(decide(upper, fakeRequest('https://search.example'))).toEqual([null, true]);
    expect(decide(upper, fakeRequest('https://search.example:8443'))).toEqual([REFUSALS.origin, false]);
  });
});

describe('allowRequest with EMBED_ORIGINS', () => {
  it('accepts an embedding site as well as the app, and nothing else', () => {
    const guard = createHandshakeGuard({ ...LIMITS, allowedOrigins: ['http://localhost:3000'], embedOrigins: ['https://blog.example'] });
    expect(decide(guard, fakeRequest('https://blog.example'))).toEqual([null, true]);
    expect(decide(guard, fakeRequest('HTTPS://BLOG.EXAMPLE:443'))).toEqual([null, true]);
    expect(decide(guard, fakeRequest('http://localhost:3000'))).toEqual([null, true]);
    expect(decide(guard, fakeRequest('https://news.example'))).toEqual([REFUSALS.origin, false]);
  });

  it('accepts any site for *, but never the opaque origin null', () => {
    const guard = createHandshakeGuard({ ...LIMITS, embedOrigins: '*' });
    expect(decide(guard, fakeRequest('https://anyone.example'))).toEqual([null, true]);
    expect(decide(guard, fakeRequest('null'))).toEqual([REFUSALS.origin, false]);
  });

  it('still applies the per-address cap to an embedding site', () => {
    const guard = createHandshakeGuard({ ...LIMITS, embedOrigins: ['https://blog.example'] });
    connect(guard);
    connect(guard);
    expect(decide(guard, fakeRequest('https://blog.example'))).toEqual([REFUSALS.tooMany, false]);
  });
});

describe('per address', () => {
  it('refuses an address at its cap of joined connections until one of them closes', () => {
    const guard = createHandshakeGuard(LIMITS);
    const first = connect(guard);
    connect(guard);
    expect(decide(guard, fakeRequest())).toEqual([REFUSALS.tooMany, false]);
    expect(decide(guard, fakeRequest(undefined, '10.0.0.2'))).toEqual([null, true]); // other addresses are unaffected
    first.close();
    expect(decide(guard, fakeRequest())).toEqual([null, true]);
  });

  it('counts a connection only once it joins, however many times it joins', () => {
    const guard = createHandshakeGuard(LIMITS);
    for (let i = 0; i < 2 * UNJOINED_PER_JOINED - 1; i += 1) connect(guard, '10.0.0.1', false);
    expect(decide(guard, fakeRequest())).toEqual([null, true]);
    expect(guard.addresses).toBe(0);
    const conn = connect(guard);
    expect([guard.join(conn), guard.join(conn)]).toEqual([null, null]);
    expect(decide(guard, fakeRequest())).toEqual([null, true]); // one of two slots taken
  });

  it(`caps connections not joined yet at ${UNJOINED_PER_JOINED} per joined one allowed, so one address cannot fill the process`, () => {
    const guard = createHandshakeGuard(LIMITS);
    const unjoined = Array.from({ length: 2 * UNJOINED_PER_JOINED }, () => connect(guard, '10.0.0.1', false));
    expect(decide(guard, fakeRequest())).toEqual([REFUSALS.tooMany, false]);
    expect(decide(guard, fakeRequest(undefined, '10.0.0.2'))).toEqual([null, true]);
    expect(guard.join(unjoined[0]!)).toBeNull(); // joining moves it to the joined count
    expect(decide(guard, fakeRequest())).toEqual([null, true]);
    unjoined[1]!.close();
    const overshoot = [1, 2, 3].map(() => connect(guard, '10.0.0.1', false)); // passed the check together
    expect(overshoot.map((conn) => conn.closed)).toEqual([false, false, true]);
  });

  it('refuses the join that would pass the cap, and forgets empty addresses', () => {
    const guard = createHandshakeGuard(LIMITS);
    const conns = [1, 2, 3].map(() => connect(guard, '10.0.0.1', false));
    expect(conns.map((conn) => guard.join(conn))).toEqual([null, null, REFUSALS.tooMany]);
    for (const conn of conns) conn.close();
    expect(guard.addresses).toBe(0);
  });

  it('counts an IPv6 address by its /64, and an IPv4-mapped address as IPv4', () => {
    const guard = createHandshakeGuard(LIMITS);
    connect(guard, '2001:db8:1:2::1');
    connect(guard, '2001:db8:1:2:ffff:ffff:ffff:ffff');
    expect(decide(guard, fakeRequest(undefined, '2001:db8:1:2:3:4:5:6'))).toEqual([REFUSALS.tooMany, false]);
    expect(decide(guard, fakeRequest(undefined, '2001:db8:1:3::1'))).toEqual([null, true]); // the next /64
    connect(guard, '::ffff:192.0.2.7');
    connect(guard, '192.0.2.7');
    expect(decide(guard, fakeRequest(undefined, '::FFFF:192.0.2.7'))).toEqual([REFUSALS.tooMany, false]);
  });
});

describe('behind a proxy (trustProxy)', () => {
  // Two clients behind one proxy at 127.0.0.1, and one that talks to us directly
  const via = (forwardedFor: string, peer = '127.0.0.1') =>
    ({ headers: { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;
  const join = (guard: ReturnType<typeof createHandshakeGuard>, req: IncomingMessage) => {
    const conn = new FakeEngineSocket(req);
    guard.track(conn);
    return guard.join(conn);
  };

  it('counts each client a trusted proxy forwards at its own address, not the proxy\'s', () => {
    const guard = createHandshakeGuard({ ...LIMITS, trustProxy: ['127.0.0.1'] });
    expect([join(guard, via('198.51.100.1')), join(guard, via('198.51.100.1'))]).toEqual([null, null]);
    expect(decide(guard, via('198.51.100.1'))).toEqual([REFUSALS.tooMany, false]);
    expect(decide(guard, via('198.51.100.2'))).toEqual([null, true]);
    expect(guard.addressOf(via('2001:db8::1'))).toBe('2001:db8:0:0::/64');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const guard = createHandshakeGuard({ ...LIMITS, trustProxy: ['127.0.0.1'] });
    expect([join(guard, via('198.51.100.1', '203.0.113.9')), join(guard, via('198.51.100.2', '203.0.113.9'))]).toEqual([null, null]);
    expect(decide(guard, via('198.51.100.3', '203.0.113.9'))).toEqual([REFUSALS.tooMany, false]);
  });

  it('ignores X-Forwarded-For from everyone when no proxy is trusted', () => {
    const guard = createHandshakeGuard(LIMITS);
    expect([join(guard, via('198.51.100.1')), join(guard, via('198.51.100.2'))]).toEqual([null, null]);
    expect(decide(guard, via('198.51.100.3'))).toEqual([REFUSALS.tooMany, false]);
    expect(guard.addressOf(via('198.51.100.3'))).toBe('127.0.0.1');
  });
});

describe('addressKey', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:DB8:0001:0002:0003:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.7', '64:ff9b:0:0::/64'],
  ])('%s counts as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe('the whole process', () => {
  it('refuses a handshake at maxConnections, joined or not, until one closes', () => {
    const guard = createHandshakeGuard({ ...LIMITS, maxConnections: 2 });
    const first = connect(guard, '10.0.0.1', false);
    connect(guard, '10.0.0.2');
    expect(decide(guard, fakeRequest(undefined, '10.0.0.3'))).toEqual([REFUSALS.full, false]);
    expect(guard.connections).toBe(2);
    first.close();
    expect(decide(guard, fakeRequest(undefined, '10.0.0.3'))).toEqual([null, true]);
  });

  it('closes connections that overshoot the cap together', () => {
    const guard = createHandshakeGuard({ ...LIMITS, maxConnections: 2 });
    const conns = [1, 2, 3].map((i) => connect(guard, `10.0.0.${i}`, false));
    expect(conns.map((conn) => conn.closed)).toEqual([false, false, true]);
    expect(guard.connections).toBe(2);
  });
});

describe('joinTimeoutMs', () => {
  it('closes a connection that has not joined in time, and leaves a joined one open', () => {
    vi.useFakeTimers();
    const guard = createHandshakeGuard({ ...LIMITS, joinTimeoutMs: 1_000 });
    const idle = connect(guard, '10.0.0.1', false);
    const joined = connect(guard);
    vi.advanceTimersByTime(999);
    expect(idle.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect([idle.closed, joined.closed]).toEqual([true, false]);
  });

  it('gives a connection whose socket left the namespace the same time to join again', () => {
    vi.useFakeTimers();
    const guard = createHandshakeGuard({ ...LIMITS, joinTimeoutMs: 1_000 });
    const rejoins = connect(guard);
    const leaves = connect(guard, '10.0.0.2');
    guard.left(rejoins);
    guard.left(leaves);
    vi.advanceTimersByTime(500);
    expect(guard.join(rejoins)).toBeNull();
    vi.advanceTimersByTime(500);
    expect([rejoins.closed, leaves.closed]).toEqual([false, true]);
  });
});
