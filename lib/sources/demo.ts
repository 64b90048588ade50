// The embedded offline default: a deterministic synthetic firehose that needs no
// account, no key and no network. It weaves the terms being followed into a share
// of its posts, so any search shows a match within seconds.
//
// A woven post carries one visitor's own words, so it goes to that visitor's term only:
// it is emitted with that term's key, and the hub skips the index that would also
// match it for anyone following a filler word in it. Every other post is made from the
// corpus alone, so it never holds a followed term's words unless the corpus does.
import type { Post } from '../contract/events.ts';
import { matches } from '../match/match.ts';
import type { Query } from '../match/query.ts';
import { seededRandom } from '../support/random.ts';
import { AUTHORS, CLOSERS, EMOJI, FOREIGN, HASHTAGS, OPENERS, SHOWN, TOPICS } from './demo-corpus.ts';
import { PacedSource, type Drawn } from './paced.ts';

export const WEAVE_SHARE = 0.35; // share of posts built around a followed term
const FOREIGN_SHARE = 0.12; // share of posts not in English
const SHOWN_EVERY = 3; // every third post shows something besides its text, each kind in turn

export interface DemoSourceOptions {
  rate: number; // posts per second
  seed: number;
  now?: () => Date;
}

export class DemoSource extends PacedSource {
  readonly name = 'demo';
  readonly #seed: number;
  #random: () => number;
  readonly #now: () => Date;
  readonly #followed = new Map<string, Query>();
  readonly #fresh = new Set<string>(); // newly followed term keys, woven first so they match at once
  #turn = 0; // round-robin position among followed term keys
  #sequence = 0;

  constructor({ rate, seed, now = () => new Date() }: DemoSourceOptions) {
    super(rate);
    this.#seed = seed;
    this.#random = seededRandom(seed);
    this.#now = now;
  }

  // Ids go on from `made`; the text sequence is reseeded from it, so it goes on too rather
  // than repeating the posts the pages have just seen
  protected carryOn(made: number): void {
    this.#sequence = made;
    this.#random = seededRandom(this.#seed + made);
  }

  override follow(termKey: string, query: Query): void {
    this.#followed.set(termKey, query);
    this.#fresh.add(termKey);
  }

  override unfollow(termKey: string): void {
    this.#followed.delete(termKey);
    this.#fresh.delete(termKey);
  }

  /**
   * The next post alone, for tests that look only at its text. Whatever emits posts
   * must emit draw() instead, or a woven post would reach every term that matches it.
   */
  next(): Post {
    return this.draw().post;
  }

  override draw(): Drawn {
    const picked = this.#pickWoven();
    const woven = picked && this.#weave(picked.query);
    if (picked && woven) return { post: this.#post(woven.text, woven.lang), termKeys: [picked.termKey] };
    const foreign = this.#random() < FOREIGN_SHARE ? this.#pick(FOREIGN) : null;
    return { post: this.#post(foreign?.text ?? this.#sentence(this.#pick(TOPICS)), foreign?.lang ?? 'en') };
  }

  /** Text built around one alternative of the query that matches it, or null when none can. */
  #weave(query: Query): { text: string; lang: string } | null {
    const lang = query.lang ?? 'en';
    const words = this.#pick(query.alternatives).join(' ');
    // A filler word could be one the term mutes; fall back to the bare words, and
    // weave nothing for a term that mutes its own words ("cats -cats").
    for (const text of [this.#sentence(words), words]) if (matches(query, { text, lang })) return { text, lang };
    return null;
  }

  #post(text: string, lang: string): Post {
    const author = this.#pick(AUTHORS);
    this.#sequence += 1;
    // By count, not by chance, so the seeded text sequence stays what it was
    const shown = this.#sequence % SHOWN_EVERY === 0 ? SHOWN[(this.#sequence / SHOWN_EVERY) % SHOWN.length] : undefined;
    return {
      ...shown,
      id: `demo-${this.#sequence}`,
      name: author.name,
      screen_name: author.handle,
      text,
      user_profile_image: `/avatars/${author.avatar}.svg`,
      created_at: this.#now().toISOString(),
      lang,
      url: null,
      profile_url: null,
      source: 'demo',
    };
  }

  /** The term to weave into the next post, or null for a corpus post. */
  #pickWoven(): { termKey: string; query: Query } | null {
    for (const termKey of this.#fresh) {
      this.#fresh.delete(termKey);
      const query = this.#followed.get(termKey);
      if (query) return { termKey, query };
    }
    if (this.#followed.size === 0 || this.#random() >= WEAVE_SHARE) return null;
    const termKeys = [...this.#followed.keys()];
    this.#turn = (this.#turn + 1) % termKeys.length;
    const termKey = termKeys[this.#turn]!;
    return { termKey, query: this.#followed.get(termKey)! };
  }

  #sentence(topic: string): string {
    const closer = this.#pick(CLOSERS);
    // A closer that starts a new sentence ("More soon.") needs the topic to end one
    const parts = [this.#pick(OPENERS), /^[A-Z]/.test(closer) ? `${topic}.` : topic, closer];
    if (this.#random() < 0.4) parts.push(this.#pick(HASHTAGS));
    if (this.#random() < 0.2) parts.push(`@${this.#pick(AUTHORS).handle}`);
    if (this.#random() < 0.5) parts.push(this.#pick(EMOJI));
    return parts.filter(Boolean).join(' ');
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)]!;
  }
}
