// bin/lesson-check.ts: the lesson pages in docs/lesson/ hold against the code. Every path
// they name exists, every quote is still in its file, every checkpoint is `npm test --
// <paths>` over real tests, and those tests are part of this very run (vitest's include),
// so `npm test` passing means every checkpoint passed. `npm run lesson:check` runs each
// checkpoint on its own; nothing here starts vitest inside vitest.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import vitestConfig from '../../vitest.config.ts';
import { ROOT, checkpointPaths, isStep, lessonPages, parsePage, problemsOf, slug, testFilesOf } from '../../bin/lesson-check.ts';

const STEPS = 12;

/** A glob from vitest's include as a regular expression (`**` any folders, `*` within one name). */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

const page = (markdown: string) => parsePage('docs/lesson/99-example.md', markdown);
const problems = (markdown: string) => problemsOf(page(markdown), { needsCheckpoint: true });
const CHECKPOINT = '**Checkpoint:** `npm test -- test/lib/match/query.test.ts`';

describe('the checker', () => {
  it('accepts a page whose paths, quotes and checkpoint hold', () => {
    expect(problems(`Read \`lib/match/query.ts\`.\n\n\`\`\`ts quote=lib/match/query.ts\nexport const MAX_ALTERNATIVES = 10; // comma-separated parts of one term\n…\nexport function parseTerm(raw: unknown, rawLang: unknown = null): ParseResult {\n\`\`\`\n\n${CHECKPOINT}\n`)).toEqual([]);
  });

  it('reports a path that does not exist, in code or in a link', () => {
    expect(problems(`See \`lib/match/gone.ts\` and [the map](../../lib/nowhere.md).\n${CHECKPOINT}`)).toEqual([
      'docs/lesson/99-example.md names lib/match/gone.ts, which does not exist',
      'docs/lesson/99-example.md links to lib/nowhere.md, which does not exist',
    ]);
  });

  it('lets an exercise name a file to create, in a folder that exists', () => {
    expect(problems(`${CHECKPOINT}\n\n## Exercise\n\nWrite \`lib/sources/csv.ts\` and \`lib/nowhere/csv.ts\`.`)).toEqual([
      'docs/lesson/99-example.md names lib/nowhere/csv.ts in its exercise, and its folder does not exist',
    ]);
  });

  it('reports a link to a README heading that is not there', () => {
    expect(problems(`[ok](../../README.md#quick-start) [bad](../../README.md#no-such-heading)\n${CHECKPOINT}`)).toEqual([
      'docs/lesson/99-example.md links to README.md#no-such-heading, a heading that does not exist',
    ]);
  });

  it('reports a quoted line that is no longer in the file, and lines quoted out of order', () => {
    const stale = problems(`\`\`\`ts quote=lib/match/query.ts\nexport const MAX_ALTERNATIVES = 14;\n\`\`\`\n${CHECKPOINT}`);
    expect(stale).toEqual(['docs/lesson/99-example.md:1 quotes "export const MAX_ALTERNATIVES = 14;", not in lib/match/query.ts']);
    const swapped = problems(`\`\`\`ts quote=lib/match/query.ts\nexport const MAX_WORDS = 10; // words in one alternative, and mutes in one term\nexport const MAX_ALTERNATIVES = 10; // comma-separated parts of one term\n\`\`\`\n${CHECKPOINT}`);
    expect(swapped).toHaveLength(1);
    expect(swapped[0]).toMatch(/not after the line before it/);
  });

  it('ignores fenced code that is not marked as a quote', () => {
    expect(problems(`\`\`\`bash\nexpress -e\nlib/not/a/path.ts\n\`\`\`\n${CHECKPOINT}`)).toEqual([]);
  });

  it('wants exactly one checkpoint, of the form npm test -- <paths>, over test files', () => {
    expect(problems('no checkpoint')).toEqual(['docs/lesson/99-example.md has 0 checkpoint lines; a step has exactly one']);
    expect(problems('**Checkpoint:** `npx vitest run test/lib`')).toEqual([
      'docs/lesson/99-example.md: checkpoint "npx vitest run test/lib" is not of the form npm test -- <paths>',
    ]);
    expect(problems('**Checkpoint:** `npm test -- test/lib/nothing-here test/helpers/listen.ts`')).toEqual([
      'docs/lesson/99-example.md: checkpoint path test/lib/nothing-here holds no test file',
      'docs/lesson/99-example.md: checkpoint path test/helpers/listen.ts is not a test file',
    ]);
  });

  it('reads the paths of a checkpoint, and the test files under a folder', () => {
    expect(checkpointPaths('npm test -- test/a.test.ts test/b')).toEqual(['test/a.test.ts', 'test/b']);
    expect(checkpointPaths('npm test')).toBeNull();
    expect(testFilesOf('test/lib/match')).toContain('test/lib/match/query.test.ts');
  });

  it('makes anchors the way GitHub does', () => {
    expect(slug('Live Bluesky posts (no key)')).toBe('live-bluesky-posts-no-key');
    expect(slug('Performance and `npm run bench`')).toBe('performance-and-npm-run-bench');
  });
});

describe('docs/lesson/', () => {
  const pages = lessonPages();
  const steps = pages.filter(isStep);

  it(`has the ${STEPS} steps in order, and an index`, () => {
    expect(steps.map((step) => Number(/\/(\d\d)-/.exec(step.name)![1]))).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    expect(pages.map((p) => p.name)).toContain('docs/lesson/README.md');
  });

  it.each(pages.map((p) => [p.name, p] as const))('%s names only real paths, quotes the code as it is, and has a valid checkpoint', (_name, p) => {
    expect(problemsOf(p, { needsCheckpoint: isStep(p) })).toEqual([]);
  });

  it('quotes code on every step, so each one points at lines to read', () => {
    expect(steps.filter((step) => step.quotes.length === 0).map((step) => step.name)).toEqual([]);
  });

  it('links every step from the index and from the README', () => {
    const index = readFileSync(path.join(ROOT, 'docs/lesson/README.md'), 'utf8');
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const step of steps) {
      const file = step.name.replace('docs/lesson/', '');
      expect(index, `index links ${file}`).toContain(`](${file})`);
      expect(readme, `README links ${file}`).toContain(`](docs/lesson/${file})`);
    }
  });

  it("runs every checkpoint's tests in this very run: each is in vitest's include", () => {
    const include = (vitestConfig.test?.include ?? []).map(globToRegExp);
    const exclude = (vitestConfig.test?.exclude ?? []).map(globToRegExp);
    const files = steps.flatMap((step) => checkpointPaths(step.checkpoints[0] ?? '') ?? []).flatMap(testFilesOf);
    expect(files.length).toBeGreaterThan(STEPS);
    const outside = files.filter((file) => !include.some((glob) => glob.test(file)) || exclude.some((glob) => glob.test(file)));
    expect(outside, `checkpoint tests that npm test would not run: ${outside.join(', ')}`).toEqual([]);
  });
});
