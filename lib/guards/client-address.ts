// Names the client behind a request: the TCP peer, or, when that peer is a proxy we were
// told to trust (TRUST_PROXY), the address that proxy reported in X-Forwarded-For. Every
// guard that counts per address, and Express's `trust proxy`, use this one rule, so the
// per-address cap, X's per-address shares and `req.ip` always agree on who a client is.
//
// proxy-addr (the library Express itself uses) walks X-Forwarded-For from the right: each
// hop counts only if the one that reported it is trusted, so a header sent by anyone
// else, or the part of a chain a client wrote before reaching our proxy, changes nothing.
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Whether the hop at `addr` (the `i`th from our side) is a proxy whose word we take. */
export type TrustProxy = (addr: string, i: number) => boolean;

// proxy-addr's names for common ranges, accepted in TRUST_PROXY beside addresses and CIDRs
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** Why one TRUST_PROXY entry is not an address, a CIDR or a named range; null when it is. */
export function trustEntryProblem(entry: string): string | null {
  if (NAMED_RANGES.includes(entry)) return null;
  try {
    proxyaddr.compile(entry);
    return null;
  } catch (err) {
    return `"${entry}" is not an IP address, a CIDR (10.0.0.0/8) or one of ${NAMED_RANGES.join(', ')} (${(err as Error).message})`;
  }
}

/** Compiles the trusted proxies once; an empty list trusts nobody, so headers are never read. */
export function compileTrust(trusted: readonly string[]): TrustProxy {
  return proxyaddr.compile([...trusted]);
}

/**
 * The client's address for `req`: the peer unless the peer is trusted, then the nearest
 * forwarded hop not itself trusted. A trusted proxy that reported something that is not
 * an address (a misconfigured header) is counted as the proxy itself, so made-up strings
 * never become fresh per-address slots.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  const hops = proxyaddr.all(req, trust); // [peer, its forwarded hops…], cut at the first untrusted one
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    if (isIP(hops[i]!) !== 0) return hops[i]!;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
