// A source the test drives by hand: push a post, set a status, see what is followed.
import type { Post, SourceName, UpstreamState } from '../../lib/contract/events.ts';
import type { Query } from '../../lib/match/query.ts';
import { BaseSource } from '../../lib/sources/source.ts';

let counter = 0;

/** A complete post with `text`; every other field can be overridden. */
export function makePost(text: string, fields: Partial<Post> = {}): Post {
  counter += 1;
  return {
    id: `test-${counter}`,
    name: 'Test Author',
    screen_name: 'tester',
    text,
    user_profile_image: '/avatars/0.svg',
    created_at: new Date().toISOString(),
    lang: 'en',
    url: null,
    profile_url: null,
    source: 'demo',
    ...fields,
  };
}

export class ManualSource extends BaseSource {
  readonly followed = new Map<string, Query>();
  started = false;

  /** `name` picks the page's source label and CSP (a 'bluesky' one allows cdn.bsky.app images). */
  constructor(readonly name: SourceName = 'demo') {
    super();
  }

  start(): void {
    this.started = true;
    this.setStatus('live');
  }

  async stop(): Promise<void> {
    this.started = false;
  }

  override follow(termKey: string, query: Query): void {
    this.followed.set(termKey, query);
  }

  override unfollow(termKey: string): void {
    this.followed.delete(termKey);
  }

  push(text: string, fields: Partial<Post> = {}): Post {
    const post = makePost(text, fields);
    this.emit('post', post);
    return post;
  }

  /** Emits a whole post as it is, say one decoded from a fixture. */
  pushPost(post: Post): void {
    this.emit('post', post);
  }

  announce(state: UpstreamState, message?: string, retryInMs?: number): void {
    this.setStatus(state, message, retryInMs);
  }
}
