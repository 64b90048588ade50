// `npm run bench [-- --quick]`: measures the matcher, the fan-out and start-up, prints
// the table, and writes bench/results/<date>.md, latest.json and scaling.svg.
// Loopback only; every loop and wait is bounded, so it always ends by itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { pinned, runFanout, type FanoutRow } from './fanout.ts';
import { runMatcher } from './matcher.ts';
import { markdown, svg, tables, type BenchResult } from './report.ts';
import { measureStartup, START_COMMANDS } from './startup.ts';
import { writeReplayFile } from './workload.ts';

const quick = process.argv.includes('--quick');

// Sizes: the issue's in a full run; tiny ones in --quick, which only proves the bench works
const PLAN = quick
  ? { matcherTerms: [10, 1_000], matcherBudgetMs: 100, sockets: [200], terms: 100, rate: 200, windowMs: 1_500, warmMs: 300, startups: 1 }
  : { matcherTerms: [10, 1_000, 10_000, 100_000], matcherBudgetMs: 1_500, sockets: [1_000, 5_000, 15_000], terms: 1_000, rate: 1_000, windowMs: 10_000, warmMs: 2_000, startups: 3 };
const BATCH_MS = 100; // the window the page asks for

const results = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(results, { recursive: true });
const log = (line: string) => console.error(`[bench] ${line}`);

const result: BenchResult = {
  date: new Date().toISOString().slice(0, 10),
  quick,
  machine: { cpus: os.cpus().length, node: process.version, pinned, loadAverage: os.loadavg() },
  matcher: [],
  fanout: [],
  startupMs: {},
};

log(`matcher at ${PLAN.matcherTerms.join(', ')} terms`);
result.matcher = runMatcher(PLAN.matcherTerms, PLAN.matcherBudgetMs);

const file = writeReplayFile(`${results}replay.tmp`, PLAN.terms);
for (const sockets of PLAN.sockets) {
  for (const [mode, batchMs] of [['bare', 0], ['app', 0], ['app', BATCH_MS]] as const) {
    log(`fan-out: ${sockets} sockets, ${mode}${batchMs ? `, batched ${batchMs} ms` : ''}${pinned ? ' (taskset: server core 0, load core 1)' : ''}`);
    const row: FanoutRow = await runFanout({ sockets, terms: PLAN.terms, rate: PLAN.rate, mode, batchMs, windowMs: PLAN.windowMs, warmMs: PLAN.warmMs, file });
    result.fanout.push(row);
  }
}

for (const command of Object.keys(START_COMMANDS) as Array<keyof typeof START_COMMANDS>) {
  log(`start-up: ${command}`);
  const times: number[] = [];
  for (let i = 0; i < PLAN.startups; i += 1) times.push(await measureStartup(command));
  result.startupMs[command] = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

console.log(tables(result));
if (!quick) writeFileSync(`${results}${result.date}.md`, markdown(result));
writeFileSync(`${results}${quick ? 'quick' : 'latest'}.json`, JSON.stringify(result, null, 2) + '\n');
if (!quick) writeFileSync(`${results}scaling.svg`, svg(result));
log(`wrote ${quick ? 'bench/results/quick.json' : `bench/results/${result.date}.md, latest.json and scaling.svg`}`);
