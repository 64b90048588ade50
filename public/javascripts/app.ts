// The page's wiring: Step 8 of the code-along, in TypeScript. It sends the lesson's
// events (updateTerm, startStream, stopStream) and renders updatedTerm and tweets,
// plus the live extras: held posts, highlights, busy stats, states and deep links.
import 'bootstrap/dist/css/bootstrap.min.css';
import 'bootstrap-slider/dist/css/bootstrap-slider.min.css';
import $ from 'jquery';
import Slider from 'bootstrap-slider';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, FollowedTerm, Post, ServerToClientEvents } from '../../lib/contract/events.ts';
import { readAddress, recordSearch, type SearchState } from './address.ts';
import { Announcer } from './announcer.ts';
import { renderCard } from './card.ts';
import { StateBadge } from './connection.ts';
import { Feed } from './feed.ts';
import { fillLanguages, readSearch, showSearch } from './form.ts';
import { highlightWords } from './highlight.ts';
import { watchReading } from './reading.ts';
import { MatchHistory } from './match-history.ts';
import { RateChart } from './rate-chart.ts';
import { keepConnected } from './reconnect.ts';
import { ResumePoint } from './resume-point.ts';
import { BusyStats } from './stats.ts';
import { followSystemTheme } from './theme.ts';
import { refreshTimes } from './time.ts';
import { attachSearchTips } from './tips.ts';

const DEFAULT_LIMIT = 10; // cards, the slider's starting value
const BATCH_MS = 100; // ms, how long the server may gather posts into one tweetBatch
const TICK = 1000; // ms between refreshes of times, countdowns and stats
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
// The server keeps the last 2 minutes or 1,000 posts for pages that reconnect (lib/delivery/replay-window.ts)
const MISSED_WHILE_AWAY = 'Some posts from while the connection was down are no longer available.';

followSystemTheme();

