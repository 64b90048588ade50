// Validates upstream URL settings: the secure scheme anywhere, the plain one (ws:, http:)
// only on this machine, so a token or a feed never crosses a network in clear text.
import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A zod schema for one upstream URL, without a trailing slash: `secure` always, `plain`
 * only for loopback (a local fake or proxy), plus an optional extra `check`.
 */
export function endpoint(secure: string, plain: string, check: (url: URL) => string | null = () => null) {
  return z.string().transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL` });
      return z.NEVER;
    }
    const allowed = url.protocol === secure || (url.protocol === plain && isLoopback(url.hostname));
    const problem = allowed ? check(url) : `"${value}" must use ${secure}//, or ${plain}// on localhost`;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return url.href.replace(/\/$/, '');
  });
}
