// Bundles the front end (public/javascripts/app.ts and its CSS) into public/build/, and
// the admin view (public/javascripts/admin/admin.ts) into public/admin-build/, which is
// served only behind the admin password (routes/admin.ts).
// Runs before `npm start` and before the tests.
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.join(import.meta.dirname, '..');

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
