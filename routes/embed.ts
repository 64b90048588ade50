// The live search on other people's pages (README, "Embed a live search"):
//   GET /embed.js      the <stream-search> element, one ES module any site may load
//   GET /embed         the iframe page, for sites that strip scripts
//   GET /embed/demo    both forms on a page with hostile CSS
//   GET /embed/access  whether the calling page's origin may open the widget's socket
// Who may embed is decided by the socket's handshake (lib/guards/handshake.ts) and by
// /embed's frame-ancestors (config/security-headers.ts); this router only serves.
import path from 'node:path';
import { Router } from 'express';
import { parseEmbedOptions } from '../lib/contract/embed.ts';
import { allowsEmbed, type EmbedOrigins } from '../lib/guards/embed-origins.ts';
import { canonicalOrigin } from '../lib/guards/origins.ts';

// The module's URL never changes, so host pages revalidate it (ETag) after five minutes
// and pick up a new release soon after it ships
const MODULE_CACHE = 'public, max-age=300';

export interface EmbedRouterDeps {
  publicDir: string; // holds build/embed.js and build/embed-frame.js (bin/build.ts)
  allowedOrigins: readonly string[]; // the app's own pages
  embedOrigins: EmbedOrigins;
}

export function createEmbedRouter({ publicDir, allowedOrigins, embedOrigins }: EmbedRouterDeps): Router {
  const router = Router();
  const own = new Set(allowedOrigins.map((origin) => canonicalOrigin(origin) ?? origin));

  // The module is public code with no credentials: every site may load it (a cross-origin
  // module script needs CORS), so that on a site not in EMBED_ORIGINS the element can say
  // in words that it is not allowed there. The socket handshake is where that is enforced.
  router.get('/embed.js', (_req, res, next) => {
    res.set({
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': MODULE_CACHE,
    });
    res.type('text/javascript').sendFile(path.join(publicDir, 'build', 'embed.js'), { cacheControl: false }, (err) => {
      if (err) next(err);
    });
  });

  // The widget asks this only after its socket was refused, to tell "not allowed here" from "down".
  // The browser sets Origin on a cross-origin fetch, and page scripts cannot change it.
  router.get('/embed/access', (req, res) => {
    const origin = req.get('origin');
    const allowed = origin === undefined || own.has(canonicalOrigin(origin) ?? '') || allowsEmbed(embedOrigins, origin);
    res.set({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin', 'Cache-Control': 'no-store' });
    res.json({ allowed });
  });

  router.get('/embed', (req, res) => {
    const options = parseEmbedOptions({ term: req.query.q, lang: req.query.lang, limit: req.query.limit, theme: req.query.theme });
    res.render('embed', { options });
  });

  router.get('/embed/demo', (_req, res) => {
    res.render('embed-demo', { term: 'cats', limit: 5 });
  });

  return router;
}
