// Replays a JSON-lines file of posts in the `tweets` shape, in order, at a steady
// pace, then loops. Handy for demos, workshops and load tests.
import { readFileSync, statSync } from 'node:fs';
import type { Post } from '../contract/events.ts';
import { toPost } from './post.ts';
import { PacedSource } from './paced.ts';

export const MAX_REPLAY_BYTES = 64 * 1024 * 1024; // a replay file is read whole, so bound it

export interface FileSourceOptions {
  path: string;
  rate: number; // posts per second
  now?: () => Date;
}

export interface ReplayFile {
  posts: Post[];
  skipped: number; // lines that were blank-free but not usable posts
}

/** Reads and checks a replay file; throws one clear sentence when it cannot be used. */
export function readReplayFile(path: string, now = new Date()): ReplayFile {
  let content: string;
  try {
    // Checked before reading, so an oversized file is never loaded
    if (statSync(path).size > MAX_REPLAY_BYTES) throw new RangeError();
    content = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof RangeError) throw new Error(`STREAM_FILE is larger than ${MAX_REPLAY_BYTES / 1024 / 1024} MB: ${path}`);
    throw new Error(`STREAM_FILE cannot be read: ${path}`);
  }
  const posts: Post[] = [];
  let skipped = 0;
  content.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const post = toPost(parseJson(line), 'file', `file-${index + 1}`, now);
    if (post) posts.push(post);
    else skipped += 1;
  });
  if (posts.length === 0) throw new Error(`STREAM_FILE has no usable posts (each line needs a "text"): ${path}`);
  return { posts, skipped };
}

export class FileSource extends PacedSource {
  readonly name = 'file';
  readonly skipped: number;
  readonly #posts: Post[];
  readonly #now: () => Date;
  #position = 0;

  constructor({ path, rate, now = () => new Date() }: FileSourceOptions) {
    super(rate);
    const replay = readReplayFile(path, now());
    this.#posts = replay.posts;
    this.skipped = replay.skipped;
    this.#now = now;
  }

  protected carryOn(made: number): void {
    this.#position = made;
  }

  /** The next post in file order, looping at the end. Times are restamped to now. */
  next(): Post {
    const post = this.#posts[this.#position % this.#posts.length]!;
    const loop = Math.floor(this.#position / this.#posts.length);
    this.#position += 1;
    // Each pass gets fresh ids, so a looping replay never looks like duplicates.
    const id = loop === 0 ? post.id : `${post.id}~${loop}`;
    return { ...post, id, created_at: this.#now().toISOString() };
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
