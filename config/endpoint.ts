// Validates an upstream base URL setting: https anywhere, plain http only on this
// machine, so a token is never sent in clear text across a network.
import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** A zod schema for an `https://` base URL (or `http://` on loopback), without a trailing slash. */
export function httpEndpoint(defaultUrl: string) {
  return z
    .string()
    .default(defaultUrl)
    .refine((value) => URL.canParse(value), { message: 'must be a URL such as https://api.example.com', abort: true })
    .refine((value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
    }, 'must use https:// (plain http:// is accepted only for localhost)')
    .transform((value) => value.replace(/\/+$/, ''));
}
