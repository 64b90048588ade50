// Reads the lesson pages in docs/lesson/ and checks what they promise a student: every
// repo path they name exists, every quoted line is still in the file it quotes, and every
// checkpoint is `npm test -- <paths>` over test files. `npm run lesson:check` then runs
// each checkpoint for real, in order; test/bin/lesson-check.test.ts runs the checks
// inside `npm test` without running vitest inside vitest.
//
// Conventions the pages follow (docs/lesson/README.md says the same for authors):
// - a quote is a fenced block whose info string holds `quote=<path>`; each of its lines,
//   trimmed, is a whole trimmed line of that file, in file order; a line `…` skips lines;
// - a repo path is any inline code span that starts with a top-level folder or names a
//   top-level file, and any relative markdown link (with its #anchor, for a .md file);
//   under `## Exercise` a path may be a file the student creates: its folder must exist;
// - a checkpoint is the one line starting `**Checkpoint:**`, with the command in inline code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.join(import.meta.dirname, '..');
export const LESSON_DIR = 'docs/lesson';

// Paths a page may name that exist only after a build (`npm start` and `npm test` make them)
const GENERATED = ['public/build/', 'public/build/app.js', 'public/build/app.css'];
const TOP_FILES = ['app.ts', 'package.json', 'tsconfig.json', 'vitest.config.ts', 'README.md', '.env.example'];
const TOP_DIRS = ['bin', 'config', 'lib', 'routes', 'views', 'public', 'test', 'docs', 'bench'];
const REPO_PATH = new RegExp(`^(?:${TOP_FILES.map((f) => f.replace('.', '\\.')).join('|')}|(?:${TOP_DIRS.join('|')})/[\\w./-]*)$`);
const CHECKPOINT_LINE = /^\*\*Checkpoint:\*\*/;
const CHECKPOINT_COMMAND = /^npm test -- ((?:\S+ ?)+)$/;
const ELISION = '…';

export interface Quote {
  file: string;
  lines: string[];
  line: number; // where the block starts in the page, for messages
}

export interface Page {
  name: string; // path relative to the repo root
  paths: string[]; // repo-relative paths named in inline code
  exercisePaths: string[]; // the same, under `## Exercise`: files a student may create
  links: Array<{ target: string; anchor: string | null }>; // relative links, resolved to repo paths
  quotes: Quote[];
  checkpoints: string[]; // the commands, as written
}

