// Which browser origins may open a socket. Parsed from ALLOWED_ORIGINS, or derived
// from HOST and PORT when unset, so a fresh checkout works without configuration.

// Loopback has several spellings; a person may open any of them in the browser.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', '::']);
const LOOPBACK_SPELLINGS = ['localhost', '127.0.0.1', '[::1]'];

/** The origins in a comma-separated list, or null when any entry is not a bare origin. */
export function parseOrigins(list: string): string[] | null {
  const origins: string[] = [];
  for (const entry of list.split(',').map((item) => item.trim()).filter(Boolean)) {
    const origin = toOrigin(entry);
    if (!origin) return null;
    origins.push(origin);
  }
  return origins.length > 0 ? origins : null;
}

/**
 * The app's own origin for a listening host and port. A loopback or wildcard host gets
 * every loopback spelling; behind a proxy or on a public name, set ALLOWED_ORIGINS.
 */
export function defaultOrigins(host: string, port: number): string[] {
  const suffix = port === 80 ? '' : `:${port}`;
  if (LOOPBACK.has(host)) return LOOPBACK_SPELLINGS.map((name) => `http://${name}${suffix}`);
  const name = host.includes(':') ? `[${host}]` : host;
  return [`http://${name}${suffix}`];
}

function toOrigin(entry: string): string | null {
  try {
    const url = new URL(entry);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // Only scheme://host[:port], optionally with a trailing slash: a path would never match
    return url.origin === entry.replace(/\/$/, '') ? url.origin : null;
  } catch {
    return null;
  }
}
