// The house rules for where code lives, held against the code itself (STYLE.md, 8 and 9):
// every source file with logic has its tests at the mirrored path, no files import each
// other in a circle, lib/ never reaches up into the wiring, and the page takes only the
// shared contract and matching from lib/. Files are read as text: no new dependency.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');

// Where source files live; each `P.ts` here pairs with `test/P.test.ts`
const SOURCE_DIRS = ['bin', 'config', 'routes', 'lib', 'public/javascripts'];
// The server side, where no import circle may exist (the page is checked on its own below)
const SERVER_DIRS = ['bin', 'config', 'routes', 'lib'];

// Source files without a mirrored test, each with the reason. A file leaves this list
// when it gains logic a unit test can reach.
const EXEMPT: Record<string, string> = {
  'bin/build.ts': 'entry point with no branches; runs before every test run (test/helpers/build-bundle.ts)',
  'bin/live.ts': 'manual check against the real Jetstream, needs the network; its parts are tested in test/lib/',
  'lib/contract/events.ts': 'the event contract: types and the SOURCE_NAMES list only',
  'lib/contract/io.ts': 'types only',
  'lib/contract/admin-events.ts': "the admin view's contract and seams: types only",
  'lib/sources/demo-corpus.ts': 'data only; test/lib/sources/demo.test.ts uses it',
  'public/javascripts/app.ts': 'entry point that wires the page; test/browser/ runs it in Chromium',
  'public/javascripts/admin/admin.ts': 'entry point that wires the admin view; test/browser/admin.test.ts runs it in Chromium',
  'public/javascripts/admin/feed-list.ts': 'jQuery-bound (the sampled feed); its sentence is in format.ts; test/browser/admin.test.ts',
  'public/javascripts/admin/history-chart.ts': 'DOM-bound (SVG); its sentence is in format.ts; test/browser/admin.test.ts',
  'public/javascripts/assets.d.ts': 'a type declaration',
  'public/javascripts/bar-chart.ts': 'DOM-bound (SVG bars); test/browser/rate-chart.test.ts and admin.test.ts draw with it',
  'public/javascripts/card.ts': 'jQuery-bound; its URL checks are in safe-urls.ts; test/browser/feed.test.ts and cards.test.ts',
  'public/javascripts/embed/demo-host.ts': 'DOM-bound (the demo page sizes its iframe); its check is isEmbedHeightMessage in lib/contract/embed.ts; test/browser/embed.test.ts',
  'public/javascripts/embed/element.ts': 'entry point of /embed.js, DOM-bound (custom element, Shadow DOM, socket); its words are in status.ts; test/browser/embed.test.ts',
  'public/javascripts/embed/frame.ts': 'DOM-bound (ResizeObserver, postMessage to the parent); test/browser/embed.test.ts',
  'public/javascripts/embed/styles.ts': "the widget's stylesheet as text only; test/browser/embed.test.ts compares its computed styles",
  'public/javascripts/embeds.ts': 'DOM-bound (link cards, quotes, reply lines); test/browser/cards.test.ts',
  'public/javascripts/feed.ts': 'DOM-bound (animation frames, fades); test/browser/feed.test.ts',
  'public/javascripts/form.ts': 'jQuery-bound; test/browser/search.test.ts',
  'public/javascripts/media.ts': 'DOM-bound (image grids, sensitive media); test/browser/cards.test.ts checks what it loads',
  'public/javascripts/post-text.ts': 'DOM-bound (text with links and marks); test/browser/cards.test.ts',
  'public/javascripts/rate-chart.ts': 'DOM-bound (SVG); its numbers and sentence are in match-history.ts; test/browser/rate-chart.test.ts',
  'public/javascripts/reading.ts': 'DOM-bound (layout, focus, pointer); test/browser/feed.test.ts',
  'public/javascripts/tips.ts': "DOM-bound (Bootstrap's Popover); test/browser/search.test.ts",
};

// Test folders that hold suites by concern, not by file
const CROSS_CUTTING = ['test/faults/', 'test/browser/', 'test/helpers/', 'test/deploy/', 'test/cluster/'];

/** Every .ts file under `dir` (relative to the root), as root-relative paths with `/`. */
function tsFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

const sources = ['app.ts', ...SOURCE_DIRS.flatMap(tsFiles)];
const serverFiles = ['app.ts', ...SERVER_DIRS.flatMap(tsFiles)];
const pageFiles = tsFiles('public/javascripts');

const mirror = (source: string): string => `test/${source.replace(/\.ts$/, '.test.ts')}`;

