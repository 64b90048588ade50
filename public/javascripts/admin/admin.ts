// The admin view's wiring: opens the /admin namespace with a fresh token from
// GET /admin/token on every (re)connect, and puts each snapshot and sampled feed on
// screen. Every figure is written with .text(); terms and posts are untrusted.
import 'bootstrap/dist/css/bootstrap.min.css';
import './admin.css';
import $ from 'jquery';
import { io, type Socket } from 'socket.io-client';
import type { AdminClientToServerEvents, AdminServerToClientEvents, AdminSnapshot } from '../../../lib/contract/admin-events.ts';
import type { UpstreamState } from '../../../lib/contract/events.ts';
import { followSystemTheme } from '../theme.ts';
import { FeedList } from './feed-list.ts';
import { formatBytes, formatCount, formatPushes, formatRate } from './format.ts';
import { HistoryChart } from './history-chart.ts';

const NAMESPACE = '/admin';
const TOKEN_URL = '/admin/token';

// Upstream states in words and Bootstrap's AA-contrast badge colours
const UPSTREAM_BADGES: Record<UpstreamState, [label: string, style: string]> = {
  connecting: ['Connecting', 'text-bg-secondary'],
  live: ['Live', 'text-bg-success'],
  reconnecting: ['Reconnecting', 'text-bg-warning'],
  error: ['Error', 'text-bg-danger'],
};
const CONNECTION_BADGES = {
  connecting: ['Connecting…', 'text-bg-secondary'],
  live: ['Live', 'text-bg-success'],
  reconnecting: ['Reconnecting…', 'text-bg-warning'],
  refused: ['Signed out: reload the page', 'text-bg-danger'],
} as const;
const BADGE_STYLES = 'text-bg-secondary text-bg-success text-bg-warning text-bg-danger';

followSystemTheme();

$(() => {
  // Cached selections
  const $connection = $('#connection');
  const $upstreamState = $('#upstream-state');
  const $upstreamDetail = $('#upstream-detail');
  const $nodes = $('#nodes');
  const $topTerms = $('#top-terms');
  const $noTerms = $('#no-terms');
  const $feedToggle = $('#feed-toggle');
  const charts = {
    posts: new HistoryChart($('#posts-chart')[0] as unknown as SVGSVGElement, $('#posts-caption')[0]!, 'Posts in'),
    matches: new HistoryChart($('#matches-chart')[0] as unknown as SVGSVGElement, $('#matches-caption')[0]!, 'Matches'),
    deliveries: new HistoryChart($('#deliveries-chart')[0] as unknown as SVGSVGElement, $('#deliveries-caption')[0]!, 'Deliveries'),
  };
  const feed = new FeedList($('#feed-list'), $('#feed-sampling'));

  // Render functions
  const showConnection = (state: keyof typeof CONNECTION_BADGES): void => {
    const [label, style] = CONNECTION_BADGES[state];
    $connection.attr('data-state', state).removeClass(BADGE_STYLES).addClass(style).text(label);
  };

  const render = (s: AdminSnapshot): void => {
    const [label, style] = UPSTREAM_BADGES[s.upstream.state];
    $upstreamState.removeClass(BADGE_STYLES).addClass(style).text(`${s.upstream.source}: ${label}`);
    $upstreamDetail.text(s.upstream.message ?? '');
    $('#sockets').text(formatCount(s.sockets));
    $('#followed-terms').text(formatCount(s.followedTerms));
    $('#pushes').text(formatPushes(s.ingest));
    $('#skipped').text(formatCount(s.totals.skipped));
    $('#loop-delay').text(`${s.eventLoopDelayMs.p99} ms p99 (mean ${s.eventLoopDelayMs.mean} ms)`);
    $('#memory').text(`${formatBytes(s.memoryBytes.rss)} resident, ${formatBytes(s.memoryBytes.heapUsed)} heap`);
    for (const name of ['posts', 'matches', 'deliveries'] as const) {
      $(`#${name}-rate`).text(formatRate(s[name].perSecond));
      charts[name].render(s[name], s.bucketSeconds);
    }
    $nodes.empty().append(
      s.nodes.map((node) =>
        $('<tr>').append($('<td class="text-break">').text(node.id), $('<td class="text-end">').text(formatCount(node.sockets)), $('<td>').text(node.leader ? 'leader' : 'follower')),
      ),
    );
    $topTerms.empty().append(
      s.topTerms.map((term) =>
        $('<tr>').append($('<td class="text-break">').text(term.term), $('<td>').text(term.lang ?? 'any'), $('<td class="text-end">').text(formatCount(term.watchers))),
      ),
    );
    $noTerms.prop('hidden', s.topTerms.length > 0);
  };

  // Keyboard events (a button: Enter and Space work as they do for any button)
  $feedToggle.on('click', () => {
    feed.paused = !feed.paused;
    $feedToggle.attr('aria-pressed', String(feed.paused)).text(feed.paused ? 'Resume the feed' : 'Pause the feed');
  });

  // Socket events. The token is fetched afresh for each attempt: it lives a minute
  const socket: Socket<AdminServerToClientEvents, AdminClientToServerEvents> = io(NAMESPACE, {
    transports: ['websocket', 'polling'],
    auth: (send) => {
      fetch(TOKEN_URL, { credentials: 'same-origin', cache: 'no-store' })
        .then((res) => (res.ok ? (res.json() as Promise<{ token: string }>) : { token: '' }))
        .then(({ token }) => send({ token }))
        .catch(() => send({ token: '' }));
    },
  });
  socket.on('connect', () => showConnection('live'));
  socket.on('disconnect', () => showConnection('reconnecting'));
  socket.on('connect_error', () => {
    // Refused by the server (no valid token) means signed out; otherwise the manager retries
    showConnection(socket.active ? 'reconnecting' : 'refused');
  });
  socket.on('adminSnapshot', render);
  socket.on('adminFeed', (sample) => feed.add(sample));
});
