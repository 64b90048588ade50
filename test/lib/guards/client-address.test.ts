// lib/guards/client-address.ts: the peer is the client unless it is a trusted proxy; then
// X-Forwarded-For is read from the right, and only as far as trusted hops reported it.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, compileTrust, trustEntryProblem } from '../../../lib/guards/client-address.ts';

function request(peer: string | undefined, forwardedFor?: string): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { headers, socket: { remoteAddress: peer } } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('is the peer when nobody is trusted, whatever X-Forwarded-For says', () => {
    const trust = compileTrust([]);
    expect(clientAddress(request('203.0.113.7'), trust)).toBe('203.0.113.7');
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), trust)).toBe('203.0.113.7');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), trust)).toBe('127.0.0.1');
  });

  it('is the peer when the peer is not a trusted proxy, even if it forges the header', () => {
    const trust = compileTrust(['127.0.0.1']);
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), trust)).toBe('203.0.113.7');
    expect(clientAddress(request('127.0.0.2', '198.51.100.1'), trust)).toBe('127.0.0.2');
  });

  it('is the forwarded address when a trusted proxy sent it (IPv4 and IPv6)', () => {
    const trust = compileTrust(['127.0.0.1', '::1']);
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), trust)).toBe('198.51.100.1');
    expect(clientAddress(request('::1', '2001:db8::42'), trust)).toBe('2001:db8::42');
    // Node writes an IPv4 peer on a dual-stack socket as IPv4-mapped IPv6
    expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.1'), trust)).toBe('198.51.100.1');
  });

  it('is the peer when a trusted proxy sent no header', () => {
    expect(clientAddress(request('127.0.0.1'), compileTrust(['127.0.0.1']))).toBe('127.0.0.1');
  });

  it('stops at the first hop that no trusted proxy vouches for, so what a client wrote first is ignored', () => {
    const trust = compileTrust(['127.0.0.1']);
    // The client wrote 6.6.6.6; our proxy appended the address it saw
    expect(clientAddress(request('127.0.0.1', '6.6.6.6, 198.51.100.1'), trust)).toBe('198.51.100.1');
  });

  it('walks a chain of trusted proxies, by CIDR, to the first untrusted hop', () => {
    const trust = compileTrust(['127.0.0.1', '10.0.0.0/8']);
    expect(clientAddress(request('127.0.0.1', '6.6.6.6, 198.51.100.1, 10.1.2.3'), trust)).toBe('198.51.100.1');
    expect(clientAddress(request('127.0.0.1', '10.9.9.9, 10.1.2.3'), trust)).toBe('10.9.9.9'); // all trusted: the farthest
  });

  it('counts a trusted proxy that forwarded something other than an address as the proxy itself', () => {
    const trust = compileTrust(['127.0.0.1', '10.0.0.0/8']);
    expect(clientAddress(request('127.0.0.1', 'unknown'), trust)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', 'not-an-ip, 10.1.2.3'), trust)).toBe('10.1.2.3');
  });

  it('trusts named ranges such as loopback', () => {
    const trust = compileTrust(['loopback']);
    expect(clientAddress(request('127.0.0.5', '198.51.100.1'), trust)).toBe('198.51.100.1');
    expect(clientAddress(request('::1', '198.51.100.1'), trust)).toBe('198.51.100.1');
    expect(clientAddress(request('192.0.2.1', '198.51.100.1'), trust)).toBe('192.0.2.1');
  });

  it('says "unknown" for a request whose socket has already gone', () => {
    expect(clientAddress(request(undefined), compileTrust([]))).toBe('unknown');
  });
});

describe('trustEntryProblem', () => {
  it('accepts addresses, CIDRs, netmasks and named ranges', () => {
    for (const entry of ['127.0.0.1', '::1', '10.0.0.0/8', '10.0.0.0/255.0.0.0', 'fd00::/8', 'loopback', 'uniquelocal', 'linklocal']) {
      expect(trustEntryProblem(entry), entry).toBeNull();
    }
  });

  it('explains a host name or a bad prefix', () => {
    expect(trustEntryProblem('proxy.local')).toBe(
      '"proxy.local" is not an IP address, a CIDR (10.0.0.0/8) or one of loopback, linklocal, uniquelocal (invalid IP address: proxy.local)',
    );
    expect(trustEntryProblem('10.0.0.0/40')).toMatch(/^"10\.0\.0\.0\/40" is not an IP address/);
  });
});
