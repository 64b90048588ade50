// Bundles the front end (public/javascripts/app.ts and its CSS) into public/build/.
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