/** Parses one page's markdown. `name` is its repo-relative path, used to resolve links. */
export function parsePage(name: string, markdown: string): Page {
  const page: Page = { name, paths: [], exercisePaths: [], links: [], quotes: [], checkpoints: [] };
  const lines = markdown.split('\n');
  let fence: Quote | null = null;
  let inFence = false;
  let inExercise = false;
  lines.forEach((text, index) => {
    const opening = /^\s*```(.*)$/.exec(text);
    if (opening) {
      if (inFence) {
        if (fence) page.quotes.push(fence);
        fence = null;
        inFence = false;
        return;
      }
      inFence = true;
      const quoted = /\bquote=(\S+)/.exec(opening[1]!);
      if (quoted) {
        page.paths.push(quoted[1]!);
        fence = { file: quoted[1]!, lines: [], line: index + 1 };
      }
      return;
    }
    if (inFence) {
      if (fence && text.trim() !== '') fence.lines.push(text.trim());
      return;
    }
    if (/^#{1,6} /.test(text)) inExercise = /^## Exercise\b/.test(text);
    for (const [, code] of text.matchAll(/`([^`]+)`/g)) {
      if (REPO_PATH.test(code!)) (inExercise ? page.exercisePaths : page.paths).push(code!);
    }
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(name), file));
      page.links.push({ target: resolved, anchor: anchor ?? null });
    }
    if (CHECKPOINT_LINE.test(text)) {
      const command = /`([^`]+)`/.exec(text);
      page.checkpoints.push(command ? command[1]! : '');
    }
  });
  return page;
}

/** The test paths of a checkpoint command, or null when it is not `npm test -- <paths>`. */
export function checkpointPaths(command: string): string[] | null {
  const match = CHECKPOINT_COMMAND.exec(command.trim());
  return match ? match[1]!.trim().split(' ') : null;
}

/** GitHub's anchor for a heading: lower case, punctuation gone, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = readFileSync(path.join(ROOT, file), 'utf8').match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((heading) => slug(heading.replace(/^#+ /, ''))));
}

const exists = (file: string): boolean => GENERATED.includes(file) || existsSync(path.join(ROOT, file));

/** Every test file a checkpoint path stands for (a file, or the test files under a folder). */
export function testFilesOf(testPath: string): string[] {
  const full = path.join(ROOT, testPath);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [testPath.replace(/\/$/, '')];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** What is wrong with one page, one sentence per problem; empty when it holds. */
export function problemsOf(page: Page, { needsCheckpoint }: { needsCheckpoint: boolean }): string[] {
  const problems: string[] = [];
  for (const file of page.paths) if (!exists(file)) problems.push(`${page.name} names ${file}, which does not exist`);
  for (const file of page.exercisePaths) {
    if (!exists(file) && !exists(path.posix.dirname(file.replace(/\/$/, ''))))
      problems.push(`${page.name} names ${file} in its exercise, and its folder does not exist`);
  }
  for (const { target, anchor } of page.links) {
    if (!exists(target)) problems.push(`${page.name} links to ${target}, which does not exist`);
    else if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor))
      problems.push(`${page.name} links to ${target}#${anchor}, a heading that does not exist`);
  }
  for (const quote of page.quotes) {
    if (!existsSync(path.join(ROOT, quote.file)) || statSync(path.join(ROOT, quote.file)).isDirectory()) continue;
    const fileLines = readFileSync(path.join(ROOT, quote.file), 'utf8').split('\n').map((line) => line.trim());
    let at = 0;
    for (const line of quote.lines) {
      if (line === ELISION) continue;
      const found = fileLines.indexOf(line, at);
      if (found === -1) {
        const elsewhere = fileLines.includes(line) ? ' (it is there, but not after the line before it)' : '';
        problems.push(`${page.name}:${quote.line} quotes "${line}", not in ${quote.file}${elsewhere}`);
      } else at = found + 1;
    }
  }
  if (needsCheckpoint && page.checkpoints.length !== 1)
    problems.push(`${page.name} has ${page.checkpoints.length} checkpoint lines; a step has exactly one`);
  for (const command of page.checkpoints) {
    const paths = checkpointPaths(command);
    if (!paths) {
      problems.push(`${page.name}: checkpoint "${command}" is not of the form npm test -- <paths>`);
      continue;
    }
    for (const testPath of paths) {
      const files = testFilesOf(testPath);
      if (files.length === 0) problems.push(`${page.name}: checkpoint path ${testPath} holds no test file`);
      for (const file of files) {
        if (!/\.test\.ts$/.test(file)) problems.push(`${page.name}: checkpoint path ${file} is not a test file`);
        else if (!/\b(?:it|test)(?:\.\w+)*\(/.test(readFileSync(path.join(ROOT, file), 'utf8')))
          problems.push(`${page.name}: ${file} has no test in it`);
      }
    }
  }
  return problems;
}

/** The lesson pages in step order (NN-name.md), then the index. */
export function lessonPages(): Page[] {
  const dir = path.join(ROOT, LESSON_DIR);
  const names = readdirSync(dir).filter((name) => name.endsWith('.md')).sort();
  return names.map((name) => parsePage(`${LESSON_DIR}/${name}`, readFileSync(path.join(dir, name), 'utf8')));
}

export const isStep = (page: Page): boolean => /\/\d\d-[\w-]+\.md$/.test(page.name);

// Run directly: check every page, then run each checkpoint in order and stop at the first failure
function main(): void {
  const pages = lessonPages();
  const problems = pages.flatMap((page) => problemsOf(page, { needsCheckpoint: isStep(page) }));
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  for (const page of pages.filter(isStep)) {
    const command = page.checkpoints[0]!;
    console.log(`\n▶ ${page.name}: ${command}`);
    const run = spawnSync('npm', ['test', '--', ...checkpointPaths(command)!], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`✗ ${page.name}: the checkpoint failed (exit ${run.status ?? run.signal})`);
      process.exit(1);
    }
  }
  console.log(`\n✓ every checkpoint passed (${pages.filter(isStep).length} steps)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) main();
