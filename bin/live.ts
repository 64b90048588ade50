// A manual check against the real Jetstream (not part of `npm test`): connects for
// 20 seconds, prints posts per second, and the first few posts matching a term.
// Usage: npm run live -- "term, other term"
import { loadConfigOrExit } from '../config/env.ts';
import { matches } from '../lib/match/match.ts';
import { parseTerm } from '../lib/match/query.ts';
import { BlueskySource } from '../lib/sources/bluesky/stream.ts';

const RUN_FOR = 20_000; // ms
const REPORT_EVERY = 5_000; // ms between rate lines
const SHOW_MATCHES = 5; // matching posts printed in full

const config = loadConfigOrExit();
const parsed = parseTerm(process.argv[2] ?? 'the');
if (!parsed.ok) {
  console.error(`Cannot search for that term: ${parsed.error}`);
  process.exit(1);
}
const { term, query } = parsed.value;

const source = new BlueskySource({ urls: config.JETSTREAM_URLS, profileApi: config.BSKY_PUBLIC_API });
const started = Date.now();
let posts = 0;
let shown = 0;
let matched = 0;
let lastError = '';

// Posts: count them all, print the first few matches
source.on('post', (post) => {
  posts += 1;
  if (!matches(query, post)) return;
  matched += 1;
  if (shown >= SHOW_MATCHES) return;
  shown += 1;
  console.log(`  @${post.screen_name} (${post.name}): ${post.text.replace(/\s+/g, ' ').slice(0, 140)}\n    ${post.url}`);
});

// Errors: with no host reachable at all, say so in one line and stop early
source.on('error', (err) => {
  lastError = err.message;
  if (source.stats.frames === 0 && source.stats.reconnects >= config.JETSTREAM_URLS.length) {
    finish(`Could not reach any Jetstream host (${config.JETSTREAM_URLS.length} tried; last: ${lastError}). Is this machine online?`, 1);
  }
});

console.log(`Following "${term}" on ${config.JETSTREAM_URLS.length} Jetstream host(s) for ${RUN_FOR / 1000} s…`);
source.start();
const ticker = setInterval(() => {
  const seconds = (Date.now() - started) / 1000;
  console.log(`${seconds.toFixed(0)} s: ${(posts / seconds).toFixed(1)} posts/s, ${matched} matching "${term}"`);
}, REPORT_EVERY);
setTimeout(() => {
  const { frames, duplicates, fallbackAuthors, reconnects, profileCalls } = source.stats;
  if (frames === 0) return finish(`No frames from Jetstream in ${RUN_FOR / 1000} s (last error: ${lastError || 'none'}).`, 1);
  const summary = `${(posts / (RUN_FOR / 1000)).toFixed(1)} posts/s; ${matched} matched; ${frames} frames, ${duplicates} duplicates, ${reconnects} reconnects`;
  finish(`Done: ${summary}; ${profileCalls} profile calls, ${fallbackAuthors} posts with a fallback author.`, 0);
}, RUN_FOR);

function finish(line: string, code: number): void {
  clearInterval(ticker);
  (code === 0 ? console.log : console.error)(line);
  void source.stop().finally(() => process.exit(code));
}
