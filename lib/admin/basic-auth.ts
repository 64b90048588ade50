// HTTP Basic auth for the admin view and /metrics: one user, `admin`, and the password
// from ADMIN_PASSWORD. Both sides are hashed before the compare, so the compare takes the
// same time whatever was sent, and neither the length nor a common prefix leaks.
import { createHash, timingSafeEqual } from 'node:crypto';

export const ADMIN_USER = 'admin';
export const ADMIN_REALM = 'Stream Search admin';
/** The header a 401 carries, so a browser asks for the password. */
export const CHALLENGE = `Basic realm="${ADMIN_REALM}", charset="UTF-8"`;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** A checker for `Authorization` header values; made once, so the expected digest is computed once. */
export function basicAuthChecker(password: string): (header: string | undefined) => boolean {
  const expected = digest(`${ADMIN_USER}:${password}`);
  return (header) => {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
    // A missing or malformed header still pays for one hash and compare
    const given = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    return timingSafeEqual(digest(given), expected) && match !== null;
  };
}
