// Which browser origins may open a socket. Parsed from ALLOWED_ORIGINS, or derived
// from HOST and PORT when unset, so a fresh checkout works without configuration.
// Every origin is kept in canonical form (`new URL(x).origin`: lowercase scheme and
// host, default port dropped), the form a browser sends, so `HOST=LOCALHOST` or an
// uppercase ALLOWED_ORIGINS still lets the app's own pages in.

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
  const lower = host.toLowerCase();
  const names = LOOPBACK.has(lower) ? LOOPBACK_SPELLINGS : [lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower];
  return names.map((name) => canonicalOrigin(`http://${name}:${port}`) ?? `http://${name}:${port}`);
}

/** An http(s) origin in the form browsers send it, or null for anything else (`null`, a path, ftp:). */
export function canonicalOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

function toOrigin(entry: string): string | null {
  try {
    const url = new URL(entry);
    // Only scheme://host[:port], optionally with a trailing slash: a path, query or user would never match
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !entry.endsWith('?') && !entry.endsWith('#');
    return bare ? canonicalOrigin(entry) : null;
  } catch {
    return null;
  }
}
