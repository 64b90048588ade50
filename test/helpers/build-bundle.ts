// vitest global setup: bundle the front end once, so page and browser tests serve
// exactly what `npm start` serves.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bin', 'build.ts')], { cwd: root, stdio: 'inherit' });
}
