// The page's wiring: Step 8 of the code-along, in TypeScript. It sends the lesson's
// events (updateTerm, startStream, stopStream) and renders updatedTerm and tweets.
import 'bootstrap/dist/css/bootstrap.min.css';
import 'bootstrap-slider/dist/css/bootstrap-slider.min.css';
import $ from 'jquery';
import Slider from 'bootstrap-slider';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, StreamStatus } from '../../lib/events.ts';
import { renderCard } from './card.ts';
import { showConnection, showUpstream } from './connection.ts';
import { Feed } from './feed.ts';

const DEFAULT_LIMIT = 10; // cards, the slider's starting value

$(() => {
  // Cached selections
  const $form = $('#search-form');
  const $term = $('#searchTerm');
  const $termError = $('#term-error');
  const $toggle = $('#toggle-button');
  const $searchTerm = $('#search-term');
  const $emptyState = $('#empty-state');
  const $connection = $('#connection-status');
  const $upstream = $('#upstream-status');
  const $sliderValue = $('#sliderValue');

  // State: what we follow, and whether we asked for a pause
  let current: { term: string; lang: string | null } | null = null;
  let paused = false;
  let upstream: StreamStatus = { source: 'demo', state: 'live' };

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket', 'polling'] });
  // bootstrap-slider's jQuery bridge needs $.isFunction, gone in jQuery 4: use the instance API
  const slider = new Slider('#slider', { min: 1, max: 20, step: 1, value: DEFAULT_LIMIT, tooltip: 'hide' });
  const feed = new Feed($('#tweet-container'), DEFAULT_LIMIT);

  function setPaused(value: boolean): void {
    paused = value;
    $toggle.text(paused ? 'Start streaming' : 'Stop streaming').attr('aria-pressed', String(paused)).prop('hidden', !current);
    showUpstream($upstream, upstream, paused);
  }

  function follow(term: string): void {
    $termError.text('');
    socket.emit('updateTerm', term, (response) => {
      if ('error' in response) {
        $termError.text(response.error);
        return;
      }
      current = response.data;
      setPaused(false);
    });
  }

  // Socket events
  socket.on('connect', () => {
    showConnection($connection, 'connected');
    // A new connection is a new socket: tell the server again what we follow
    if (current) {
      socket.emit('updateTerm', current.term, () => {
        if (paused) socket.emit('stopStream');
      });
    }
  });
  socket.on('disconnect', () => showConnection($connection, 'disconnected'));
  socket.io.on('reconnect_attempt', () => showConnection($connection, 'reconnecting'));

  socket.on('updatedTerm', (term) => {
    if ($searchTerm.text() !== term) feed.clear();
    $searchTerm.text(term);
    $emptyState.prop('hidden', true);
  });

  socket.on('tweets', (post) => feed.prepend(renderCard(post)));

  socket.on('status', (status) => {
    upstream = status;
    showUpstream($upstream, upstream, paused);
  });

  socket.on('inputError', (message) => $termError.text(message));

  // The server dropped posts this page was too slow to take (lib/backpressure.ts)
  socket.on('postsSkipped', (count) => $upstream.text(`${count} ${count === 1 ? 'post' : 'posts'} skipped: the connection could not keep up.`));

  // Page events
  $form.on('submit', (event) => {
    event.preventDefault();
    follow(String($term.val() ?? ''));
  });

  $toggle.on('click', () => {
    if (paused) {
      socket.emit('startStream', (response) => ('error' in response ? $termError.text(response.error) : setPaused(false)));
    } else {
      socket.emit('stopStream', (response) => ('error' in response ? $termError.text(response.error) : setPaused(true)));
    }
  });

  $('#clear-button').on('click', () => feed.clear());

  slider.on('change', () => {
    const limit = Number(slider.getValue());
    $sliderValue.text(String(limit));
    feed.setLimit(limit);
  });
});