/** The relative imports of a file, resolved to root-relative paths (packages are skipped). */
function importsOf(file: string): string[] {
  // Whole-line comments first, so a `/*` inside one (`/avatars/*.svg`) opens no block;
  // then blocks that start a line. A `//` or `/*` inside a string stays as it is.
  const text = readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/^\s*\/\*[\s\S]*?\*\//gm, '');
  const specifiers = [
    ...text.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g), // import … from, export … from
    ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g), // import('…')
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm), // import '…' for its side effects
  ].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), specifier)).split(path.sep).join('/'));
}

describe('tests mirror the source', () => {
  it('gives every source file with logic its test at test/<path>.test.ts', () => {
    const missing = sources.filter((source) => !(source in EXEMPT) && !existsSync(path.join(ROOT, mirror(source))));
    expect(missing, `no mirrored test for: ${missing.map((m) => `${m} (want ${mirror(m)})`).join(', ')}`).toEqual([]);
  });

  it('exempts only files that exist and still have no mirrored test', () => {
    const stale = Object.keys(EXEMPT).filter((file) => !sources.includes(file) || existsSync(path.join(ROOT, mirror(file))));
    expect(stale, `stale exemptions (file gone, or it has a test now): ${stale.join(', ')}`).toEqual([]);
  });

  it('mirrors a source file with every other test file', () => {
    const tests = tsFiles('test').filter((file) => file.endsWith('.test.ts'));
    const orphans = tests.filter(
      (test) =>
        test !== 'test/layout.test.ts' &&
        !CROSS_CUTTING.some((dir) => test.startsWith(dir)) &&
        !sources.includes(test.replace(/^test\//, '').replace(/\.test\.ts$/, '.ts')),
    );
    expect(orphans, `test files that mirror no source file: ${orphans.join(', ')}`).toEqual([]);
  });
});

describe('imports', () => {
  // So the rules below cannot pass by reading nothing
  it('are read from the source, type-only ones too', () => {
    expect(importsOf('app.ts')).toEqual(
      expect.arrayContaining(['lib/contract/events.ts', 'config/security-headers.ts', 'routes/health.ts', 'routes/errors.ts']),
    );
  });

  it('form no circle among app.ts, bin/, config/, routes/ and lib/', () => {
    const graph = new Map(serverFiles.map((file) => [file, importsOf(file).filter((target) => serverFiles.includes(target))]));
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const circles: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const target of graph.get(file)!) {
        if (state.get(target) === 'open') circles.push([...stack.slice(stack.indexOf(target)), target].join(' -> '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of serverFiles) if (!state.has(file)) visit(file);
    expect(circles, `import circles:\n${circles.join('\n')}`).toEqual([]);
  });

  it('never go from lib/ up to config/, routes/, bin/ or app.ts', () => {
    const upward = serverFiles
      .filter((file) => file.startsWith('lib/'))
      .flatMap((file) => importsOf(file).map((target) => [file, target] as const))
      .filter(([, target]) => /^(config|routes|bin)\//.test(target) || target === 'app.ts')
      .map(([file, target]) => `${file} imports ${target}`);
    expect(upward, upward.join('\n')).toEqual([]);
  });

  it('take nothing into the page but its own modules, lib/contract/ and lib/match/', () => {
    const allowed = /^(public\/javascripts|lib\/contract|lib\/match)\//;
    const outside = pageFiles
      .flatMap((file) => importsOf(file).map((target) => [file, target] as const))
      .filter(([, target]) => !allowed.test(target) && !target.endsWith('.css'))
      .map(([file, target]) => `${file} imports ${target}`);
    expect(outside, outside.join('\n')).toEqual([]);
  });

  it('bundle no other part of lib/ into the page, not even through lib/contract/ or lib/match/', () => {
    const reached = new Map<string, string>(); // lib file -> the page file whose imports reach it
    const queue = pageFiles.flatMap((file) => importsOf(file).filter((t) => t.startsWith('lib/')).map((t) => [t, file] as const));
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [file, from] = next;
      if (reached.has(file) || !existsSync(path.join(ROOT, file))) continue;
      reached.set(file, from);
      for (const target of importsOf(file)) if (target.startsWith('lib/')) queue.push([target, from]);
    }
    const outside = [...reached]
      .filter(([file]) => !/^lib\/(contract|match)\//.test(file))
      .map(([file, from]) => `${file} (reached from ${from})`);
    expect(outside, `the page bundles: ${outside.join(', ')}`).toEqual([]);
  });
});
