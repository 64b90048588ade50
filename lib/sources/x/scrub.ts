// Removes the bearer token from upstream text before it is logged. An X error body, a
// library's error or a network error can echo the request it came from, and the token
// must never reach a log line, whatever else the logger redacts by path.

export const REDACTED = '[redacted]';

// `Bearer` and whatever token follows it, whichever token that is (RFC 6750's token68 characters).
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/%]+=*/gi;

/** `text` with every occurrence of `token` (as is, URL-encoded or decoded) and of `Bearer …` replaced. */
export function scrubToken(text: string, token: string): string {
  let clean = text;
  for (const form of new Set([token, encodeURIComponent(token), decoded(token)])) {
    if (form.length > 0) clean = clean.split(form).join(REDACTED);
  }
  return clean.replace(BEARER, `Bearer ${REDACTED}`);
}

/** An error with its message and stack scrubbed, for error events and logs. */
export function scrubError(err: unknown, token: string): Error {
  const error = err instanceof Error ? err : new Error(String(err));
  const clean = new Error(scrubToken(error.message, token));
  clean.name = error.name;
  clean.stack = scrubToken(error.stack ?? '', token);
  return clean;
}

function decoded(token: string): string {
  try {
    return decodeURIComponent(token);
  } catch {
    return token;
  }
}
