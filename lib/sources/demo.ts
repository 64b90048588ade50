// The embedded offline default: a deterministic synthetic firehose that needs no
// account, no key and no network. It weaves the terms being followed into a share
// of its posts, so any search shows a match within seconds.
import type { Post } from '../contract/events.ts';
import { matches } from '../match/match.ts';
import type { Query } from '../match/query.ts';
import { seededRandom } from '../support/random.ts';
import { AUTHORS, CLOSERS, EMOJI, FOREIGN, HASHTAGS, OPENERS, TOPICS } from './demo-corpus.ts';
import { PacedSource } from './paced.ts';

export const WEAVE_SHARE = 0.35; // share of posts built around a followed term
const FOREIGN_SHARE = 0.12; // share of posts not in English

export interface DemoSourceOptions {
  rate: number; // posts per second
  seed: number;
  now?: () => Date;
}

export class DemoSource extends PacedSource {
  readonly name = 'demo';
  readonly #random: () => number;
  readonly #now: () => Date;
  readonly #followed = new Map<string, Query>();
  readonly #fresh = new Set<string>(); // newly followed term keys, woven first so they match at once
  #turn = 0; // round-robin position among followed term keys
  #sequence = 0;

  constructor({ rate, seed, now = () => new Date() }: DemoSourceOptions) {
    super(rate);
    this.#random = seededRandom(seed);
    this.#now = now;
  }

  override follow(termKey: string, query: Query): void {
    this.#followed.set(termKey, query);
    this.#fresh.add(termKey);
  }

  override unfollow(termKey: string): void {
    this.#followed.delete(termKey);
    this.#fresh.delete(termKey);
  }

  next(): Post {
    const query = this.#pickWoven();
    const author = this.#pick(AUTHORS);
    const foreign = !query && this.#random() < FOREIGN_SHARE ? this.#pick(FOREIGN) : null;
    const lang = query?.lang ?? foreign?.lang ?? 'en';
    let text = foreign?.text ?? this.#sentence(this.#pick(TOPICS));
    if (query) {
      const words = this.#pick(query.alternatives).join(' ');
      const woven = this.#sentence(words);
      // A filler word could be one the term mutes; fall back to the bare words.
      text = matches(query, { text: woven, lang }) ? woven : words;
    }
    this.#sequence += 1;
    return {
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

  #pickWoven(): Query | null {
    for (const termKey of this.#fresh) {
      this.#fresh.delete(termKey);
      const query = this.#followed.get(termKey);
      if (query) return query;
    }
    if (this.#followed.size === 0 || this.#random() >= WEAVE_SHARE) return null;
    const termKeys = [...this.#followed.keys()];
    this.#turn = (this.#turn + 1) % termKeys.length;
    return this.#followed.get(termKeys[this.#turn]!) ?? null;
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
