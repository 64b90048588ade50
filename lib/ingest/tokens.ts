// Who may push: the bearer token of a request, checked against INGEST_TOKENS in constant
// time. Both sides are hashed with SHA-256 first, so the compare always runs over 32
// bytes and neither a token's length nor its first wrong character shows in the timing.
import { createHash, timingSafeEqual } from 'node:crypto';

export const MIN_TOKEN_LENGTH = 32; // characters; `openssl rand -hex 32` gives 64

/** Which configured token (its position in the list) a request carries, or null for none or a wrong one. */
export type TokenCheck = (authorization: string | undefined) => number | null;

export function createTokenCheck(tokens: readonly string[]): TokenCheck {
  const digests = tokens.map(digest);
  return (authorization) => {
    const presented = bearerOf(authorization);
    if (presented === null) return null;
    const candidate = digest(presented);
    // Every token is compared, with no early exit, so the timing does not say which one matched
    let match: number | null = null;
    digests.forEach((known, index) => {
      if (timingSafeEqual(known, candidate) && match === null) match = index;
    });
    return match;
  };
}

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case), or null. */
export function bearerOf(authorization: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match ? match[1]! : null;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
