// helmet's headers with a Content-Security-Policy fitted to this page: scripts, styles
// and fonts only from our own origin (no inline script or style attribute anywhere), no
// plugins, images only from us, data: URIs (Bootstrap's icons) and the image CDNs of the
// running source (avatars and post media; the demo's /media/ is our own), and
// connections only to our own socket. Only the iframe page /embed may be framed, and
// only by the sites in EMBED_ORIGINS (and this app's own demo page).
import helmet from 'helmet';
import type { RequestHandler } from 'express';
import { imageHostsOf } from '../lib/contract/allowed-hosts.ts';
import type { SourceName } from '../lib/contract/events.ts';
import { frameAncestors, type EmbedOrigins } from '../lib/guards/embed-origins.ts';

/** The one path other sites may frame. */
export const FRAMEABLE_PATH = '/embed';

export function securityHeaders(sourceName: SourceName, allowedOrigins: readonly string[], embedOrigins: EmbedOrigins = []): RequestHandler {
  const everyPage = pageHeaders(sourceName, allowedOrigins, ["'none'"]);
  // frame-ancestors replaces X-Frame-Options, which can name no list of sites
  const framePage = pageHeaders(sourceName, allowedOrigins, frameAncestors(embedOrigins), false);
  return (req, res, next) => (req.path === FRAMEABLE_PATH ? framePage : everyPage)(req, res, next);
}

function pageHeaders(sourceName: SourceName, allowedOrigins: readonly string[], ancestors: string[], denyFraming = true): RequestHandler {
  // Avatars and post images (thumbnails, posters, link-card thumbnails) of the running source only
  const imageCdns = imageHostsOf(sourceName).map((host) => `https://${host}`);
  // 'self' covers ws: and wss: on the same host in CSP 3; older browsers need them named.
  // CSP has no syntax for IPv6 literals ([::1]), so those rely on 'self' alone.
  const sockets = allowedOrigins.filter((origin) => !origin.includes('[')).map((origin) => origin.replace(/^http/, 'ws'));
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        // Our stylesheets only. What scripts write through CSSOM (element.style, as
        // bootstrap-slider, Popper and jQuery do) is not a style attribute and still applies
        'style-src': ["'self'"],
        'font-src': ["'self'"], // the page loads no font files; system fonts need no source
        'object-src': ["'none'"],
        'img-src': ["'self'", 'data:', ...imageCdns],
        'connect-src': ["'self'", ...sockets],
        'frame-ancestors': ancestors,
        'form-action': ["'self'"],
        'base-uri': ["'self'"],
        // Plain-http local runs must keep working; a TLS proxy can add this header itself
        'upgrade-insecure-requests': null,
      },
    },
    xFrameOptions: denyFraming ? { action: 'sameorigin' } : false,
  });
}
