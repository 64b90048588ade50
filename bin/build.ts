// Bundles the front end into public/build/: the page (public/javascripts/app.ts and its
// CSS), and the embeddable widget (/embed.js, one ES module with the Socket.IO client
// inside) with the small scripts of the iframe page and the embed demo; and the admin view
// (public/javascripts/admin/admin.ts) into public/admin-build/, which is served only behind
// the admin password (routes/admin.ts).
// Runs before `npm start` and before the tests.
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.join(import.meta.dirname, '..');
const EMBED = path.join(ROOT, 'public/javascripts/embed');

await build({
  entryPoints: [path.join(ROOT, 'public/javascripts/app.ts')],
  outdir: path.join(ROOT, 'public/build'),
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ['es2020'],
  logLevel: 'warning',
});

// Its own folder, so the public static route can never serve it
await build({
  entryPoints: [path.join(ROOT, 'public/javascripts/admin/admin.ts')],
  outdir: path.join(ROOT, 'public/admin-build'),
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ['es2020'],
  logLevel: 'warning',
});

// ES modules, so the widget knows the origin it came from (import.meta.url). No source
// map: /embed.js is served from the site root, where a map beside it would not be found.
await build({
  entryPoints: { embed: path.join(EMBED, 'element.ts'), 'embed-frame': path.join(EMBED, 'frame.ts'), 'embed-demo': path.join(EMBED, 'demo-host.ts') },
  outdir: path.join(ROOT, 'public/build'),
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  logLevel: 'warning',
});
