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

// What every bundle shares: one file per entry point with its imports inside, minified
const bundle = { bundle: true, minify: true, logLevel: 'warning' } as const;

await build({
  ...bundle,
  entryPoints: [path.join(ROOT, 'public/javascripts/app.ts')],
  outdir: path.join(ROOT, 'public/build'),
  sourcemap: true,
  target: ['es2020'],
});

// Its own folder, so the public static route can never serve it
await build({
  ...bundle,
  entryPoints: [path.join(ROOT, 'public/javascripts/admin/admin.ts')],
  outdir: path.join(ROOT, 'public/admin-build'),
  sourcemap: true,
  target: ['es2020'],
});

// ES modules, so the widget knows the origin it came from (import.meta.url). No source
// map: /embed.js is served from the site root, where a map beside it would not be found.
await build({
  ...bundle,
  entryPoints: { embed: path.join(EMBED, 'element.ts'), 'embed-frame': path.join(EMBED, 'frame.ts'), 'embed-demo': path.join(EMBED, 'demo-host.ts') },
  outdir: path.join(ROOT, 'public/build'),
  format: 'esm',
  target: ['es2022'],
});