$(() => {
  // Cached selections
  const $form = $('#search-form');
  const $term = $('#searchTerm');
  const $lang = $('#lang');
  const $termError = $('#term-error');
  const $toggle = $('#toggle-button');
  const $searchTerm = $('#search-term');
  const $emptyState = $('#empty-state');
  const $slider = $('#slider');
  const $sliderValue = $('#sliderValue');
  const $newPosts = $('#new-posts');
  const $stats = $('#stats');
  const $heading = $('#feed-heading');
  const $skipped = $('#skipped-notice');
  const $connection = $('#connection-status');
  const $stateDetail = $('#state-detail');
  const $statRate = $('#stat-rate');
  const $statScanned = $('#stat-scanned');
  const $statWatchers = $('#stat-watchers');
  const $rateChart = $('#rate-chart');
  const $announcer = $('#announcer');
  const $tipsButton = $('#tips-button');
  const $clear = $('#clear-button');
  const $container = $('#tweet-container');
  const container = $container[0]!; // the feed works on the DOM element directly, for speed

  // State: what we want to follow, what the server confirmed, and the connection
  let wanted: SearchState | null = readAddress();
  let current: FollowedTerm | null = null;
  let words: ReadonlySet<string> = new Set();
  let paused = false;
  let accepting = false; // false from the moment Stop is pressed
  let requests = 0; // updateTerm requests sent; answers to older ones are ignored
  const resumePoint = new ResumePoint(); // sent as `since` after a drop, so the server replays what was missed

  // Setup: the socket, the slider and the page's helpers
  const badge = new StateBadge($connection[0]!, $stateDetail[0]!);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    transports: ['websocket', 'polling'],
    // tweetBatch instead of tweets, and the once-a-second streamStats for the busy figures
    auth: { batchMs: BATCH_MS, stats: true },
    reconnection: false, // keepConnected retries, so the page can count down to the next try
  });
  keepConnected(socket as Socket, (retryAt) => badge.update({ retryAt }));
  // bootstrap-slider's jQuery bridge needs $.isFunction, gone in jQuery 4: use the instance API
  const slider = new Slider($slider[0]!, { min: 1, max: 20, step: 1, value: DEFAULT_LIMIT, tooltip: 'hide', labelledby: 'slider-label' });
  const reducedMotion = (): boolean => window.matchMedia(REDUCED_MOTION).matches;
  const isReading = watchReading(container, () => feed.reveal());
  const feed = new Feed({
    container,
    limit: DEFAULT_LIMIT,
    render: (post) => renderCard(post, words, Date.now())[0]!,
    isHolding: isReading,
    reducedMotion,
    onChange: ({ held, skipped }) => renderPill(held, skipped),
  });
  const announcer = new Announcer($announcer[0]!, () => feed.held);
  const stats = new BusyStats({ rate: $statRate[0]!, scanned: $statScanned[0]!, watchers: $statWatchers[0]! }, Date.now());
  const history = new MatchHistory(Date.now());
  const chart = new RateChart($('#rate-chart-bars')[0] as unknown as SVGSVGElement, $('#rate-chart-text')[0]!);
  fillLanguages($lang);
  attachSearchTips($tipsButton[0]!);

  // Render functions
  function renderPill(held: number, skipped: number): void {
    const posts = held === 1 ? '1 new post' : `${held} new posts`;
    $newPosts.text(skipped > 0 ? `Show ${posts} (${skipped} older skipped)` : `Show ${posts}`).prop('hidden', held === 0);
  }

  function renderFollowing(): void {
    $toggle.text(paused ? 'Start streaming' : 'Stop streaming').attr('aria-pressed', String(paused)).prop('hidden', !current);
    $stats.prop('hidden', !current);
    $rateChart.prop('hidden', !current);
    $emptyState.prop('hidden', Boolean(current));
    $heading.attr({ 'data-term': current?.term ?? '', 'data-lang': current?.lang ?? '' }); // what the server confirmed
    $heading.prop('hidden', !current);
    badge.update({ paused });
  }

  // Actions: what the page asks of the server

  // Follows a search; `record` adds it to the history, `resume` keeps a pause across a reconnect
  // and asks the server for the posts missed meanwhile (`since`). A new search sends
  // `since: null`, which answers with where the stream is, so a resume point is known even
  // before the first match. Only the latest request counts: back, forward and the language
  // select can send a second search before the first is answered, and a late answer must
  // not undo the newer one.
  function follow(search: SearchState, { record, resume = false }: { record: boolean; resume?: boolean }): void {
    wanted = search;
    $termError.text('');
    const request = ++requests;
    if (!socket.connected) return; // the connect handler sends it
    const since = resume && !paused ? resumePoint.cursor : null;
    socket.emit('updateTerm', { term: search.q, lang: search.lang, since }, (response) => {
      if (request !== requests) return;
      if ('error' in response) {
        $termError.text(response.error);
        return;
      }
      resumePoint.learn(response.data.cursor);
      if (response.data.replay?.complete === false) $skipped.text(MISSED_WHILE_AWAY);
      const changed = current?.term !== response.data.term || current?.lang !== response.data.lang;
      current = response.data;
      wanted = { q: current.term, lang: current.lang };
      if (changed) {
        stats.begin(Date.now());
        history.reset(Date.now());
      }
      stats.render(Date.now());
      chart.render(history.minutes(Date.now()));
      if (record) recordSearch(wanted);
      if (resume && paused) stop();
      else paused = false;
      renderFollowing();
    });
  }

  function unfollow(): void {
    requests += 1; // an answer still on its way is for a search nobody wants now
    wanted = null;
    current = null;
    accepting = false;
    if (socket.connected) socket.emit('stopStream');
    feed.clear();
    $skipped.text('');
    $searchTerm.text('');
    renderFollowing();
  }

  function stop(): void {
    accepting = false; // posts already on their way are dropped, so Stop takes effect at once
    feed.dropQueued();
    socket.emit('stopStream', (response) => {
      if ('error' in response) return void $termError.text(response.error);
      paused = true;
      renderFollowing();
      announcer.say('Paused.');
    });
  }

  function receive(incoming: Post[]): void {
    if (!accepting) return;
    const posts = resumePoint.fresh(incoming); // a replay may overlap what already arrived
    if (posts.length === 0) return;
    stats.meter.add(posts.length, Date.now());
    history.add(posts.length, Date.now());
    chart.render(history.minutes(Date.now()));
    announcer.count(posts.length);
    feed.add(posts);
  }

  // Socket events
  socket.on('connect', () => {
    badge.update({ connected: true });
    // A new connection is a new socket: tell the server again what we follow
    if (wanted) follow(wanted, { record: false, resume: true });
  });
  socket.on('disconnect', () => badge.update({ connected: false }));

  socket.on('updatedTerm', (term) => {
    if (!wanted) return; // the echo of a search left since (back to the bare page)
    if ($searchTerm.text() !== term) {
      feed.clear();
      $skipped.text(''); // a new search starts with nothing missed
    }
    $searchTerm.text(term);
    words = highlightWords(term);
    accepting = true;
    $emptyState.prop('hidden', true);
  });

  socket.on('tweets', (post) => receive([post]));
  socket.on('tweetBatch', (posts) => receive(posts));

  socket.on('status', (upstream) => badge.update({ upstream, upstreamSince: Date.now() }));
  socket.on('termStats', ({ watchers }) => {
    stats.setWatchers(watchers);
    stats.render(Date.now());
  });
  socket.on('streamStats', ({ scanned }) => {
    stats.setScanned(scanned);
    stats.render(Date.now());
  });
  socket.on('inputError', (message) => $termError.text(message));

  // The server dropped posts this page was too slow to take (lib/guards/slow-consumer.ts)
  socket.on('postsSkipped', (count) => $skipped.text(`${count} ${count === 1 ? 'post' : 'posts'} skipped: the connection could not keep up.`));

  // Page events
  $form.on('submit', (event) => {
    event.preventDefault();
    follow(readSearch($term, $lang), { record: true });
  });

  // A new language re-runs the search that is on screen
  $lang.on('change', () => {
    if (current) $form.trigger('submit');
  });

  $toggle.on('click', () => {
    if (!paused) return stop();
    socket.emit('startStream', (response) => {
      if ('error' in response) return void $termError.text(response.error);
      paused = false;
      accepting = true;
      renderFollowing();
    });
  });

  $clear.on('click', () => feed.clear());

  $newPosts.on('click', () => {
    $heading[0]!.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
    $heading.trigger('focus'); // keyboard users land where the new posts are
    feed.reveal();
  });

  slider.on('change', () => {
    const limit = Number(slider.getValue());
    $sliderValue.text(String(limit));
    feed.setLimit(limit);
  });

  // Back and forward move between searches
  window.addEventListener('popstate', () => {
    const search = readAddress();
    showSearch($term, $lang, search);
    if (search) follow(search, { record: false });
    else unfollow();
  });

  setInterval(() => {
    const now = Date.now();
    refreshTimes(container, now);
    stats.render(now);
    chart.render(history.minutes(now));
    badge.render(now);
  }, TICK);

  showSearch($term, $lang, wanted);
  renderFollowing();
});
