// `npm run bench [-- --quick]`: measures the matcher, the fan-out, what a paused reader
// costs other clients, and start-up; prints the tables and writes bench/results/<date>.md,
// latest.json and scaling.svg.
// Loopback only; every loop and wait is bounded, so it always ends by itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runAttack } from './attack.ts';
import { pinned } from './children.ts';
import { freePort, hasRedis, NODES, runCluster } from './cluster.ts';
import { runFanout, type FanoutRow } from './fanout.ts';
import { runMatcher, runMixed, runSharedWord } from './matcher.ts';
import { markdown, svg, tables, type BenchResult } from './report.ts';
import { measureStartup, START_COMMANDS } from './startup.ts';
import { writeReplayFile } from './workload.ts';

const quick = process.argv.includes('--quick');

// Sizes: the issue's in a full run; tiny ones in --quick, which only proves the bench works
const PLAN = quick
  ? { matcherTerms: [10, 1_000], matcherBudgetMs: 100, sharedWordTerms: 20_000, mixedTerms: 1_000, sockets: [200], terms: 100, rate: 200, windowMs: 1_000, warmMs: 200, startups: 1, hot: { sockets: 100, terms: 10, rate: 200 }, attack: { clients: 4, rate: 50, windowMs: 1_000, steady: 20_000 } }
  : { matcherTerms: [10, 1_000, 10_000, 100_000], matcherBudgetMs: 1_500, sharedWordTerms: 20_000, mixedTerms: 10_000, sockets: [1_000, 5_000, 15_000], terms: 1_000, rate: 1_000, windowMs: 10_000, warmMs: 2_000, startups: 3, hot: { sockets: 1_000, terms: 10, rate: 500 }, attack: { clients: 20, rate: 100, windowMs: 10_000, steady: 20_000 } };
const BATCH_MS = 100; // the window the page asks for

const results = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(results, { recursive: true });
const log = (line: string) => console.error(`[bench] ${line}`);

const result: BenchResult = {
  date: new Date().toISOString().slice(0, 10),
  quick,
  machine: { cpus: os.cpus().length, node: process.version, pinned, loadAverage: os.loadavg() },
  matcher: [],
  sharedWord: null,
  mixed: null,
  fanout: [],
  cluster: null,
  pausedReader: [],
  startupMs: {},
};

log(`matcher at ${PLAN.matcherTerms.join(', ')} terms`);
result.matcher = runMatcher(PLAN.matcherTerms, PLAN.matcherBudgetMs);
log(`matcher: ${PLAN.sharedWordTerms} terms sharing one common word`);
result.sharedWord = runSharedWord(PLAN.sharedWordTerms, PLAN.matcherBudgetMs);
log(`matcher: ${PLAN.mixedTerms} terms on mixed-language posts`);
result.mixed = runMixed(PLAN.mixedTerms, PLAN.matcherBudgetMs);

const file = writeReplayFile(`${results}replay.tmp`, PLAN.terms);
log(`fan-out: ${PLAN.terms} terms, ${PLAN.rate} posts/s in, ${PLAN.windowMs} ms windows`);
for (const sockets of PLAN.sockets) {
  for (const [mode, batchMs] of [['bare', 0], ['app', 0], ['app', BATCH_MS]] as const) {
    log(`fan-out: ${sockets} sockets, ${mode}${batchMs ? `, batched ${batchMs} ms` : ''}${pinned ? ' (taskset: server core 0, load core 1)' : ''}`);
    const row: FanoutRow = await runFanout({ sockets, terms: PLAN.terms, rate: PLAN.rate, mode, batchMs, windowMs: PLAN.windowMs, warmMs: PLAN.warmMs, file });
    result.fanout.push(row);
  }
}

// The cluster: the same posts and sockets as one size of the app rows above, over three
// nodes on one Redis. On 2 cores this is what a cluster costs, not a speed-up
const clusterSockets = PLAN.sockets[Math.floor(PLAN.sockets.length / 2)]!;
if (hasRedis) {
  log(`cluster: ${NODES} nodes on Redis, ${clusterSockets} sockets split evenly, ${PLAN.rate} posts/s`);
  const { terms, rate, windowMs, warmMs } = PLAN;
  result.cluster = await runCluster({ sockets: clusterSockets, terms, rate, windowMs, warmMs, file, redisPort: await freePort() });
} else log('cluster: skipped, redis-server is not installed');

// Hot terms: with 1,000 terms at 1,000 posts/s a room sees one post a second, so a
// 100 ms window rarely holds two and batching cannot save anything. Here each room
// sees 50 posts a second, about 5 per window: the case batching is for.
const hotFile = writeReplayFile(`${results}replay-hot.tmp`, PLAN.hot.terms);
for (const [mode, batchMs] of [['bare', 0], ['app', 0], ['app', BATCH_MS]] as const) {
  const { sockets, terms, rate } = PLAN.hot;
  log(`fan-out, hot terms: ${sockets} sockets on ${terms} terms at ${rate} posts/s, ${mode}${batchMs ? `, batched ${batchMs} ms` : ''}`);
  const base = mode === 'bare' ? 'bare Socket.IO' : batchMs ? `app, batched ${batchMs} ms` : 'app';
  result.fanout.push(
    await runFanout({ sockets, terms, rate, mode, batchMs, windowMs: PLAN.windowMs, warmMs: PLAN.warmMs, file: hotFile, label: `hot: ${base}` }),
  );
}

// A/B of the optional native helper: ws skips bufferutil when WS_NO_BUFFER_UTIL is set
const middle = PLAN.sockets[Math.floor(PLAN.sockets.length / 2)]!;
if (!quick) log(`fan-out: ${middle} sockets, app without bufferutil`);
if (!quick) result.fanout.push(
  await runFanout({
    sockets: middle, terms: PLAN.terms, rate: PLAN.rate, mode: 'app', batchMs: 0, windowMs: PLAN.windowMs, warmMs: PLAN.warmMs, file,
    label: 'app, no bufferutil', serverEnv: { WS_NO_BUFFER_UTIL: '1' },
  }),
);

// One client stops reading and floods acked events: what do the others notice?
log(`paused reader: ${PLAN.attack.clients} healthy clients and /healthz, ${PLAN.attack.windowMs} ms without an attack, then with each`);
const { steady, ...attack } = PLAN.attack; // events/s of the steady attack, the fault test's rate
result.pausedReader = await runAttack({
  file, terms: PLAN.terms, ...attack,
  attacks: [{ name: `paused reader, ${steady.toLocaleString('en-US')} events/s`, eventsPerSecond: steady }, { name: 'paused reader, full speed' }],
});

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
