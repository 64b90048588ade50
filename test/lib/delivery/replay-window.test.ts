// lib/delivery/replay-window.ts: the recent posts of every term, bounded by age, count and
// bytes; a replay is the term's matches after a cursor, in order, and says whether the
// window still reached back that far.
import { describe, expect, it } from 'vitest';
import { parseTerm, type Query } from '../../../lib/match/query.ts';
import { ReplayWindow, REPLAY_MAX_AGE_MS, REPLAY_MAX_POSTS, type CursoredPost } from '../../../lib/delivery/replay-window.ts';
import { makePost } from '../../helpers/manual-source.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

const CATS = 'term:*:cats';

function query(term: string): Query {
  const parsed = parseTerm(term);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.query;
}

let seq = 0;
function post(text: string, fields: Partial<CursoredPost> = {}): CursoredPost {
  seq += 1;
  return { ...makePost(text), cursor: `1000-${seq}`, ...fields };
}

const texts = (posts: CursoredPost[]) => posts.map((p) => p.text);

describe('since', () => {
  it('replays the matches after the cursor, oldest first, and nothing else', () => {
    const window = new ReplayWindow({ clock: new ManualClock() });
    const first = post('cats one');
    window.record(first);
    window.record(post('dogs only'));
    window.record(post('cats two'));
    window.record(post('more cats'));
    const replay = window.since(first.cursor, CATS, query('cats'));
    expect(texts(replay.posts)).toEqual(['cats two', 'more cats']);
    expect(replay.complete).toBe(true);
  });

  it('matches a post the source filed under term keys by those keys only, as the hub delivered it', () => {
    const window = new ReplayWindow({ clock: new ManualClock() });
    const start = post('before');
    window.record(start);
    window.record(post('a woven post without the word'), [CATS]);
    window.record(post('cats, but filed for dogs only'), ['term:*:dogs']);
    expect(texts(window.since(start.cursor, CATS, query('cats')).posts)).toEqual(['a woven post without the word']);
  });

  it('replays nothing after the newest post, completely', () => {
    const window = new ReplayWindow({ clock: new ManualClock() });
    const last = post('cats');
    window.record(last);
    expect(window.since(last.cursor, CATS, query('cats'))).toEqual({ posts: [], complete: true });
  });

  it('replays what is still there, and says it is incomplete, for a cursor older than the window', () => {
    const window = new ReplayWindow({ clock: new ManualClock(), limits: { maxPosts: 2 } });
    const gone = post('cats gone');
    window.record(gone);
    window.record(post('cats kept'));
    window.record(post('cats newest'));
    const replay = window.since('1-0', CATS, query('cats'));
    expect(texts(replay.posts)).toEqual(['cats kept', 'cats newest']);
    expect(replay.complete).toBe(false);
    // The last post let go is still a known place: everything after it is held
    expect(window.since(gone.cursor, CATS, query('cats')).complete).toBe(true);
  });

  it('says a cursor it never held is unknown, and replays what comes after it', () => {
    const window = new ReplayWindow({ clock: new ManualClock() });
    window.record(post('cats', { cursor: '1000-1' }));
    window.record(post('cats later', { cursor: '3000-0' }));
    const between = window.since('2000-0', CATS, query('cats'));
    expect(texts(between.posts)).toEqual(['cats later']);
    expect(between.complete).toBe(false);
    expect(window.since('9000-0', CATS, query('cats'))).toEqual({ posts: [], complete: false });
  });

  it('knows nothing from before its first post, such as a cursor of a previous run', () => {
    const window = new ReplayWindow({ clock: new ManualClock() });
    expect(window.since('1000-0', CATS, query('cats'))).toEqual({ posts: [], complete: false });
    window.record(post('cats', { cursor: '5000-0' }));
    const replay = window.since('1000-0', CATS, query('cats'));
    expect(texts(replay.posts)).toEqual(['cats']);
    expect(replay.complete).toBe(false);
  });

  it('applies the language filter and the mutes of the query', () => {
    const window = new ReplayWindow({ clock: new ManualClock() });
    const start = post('start');
    window.record(start);
    window.record(post('cats in spanish', { lang: 'es' }));
    window.record(post('cats in english', { lang: 'en' }));
    window.record(post('cats and dogs', { lang: 'en' }));
    const parsed = parseTerm('cats -dogs', 'en');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(texts(window.since(start.cursor, 'term:en:cats -dogs', parsed.value.query).posts)).toEqual(['cats in english']);
  });
});

describe('bounds', () => {
  it(`holds at most ${REPLAY_MAX_POSTS} posts by default`, () => {
    const window = new ReplayWindow({ clock: new ManualClock() });
    for (let i = 0; i < REPLAY_MAX_POSTS + 5; i++) window.record(post(`post ${i}`));
    expect(window.size).toBe(REPLAY_MAX_POSTS);
  });

  it(`lets posts go once they are older than ${REPLAY_MAX_AGE_MS} ms`, () => {
    const clock = new ManualClock();
    const window = new ReplayWindow({ clock });
    const old = post('cats old');
    window.record(old);
    clock.advance(REPLAY_MAX_AGE_MS - 1);
    const recent = post('cats recent');
    window.record(recent);
    clock.advance(2);
    const replay = window.since('0-0', CATS, query('cats'));
    expect(texts(replay.posts)).toEqual(['cats recent']);
    expect(window.size).toBe(1);
    expect(window.since(old.cursor, CATS, query('cats')).complete).toBe(true);
  });

  it('keeps its serialised bytes under maxBytes, letting the oldest go', () => {
    const one = Buffer.byteLength(JSON.stringify(post('x'.repeat(100))));
    const window = new ReplayWindow({ clock: new ManualClock(), limits: { maxBytes: one * 3 } });
    for (let i = 0; i < 10; i++) window.record(post('x'.repeat(100)));
    expect(window.size).toBe(3);
    expect(window.bytes).toBeLessThanOrEqual(one * 3);
  });

  it('takes the age a preloaded post had, not the time it was loaded', () => {
    const clock = new ManualClock();
    const window = new ReplayWindow({ clock });
    window.record(post('cats from Redis'), null, clock.now() - REPLAY_MAX_AGE_MS - 1);
    window.record(post('cats'));
    expect(texts(window.since('0-0', CATS, query('cats')).posts)).toEqual(['cats']);
  });
});

describe('record', () => {
  it('refuses a post whose cursor does not come after the latest, so the order holds', () => {
    const window = new ReplayWindow({ clock: new ManualClock() });
    expect(window.record(post('a', { cursor: '2000-0' }))).toBe(true);
    expect(window.record(post('b', { cursor: '2000-0' }))).toBe(false);
    expect(window.record(post('c', { cursor: '1999-9' }))).toBe(false);
    expect(window.size).toBe(1);
    expect(window.latest).toBe('2000-0');
  });

  it('remembers the latest cursor after every post has gone', () => {
    const clock = new ManualClock();
    const window = new ReplayWindow({ clock });
    window.record(post('a', { cursor: '2000-0' }));
    clock.advance(REPLAY_MAX_AGE_MS + 1);
    window.record(post('b', { cursor: '2000-1' }));
    clock.advance(REPLAY_MAX_AGE_MS + 1);
    expect(window.since('2000-1', CATS, query('cats'))).toEqual({ posts: [], complete: true });
    expect(window.size).toBe(0);
    expect(window.latest).toBe('2000-1');
    expect(window.record(post('c', { cursor: '1000-0' }))).toBe(false);
  });
});
